package io.kairos.config;

import com.fasterxml.jackson.databind.JsonNode;
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
 * audience is not an Order's contact.
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
            if (kind.has("sources")) {
                kind.path("sources").forEach(source -> sources.add(SignalKind.Source.valueOf(
                        yamlEnum(source.asText()))));
            } else {
                sources.addAll(List.of(SignalKind.Source.PLATFORM_EVENT, SignalKind.Source.API));
            }
            if (sources.contains(SignalKind.Source.ORDER_CHANGE) && audience != SignalKind.Audience.ORDER_CONTACT) {
                problems.add(new ConfigProblem(PATH, document.lineOf(pointer + "/sources"), pointer
                        + "/sources: order-change makes signals about an Order, so the audience must be "
                        + "order-contact, not " + audience.yamlName()));
            }
            kinds.add(new SignalKind(Signal.Type.valueOf(entry.getKey()), kind.path("description").asText(""),
                    audience, sources));
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

    private static String yamlEnum(String value) {
        return value.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
