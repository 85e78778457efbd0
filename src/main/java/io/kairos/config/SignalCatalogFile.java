package io.kairos.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.kairos.proactive.SignalKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
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
 * audience is not an Order's contact.
 */
final class SignalCatalogFile {

    static final String PATH = "config/signals.yaml";

    private static final Pattern SCHEDULED_SOQL =
            Pattern.compile("(?is)SELECT\\s+Id\\s+FROM\\s+(\\w+)(\\s+WHERE\\s+.+)?");

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
            List<SignalKind.Schedule> schedules = new ArrayList<>();
            if (kind.has("sources")) {
                JsonNode listed = kind.path("sources");
                for (int i = 0; i < listed.size(); i++) {
                    JsonNode source = listed.get(i);
                    if (source.has("schedule")) {
                        schedule(document, pointer + "/sources/" + i + "/schedule", source.get("schedule"),
                                audience, problems).ifPresent(schedules::add);
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
            kinds.add(new SignalKind(Signal.Type.valueOf(entry.getKey()), kind.path("description").asText(""),
                    audience, sources, schedules));
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
                    + "audience of the record (order-contact)";
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

    private static String yamlEnum(String value) {
        return value.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
