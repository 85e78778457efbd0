package io.kairos.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.proactive.ChangeRule;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.kairos.proactive.SignalKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * Reads config/signals.yaml (already checked against its schema) into the signal catalog; without the file, the
 * kinds Kairos ships. What the schema cannot say is a problem with its line: an order-change source on a kind whose
 * audience is not an Order's contact, a change-event source whose record the audience cannot read, a role on an
 * audience without one, a platform-event source whose channel is no platform event's (or is taken by another kind),
 * whose mapping names a field that is no API name or lacks what the audience starts from.
 */
final class SignalCatalogFile {

    static final String PATH = "config/signals.yaml";

    // The org's own platform event: /event/<API name>__e (Kairos_Signal__e is the plain platform-event source's).
    private static final String NAME = "(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__)?[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*";
    private static final Pattern EVENT_CHANNEL = Pattern.compile("/event/" + NAME + "__e");
    // A Salesforce API name: letters, digits and single underscores, a namespace prefix and a __c suffix allowed.
    private static final Pattern API_NAME = Pattern.compile(NAME + "(?:__c)?");
    private static final String KAIROS_CHANNEL = "/event/Kairos_Signal__e";
    private static final Pattern SCHEDULED_SOQL =
            Pattern.compile("(?is)SELECT\\s+Id\\s+FROM\\s+(\\w+)(\\s+WHERE\\s+.+)?");

    private SignalCatalogFile() {
    }

