package io.kairos.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The camel-kamelets conventions a connector in connectors/ follows: name = file name, a -source, -sink or -action
 * suffix matching its type label and title, and every property documented with a title, a description and a type,
 * secrets marked {@code format: password}.
 */
final class KameletConventions {

    static final String SUFFIX = ".kamelet.yaml";

    private KameletConventions() {
    }

    static List<ConfigProblem> check(String file, YamlDocument kamelet) {
        List<ConfigProblem> problems = new ArrayList<>();
        JsonNode root = kamelet.root();
        String fileName = file.substring(file.lastIndexOf('/') + 1);
        String name = root.path("metadata").path("name").asText("");
        if (!fileName.equals(name + SUFFIX)) {
            problems.add(problem(file, kamelet, "/metadata/name", "metadata.name '" + name
                    + "' must be the file name without " + SUFFIX));
        }
        if (!"Kamelet".equals(root.path("kind").asText())) {
            problems.add(problem(file, kamelet, "/kind", "kind must be Kamelet"));
        }
        String type = name.endsWith("-source") ? "source" : name.endsWith("-sink") ? "sink"
                : name.endsWith("-action") ? "action" : null;
        if (type == null) {
            problems.add(problem(file, kamelet, "/metadata/name", "the name must end in -source, -sink or -action"));
        } else {
            String label = root.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText("");
            if (!type.equals(label)) {
                problems.add(problem(file, kamelet, "/metadata/labels", "label camel.apache.org/kamelet.type must be '"
                        + type + "'"));
            }
            String suffix = Character.toUpperCase(type.charAt(0)) + type.substring(1);
            if (!root.path("spec").path("definition").path("title").asText("").endsWith(suffix)) {
                problems.add(problem(file, kamelet, "/spec/definition/title", "the title must end in " + suffix));
            }
        }
        JsonNode definition = root.path("spec").path("definition");
        if (definition.path("description").asText("").isBlank()) {
            problems.add(problem(file, kamelet, "/spec/definition", "the definition needs a description"));
        }
        JsonNode properties = definition.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String at = "/spec/definition/properties/" + property.getKey();
            if (!property.getKey().matches("[a-z][a-zA-Z0-9]*")) {
                problems.add(keyProblem(file, kamelet, at, "property '" + property.getKey() + "' must be camelCase"));
            }
            for (String field : List.of("title", "description", "type")) {
                if (property.getValue().path(field).asText("").isBlank()) {
                    problems.add(keyProblem(file, kamelet, at, "property '" + property.getKey() + "' needs a " + field));
                }
            }
            String lower = property.getKey().toLowerCase(Locale.ROOT);
            if ((lower.contains("secret") || lower.contains("token") || lower.contains("password"))
                    && !"password".equals(property.getValue().path("format").asText())) {
                problems.add(keyProblem(file, kamelet, at, "secret property '" + property.getKey()
                        + "' must be marked format: password"));
            }
        }
        for (JsonNode required : definition.path("required")) {
            if (!properties.has(required.asText())) {
                problems.add(problem(file, kamelet, "/spec/definition/required", "required property '"
                        + required.asText() + "' is not defined"));
            }
        }
        if (root.path("spec").path("template").isMissingNode()) {
            problems.add(problem(file, kamelet, "/spec", "spec.template is missing"));
        }
        return problems;
    }

    private static ConfigProblem keyProblem(String file, YamlDocument kamelet, String pointer, String message) {
        return new ConfigProblem(file, kamelet.lineOfKey(pointer), message);
    }

    private static ConfigProblem problem(String file, YamlDocument kamelet, String pointer, String message) {
        return new ConfigProblem(file, kamelet.lineOf(pointer), message);
    }
}
