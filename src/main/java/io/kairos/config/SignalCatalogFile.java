package io.kairos.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.proactive.ChangeRule;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.kairos.proactive.SignalKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads config/signals.yaml (already checked against its schema) into the signal catalog; without the file, the
 * kinds Kairos ships. What the schema cannot say is a problem with its line: an order-change source on a kind whose
 * audience is not an Order's contact, a change-event source whose record the audience cannot read, a role on an
 * audience without one.
 */
final class SignalCatalogFile {

    static final String PATH = "config/signals.yaml";

    private SignalCatalogFile() {
    }

    static SignalCatalog read(YamlDocument document, List<ConfigProblem> problems) {
        if (document == null) {
            return SignalCatalog.BUILT_IN;
        }
        List<SignalKind> kinds = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.root().path("kinds").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String pointer = "/kinds/" + entry.getKey();
            JsonNode kind = entry.getValue();
            SignalKind.Audience audience = SignalKind.Audience.valueOf(yamlEnum(kind.path("audience").asText()));
            Set<SignalKind.Source> sources = EnumSet.noneOf(SignalKind.Source.class);
            List<ChangeRule> rules = new ArrayList<>();
            // Where each rule sits in sources, so a problem names its line.
            List<String> rulePointers = new ArrayList<>();
            if (kind.has("sources")) {
                for (int i = 0; i < kind.path("sources").size(); i++) {
                    JsonNode source = kind.path("sources").path(i);
                    if (source.isObject()) {
                        sources.add(SignalKind.Source.CHANGE_EVENT);
                        rules.add(changeRule(source.path("change-event")));
                        rulePointers.add(pointer + "/sources/" + i);
                    } else {
                        sources.add(SignalKind.Source.valueOf(yamlEnum(source.asText())));
                    }
                }
            } else {
                sources.addAll(List.of(SignalKind.Source.PLATFORM_EVENT, SignalKind.Source.API));
            }
            if (sources.contains(SignalKind.Source.ORDER_CHANGE) && audience != SignalKind.Audience.ORDER_CONTACT) {
                problems.add(new ConfigProblem(PATH, document.lineOf(pointer + "/sources"), pointer
                        + "/sources: order-change makes signals about an Order, so the audience must be "
                        + "order-contact, not " + audience.yamlName()));
            }
            changeRuleProblems(document, rulePointers, audience, rules, problems);
            String role = kind.hasNonNull("audience-role") ? kind.path("audience-role").asText().trim() : null;
            if (role != null && audience != SignalKind.Audience.ACCOUNT_CONTACTS) {
                problems.add(new ConfigProblem(PATH, document.lineOf(pointer + "/audience-role"), pointer
                        + "/audience-role: only an account-contacts audience has a role, not "
                        + audience.yamlName()));
            }
            kinds.add(new SignalKind(Signal.Type.valueOf(entry.getKey()), kind.path("description").asText(""),
                    audience, sources, rules, role));
        }
        List<String> orderChange = kinds.stream().filter(k -> k.accepts(SignalKind.Source.ORDER_CHANGE))
                .map(k -> k.type().name()).toList();
        if (orderChange.size() > 1) {
            problems.add(new ConfigProblem(PATH, document.lineOf("/kinds/" + orderChange.get(1) + "/sources"),
                    "order-change is the source of " + String.join(" and ", orderChange)
                            + ": an Order change event becomes one signal, so one kind at most"));
        }
        return SignalCatalog.of(kinds);
    }

    private static ChangeRule changeRule(JsonNode source) {
        for (ChangeRule.Condition condition : ChangeRule.Condition.values()) {
            JsonNode value = source.path(condition.yamlName());
            if (!value.isMissingNode() && !value.isNull()) {
                return new ChangeRule(source.path("channel").asText(), source.path("entity").asText(),
                        source.path("field").asText(), condition, value.asText());
            }
        }
        // The schema requires exactly one condition.
        throw new IllegalStateException("change-event without a condition passed the schema: " + source);
    }

    /**
     * What a change rule cannot do for its kind's audience: the record it names must be what the audience reads (an
     * Order for order-contact; one object, the Account or one with an AccountId, for account-contacts), and a
     * change event carries no product for product-owners.
     */
    private static void changeRuleProblems(YamlDocument document, List<String> pointers,
                                           SignalKind.Audience audience, List<ChangeRule> rules,
                                           List<ConfigProblem> problems) {
        for (int i = 0; i < rules.size(); i++) {
            ChangeRule rule = rules.get(i);
            String at = pointers.get(i);
            String problem = switch (audience) {
                case ORDER_CONTACT -> "Order".equals(rule.entity()) ? null : "an order-contact audience reads the "
                        + "Order the signal names, so a change-event must be on entity Order, not " + rule.entity();
                case PRODUCT_OWNERS -> "a change event carries no product, so a product-owners kind cannot take "
                        + "change-event sources";
                case ACCOUNT_CONTACTS -> rule.entity().equals(rules.get(0).entity()) ? null : "an account-contacts "
                        + "kind reads one object's AccountId, but its change-event sources name "
                        + rules.get(0).entity() + " and " + rule.entity() + ": use one kind per object";
                // Its audience is kairos.proactive.default-audience: a change event carries no clause of its own.
                case CONTACTS_WHERE -> null;
            };
            if (problem != null) {
                problems.add(new ConfigProblem(PATH, document.lineOf(at), at + ": " + problem));
                return;
            }
        }
    }

    private static String yamlEnum(String value) {
        return value.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
