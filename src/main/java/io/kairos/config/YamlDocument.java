package io.kairos.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML file read as JSON for schema validation, remembering the line of every value so that a problem found at a
 * JSON pointer is reported at its line in the file.
 */
final class YamlDocument {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlDocument(JsonNode root, Map<String, Integer> lines) {
        this.root = root;
        this.lines = lines;
    }

    /** Parses the text; throws {@link ConfigRejectedException} with the line of a syntax error. */
    static YamlDocument parse(String file, String text) {
        Node node;
        try {
            node = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigRejectedException(new ConfigProblem(file, line, "YAML syntax error: " + e.getProblem()));
        } catch (YAMLException e) {
            throw new ConfigRejectedException(new ConfigProblem(file, 0, "YAML syntax error: " + e.getMessage()));
        }
        Map<String, Integer> lines = new HashMap<>();
        JsonNode root = node == null ? JSON.objectNode() : toJson(node, "", lines);
        return new YamlDocument(root, lines);
    }

    JsonNode root() {
        return root;
    }

    /** The line of the value at this JSON pointer, or of its nearest parent that has one; 0 when none. */
    int lineOf(String pointer) {
        String at = pointer == null ? "" : pointer;
        while (true) {
            Integer line = lines.get(at);
            if (line != null) {
                return line;
            }
            if (at.isEmpty()) {
                return 0;
            }
            at = at.substring(0, Math.max(at.lastIndexOf('/'), 0));
        }
    }

    private static JsonNode toJson(Node node, String pointer, Map<String, Integer> lines) {
        lines.put(pointer, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JSON.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue()
                        : String.valueOf(tuple.getKeyNode());
                String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                // The key's line, so an unknown or misspelt key is reported where it is written.
                lines.put(child + "#key", tuple.getKeyNode().getStartMark().getLine() + 1);
                object.set(key, toJson(tuple.getValueNode(), child, lines));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                array.add(toJson(item, pointer + "/" + i++, lines));
            }
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (Tag.INT.equals(tag)) {
                BigInteger number = new BigInteger(value.replace("_", ""));
                return number.bitLength() < 64 ? JSON.numberNode(number.longValue()) : JSON.numberNode(number);
            }
            if (Tag.FLOAT.equals(tag)) {
                return JSON.numberNode(Double.parseDouble(value.replace("_", "")));
            }
        } catch (NumberFormatException e) {
            return JSON.textNode(value);
        }
        if (Tag.BOOL.equals(tag)) {
            // YAML 1.1 booleans: yes/no and on/off too (send-time: on), not only true/false.
            return JSON.booleanNode(java.util.Set.of("true", "yes", "on")
                    .contains(value.toLowerCase(java.util.Locale.ROOT)));
        }
        if (Tag.NULL.equals(tag)) {
            return JSON.nullNode();
        }
        return JSON.textNode(value);
    }

    /** The line of a key (for problems about the key itself, e.g. one the schema does not allow). */
    int lineOfKey(String pointer) {
        Integer line = lines.get(pointer + "#key");
        return line != null ? line : lineOf(pointer);
    }
}