    static SignalCatalog read(YamlDocument document, List<ConfigProblem> problems) {
        if (document == null) {
            return SignalCatalog.BUILT_IN;
        }
        List<SignalKind> kinds = new ArrayList<>();
        // Channel → where the catalog names it as a platform-event source, in document order.
        Map<String, List<String>> eventPointers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.root().path("kinds").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String pointer = "/kinds/" + entry.getKey();
            JsonNode kind = entry.getValue();
            SignalKind.Audience audience = SignalKind.Audience.valueOf(yamlEnum(kind.path("audience").asText()));
            Set<SignalKind.Source> sources = EnumSet.noneOf(SignalKind.Source.class);
            List<SignalKind.Schedule> schedules = new ArrayList<>();
            List<ChangeRule> rules = new ArrayList<>();
            List<SignalKind.EventSource> events = new ArrayList<>();
            // Where each rule sits in sources, so a problem names its line.
            List<String> rulePointers = new ArrayList<>();
            if (kind.has("sources")) {
                for (int i = 0; i < kind.path("sources").size(); i++) {
                    JsonNode source = kind.path("sources").path(i);
                    if (source.has("schedule")) {
                        schedule(document, pointer + "/sources/" + i + "/schedule", source.get("schedule"),
                                audience, problems).ifPresent(schedules::add);
                    } else if (source.has("platform-event")) {
                        sources.add(SignalKind.Source.MAPPED_EVENT);
                        String at = pointer + "/sources/" + i + "/platform-event";
                        eventSource(document, at, source.get("platform-event"), audience, problems)
                                .ifPresent(event -> {
                                    events.add(event);
                                    eventPointers.computeIfAbsent(event.channel(), c -> new ArrayList<>()).add(at);
                                });
                    } else if (source.isObject()) {
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
            scheduleProblems(document, pointer, audience, rules, schedules, problems);
            String role = kind.hasNonNull("audience-role") ? kind.path("audience-role").asText().trim() : null;
            if (role != null && audience != SignalKind.Audience.ACCOUNT_CONTACTS) {
                problems.add(new ConfigProblem(PATH, document.lineOf(pointer + "/audience-role"), pointer
                        + "/audience-role: only an account-contacts audience has a role, not "
                        + audience.yamlName()));
            }
            kinds.add(new SignalKind(Signal.Type.valueOf(entry.getKey()), kind.path("description").asText(""),
                    audience, sources, rules, role, schedules, tickets(kind.path("open-tickets")), events));
        }
        eventPointers.forEach((channel, at) -> {
            if (at.size() > 1) {
                problems.add(new ConfigProblem(PATH, document.lineOf(at.get(1) + "/channel"), at.get(1)
                        + "/channel: " + channel + " is already the source at " + at.get(0) + ": an event becomes "
                        + "one signal, so a channel is the source of one kind, once"));
            }
        });
        List<String> orderChange = kinds.stream().filter(k -> k.accepts(SignalKind.Source.ORDER_CHANGE))
                .map(k -> k.type().name()).toList();
        if (orderChange.size() > 1) {
            problems.add(new ConfigProblem(PATH, document.lineOf("/kinds/" + orderChange.get(1) + "/sources"),
                    "order-change is the source of " + String.join(" and ", orderChange)
                            + ": an Order change event becomes one signal, so one kind at most"));
        }
        return SignalCatalog.of(kinds);
    }

    /**
     * A scheduled source, or a problem: its query selects record ids from one object, and the kind's audience can
     * start from such a record.
     */
    private static Optional<SignalKind.Schedule> schedule(YamlDocument document, String pointer, JsonNode schedule,
                                                          SignalKind.Audience audience, List<ConfigProblem> problems) {
        String soql = schedule.path("soql").asText().strip();
        Matcher query = SCHEDULED_SOQL.matcher(soql);
        String problem = null;
        if (!query.matches() || soql.contains(";")) {
            problem = "soql must be one query of the form SELECT Id FROM <object> [WHERE ...], was: " + soql;
        } else if (audience == SignalKind.Audience.ORDER_CONTACT && !"Order".equalsIgnoreCase(query.group(1))) {
            problem = "soql selects " + query.group(1) + " records, but an order-contact kind starts from an Order";
        } else if (audience == SignalKind.Audience.PRODUCT_OWNERS || audience == SignalKind.Audience.CONTACTS_WHERE) {
            problem = "a " + audience.yamlName() + " kind has no record to start from: a scheduled source needs an "
                    + "audience of the record (order-contact or account-contacts)";
        }
        if (problem != null) {
            problems.add(new ConfigProblem(PATH, document.lineOf(pointer + "/soql"), pointer + "/soql: " + problem));
            return Optional.empty();
        }
        Signal.Severity severity = schedule.has("severity") ? Signal.Severity.valueOf(schedule.get("severity").asText())
                : Signal.Severity.NORMAL;
        Duration oncePer = schedule.has("once-per") ? DurationStyle.detectAndParse(schedule.get("once-per").asText())
                : Duration.ofDays(30);
        return Optional.of(new SignalKind.Schedule(DurationStyle.detectAndParse(schedule.path("every").asText()), soql,
                schedule.path("title").asText(), severity, oncePer));
    }

    /**
     * A platform-event source on the org's own channel, or problems: the channel is a platform event's (not Kairos's
     * own, which the plain platform-event source reads by Type__c), each mapped field is an API name, and the kind's
     * audience gets what it starts from (a recordId for a record's contacts, a product for its owners).
     */
    private static Optional<SignalKind.EventSource> eventSource(YamlDocument document, String pointer, JsonNode event,
                                                                SignalKind.Audience audience,
                                                                List<ConfigProblem> problems) {
        int before = problems.size();
        String channel = event.path("channel").asText();
        if (!EVENT_CHANNEL.matcher(channel).matches()) {
            problems.add(new ConfigProblem(PATH, document.lineOf(pointer + "/channel"), pointer + "/channel: '"
                    + channel + "' is not a platform event channel: /event/<its API name>, ending __e, e.g. "
                    + "/event/Order_Delayed__e"));
        } else if (KAIROS_CHANNEL.equals(channel)) {
            problems.add(new ConfigProblem(PATH, document.lineOf(pointer + "/channel"), pointer + "/channel: "
                    + channel + " is Kairos's own channel, whose events name their kind in Type__c: use the source "
                    + "platform-event (no mapping)"));
        }
        JsonNode fields = event.path("fields");
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getValue().asText();
            if (!API_NAME.matcher(name).matches()) {
                problems.add(new ConfigProblem(PATH, document.lineOf(pointer + "/fields/" + field.getKey()), pointer
                        + "/fields/" + field.getKey() + ": '" + name + "' is not a Salesforce API name (letters, "
                        + "digits and single underscores, e.g. Order__c)"));
            }
        }
        String needed = switch (audience) {
            case ORDER_CONTACT, ACCOUNT_CONTACTS -> "recordId";
            case PRODUCT_OWNERS -> "product";
            case CONTACTS_WHERE -> null;
        };
        if (needed != null && !fields.hasNonNull(needed)) {
            problems.add(new ConfigProblem(PATH, document.lineOf(pointer), pointer + ": the audience " + audience.yamlName()
                    + " starts from the signal's " + needed + ", so fields must map " + needed
                    + " to the event field that holds it"));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        Signal.Severity severity = event.has("severity") ? Signal.Severity.valueOf(event.get("severity").asText())
                : Signal.Severity.NORMAL;
        return Optional.of(new SignalKind.EventSource(channel, new SignalKind.EventFields(
                mapped(fields, "recordId"), mapped(fields, "title"), mapped(fields, "body"), mapped(fields, "severity"),
                mapped(fields, "product"), mapped(fields, "startsAt"), mapped(fields, "endsAt")), severity));
    }

    private static String mapped(JsonNode fields, String key) {
        return fields.hasNonNull(key) ? fields.get(key).asText() : null;
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

    /** An account-contacts kind reads its record's Account: its schedules select what its change rules name. */
    private static void scheduleProblems(YamlDocument document, String pointer, SignalKind.Audience audience,
                                         List<ChangeRule> rules, List<SignalKind.Schedule> schedules,
                                         List<ConfigProblem> problems) {
        if (audience != SignalKind.Audience.ACCOUNT_CONTACTS) {
            return;
        }
        String entity = rules.isEmpty() ? "Account" : rules.get(0).entity();
        for (SignalKind.Schedule schedule : schedules) {
            Matcher query = SCHEDULED_SOQL.matcher(schedule.soql());
            if (query.matches() && !entity.equalsIgnoreCase(query.group(1))) {
                problems.add(new ConfigProblem(PATH, document.lineOf(pointer + "/sources"), pointer + "/sources: "
                        + "a scheduled source selects " + query.group(1) + " records, but this account-contacts kind "
                        + "reads the Account of " + entity + " records"));
            }
        }
    }

    /**
     * What a ticket about the kind carries, when the entry says (else null: the kairos.open-tickets properties); an
     * entry that only names its note template says nothing about it.
     */
    private static SignalKind.TicketHints tickets(JsonNode openTickets) {
        if (!openTickets.has("tags") && !openTickets.has("terms")) {
            return null;
        }
        List<String> tags = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        openTickets.path("tags").forEach(tag -> tags.add(tag.asText()));
        openTickets.path("terms").forEach(term -> terms.add(term.asText()));
        return new SignalKind.TicketHints(tags, terms);
    }

    private static String yamlEnum(String value) {
        return value.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
