package io.kairos.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks secrets wherever Kairos shows text it did not write itself: log lines (plain and JSON), and stored payloads
 * on the admin page. camel-zendesk puts endpoint options, its token included, into exception texts.
 */
public final class SecretMask {

    /** The same rule as the plain-text log pattern in application.yaml. */
    private static final Pattern KEY_VALUE = Pattern.compile("(?i)(token|password|secret)=[^,&\\s}]+");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer|basic) [A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern SECRET_FIELD =
            Pattern.compile("(?i).*(token|password|secret|authorization|api[_-]?key|signature|credential).*");

    public static final String MASK = "***";

    private SecretMask() {
    }

    /** The text with {@code token=…}, {@code password=…}, {@code secret=…} and bearer credentials masked. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = KEY_VALUE.matcher(text).replaceAll("$1=" + MASK);
        return BEARER.matcher(masked).replaceAll("$1 " + MASK);
    }

    /** Whether a JSON field or header of this name holds a secret. */
    public static boolean isSecretName(String name) {
        return name != null && SECRET_FIELD.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /** A copy of the JSON with secret-named fields replaced by {@value #MASK} and every text masked as above. */
    public static JsonNode mask(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            node.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                copy.set(field.getKey(), isSecretName(field.getKey()) && !field.getValue().isNull()
                        && !field.getValue().isContainerNode() ? TextNode.valueOf(MASK) : mask(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(mask(element)));
            return copy;
        }
        return node.isTextual() ? TextNode.valueOf(mask(node.asText())) : node;
    }
}
