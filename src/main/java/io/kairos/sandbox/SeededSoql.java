package io.kairos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Answers the SOQL Kairos sends (field paths, child subqueries, {@code =} and {@code IN} filters joined by AND,
 * ORDER BY, LIMIT) from seeded records, in the JSON of Salesforce's query resource.
 */
final class SeededSoql {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern SUBQUERY = Pattern.compile("\\(\\s*SELECT\\b[^()]*\\)", FLAGS);
    private static final Pattern PLACEHOLDER = Pattern.compile("#(\\d+)");
    private static final String TAIL =
            "(?:\\s+ORDER\\s+BY\\s+(?<order>[\\w.]+)(?:\\s+(?<dir>ASC|DESC))?)?(?:\\s+LIMIT\\s+(?<limit>\\d+))?";
    private static final Pattern QUERY = Pattern.compile(
            "\\s*SELECT\\s+(?<fields>.+?)\\s+FROM\\s+(?<object>\\w+)(?:\\s+WHERE\\s+(?<where>.+?))?" + TAIL + "\\s*", FLAGS);
    private static final Pattern CHILD_QUERY = Pattern.compile(
            "\\(\\s*SELECT\\s+(?<fields>.+?)\\s+FROM\\s+(?<object>\\w+)" + TAIL + "\\s*\\)", FLAGS);
    private static final Pattern AND = Pattern.compile("\\s+AND\\s+", FLAGS);
    private static final String LITERAL = "'((?:[^'\\\\]|\\\\.)*)'";
    private static final Pattern EQUALS = Pattern.compile("(?<field>[\\w.]+)\\s*=\\s*" + LITERAL, FLAGS);
    private static final Pattern IN = Pattern.compile("(?<field>[\\w.]+)\\s+IN\\s*\\((?<values>[^)]*)\\)", FLAGS);
    private static final Pattern IN_VALUE = Pattern.compile("\\s*" + LITERAL + "\\s*(?:,|$)");

    private final Map<String, List<SObject>> org;

    SeededSoql(Map<String, List<SObject>> org) {
        this.org = Map.copyOf(org);
    }

    /** The query result, or a 400 with Salesforce's error array when the query is not one the sandbox can answer. */
    ObjectNode query(String soql, String apiVersion) {
        List<String> subqueries = new ArrayList<>();
        Matcher sub = SUBQUERY.matcher(soql == null ? "" : soql);
        StringBuilder outer = new StringBuilder();
        while (sub.find()) {
            sub.appendReplacement(outer, "#" + subqueries.size());
            subqueries.add(sub.group());
        }
        sub.appendTail(outer);

        Matcher query = QUERY.matcher(outer);
        if (!query.matches()) {
            throw unsupported();
        }
        String object = canonicalObject(query.group("object"));
        Predicate<SObject> filter = where(query.group("where"), object);
        List<SObject> records = sortAndLimit(org.get(object).stream().filter(filter).toList(), query, object);
        List<String> fields = selectList(query.group("fields"));

        ArrayNode out = JSON.arrayNode();
        for (SObject record : records) {
            out.add(project(record, fields, subqueries, apiVersion));
        }
        ObjectNode result = JSON.objectNode().put("totalSize", records.size()).put("done", true);
        result.set("records", out);
        return result;
    }

    private ObjectNode project(SObject record, List<String> fields, List<String> subqueries, String apiVersion) {
        ObjectNode out = attributes(record, apiVersion);
        for (String field : fields) {
            Matcher placeholder = PLACEHOLDER.matcher(field);
            if (placeholder.matches()) {
                children(out, record, subqueries.get(Integer.parseInt(placeholder.group(1))), apiVersion);
            } else {
                putPath(out, record, field.split("\\."), 0, apiVersion);
            }
        }
        return out;
    }

    private void children(ObjectNode out, SObject parent, String subquery, String apiVersion) {
        Matcher query = CHILD_QUERY.matcher(subquery);
        if (!query.matches()) {
            throw unsupported();
        }
        String relationship = query.group("object");
        Map.Entry<String, Object> field = parent.field(relationship)
                .filter(f -> f.getValue() instanceof List<?>)
                .orElseThrow(() -> error("INVALID_TYPE", "Didn't understand relationship '" + relationship
                        + "' in FROM part of query call."));
        List<SObject> children = sortAndLimit(sobjects((List<?>) field.getValue()), query, relationship);
        if (children.isEmpty()) {
            out.putNull(field.getKey());
            return;
        }
        List<String> fields = selectList(query.group("fields"));
        ArrayNode records = JSON.arrayNode();
        children.forEach(child -> records.add(project(child, fields, List.of(), apiVersion)));
        ObjectNode result = out.putObject(field.getKey()).put("totalSize", children.size()).put("done", true);
        result.set("records", records);
    }

    private void putPath(ObjectNode out, SObject record, String[] path, int index, String apiVersion) {
        Map.Entry<String, Object> field = record.field(path[index])
                .orElseThrow(() -> invalidField(path[index], record.type()));
        Object value = field.getValue();
        if (index == path.length - 1) {
            if (value instanceof SObject || value instanceof List<?>) {
                throw invalidField(path[index], record.type());
            }
            out.set(field.getKey(), scalar(value));
        } else if (value == null) {
            out.putNull(field.getKey());
        } else if (value instanceof SObject parent) {
            JsonNode existing = out.get(field.getKey());
            ObjectNode nested = existing instanceof ObjectNode node ? node : attributes(parent, apiVersion);
            out.set(field.getKey(), nested);
            putPath(nested, parent, path, index + 1, apiVersion);
        } else {
            throw invalidField(path[index], record.type());
        }
    }

    private Predicate<SObject> where(String where, String object) {
        Predicate<SObject> all = record -> true;
        if (where == null) {
            return all;
        }
        for (String condition : AND.split(where.trim())) {
            Matcher equals = EQUALS.matcher(condition.trim());
            Matcher in = IN.matcher(condition.trim());
            if (equals.matches()) {
                String field = equals.group("field");
                String literal = unescape(equals.group(2));
                all = all.and(record -> literal.equalsIgnoreCase(text(record, field, object)));
            } else if (in.matches()) {
                String field = in.group("field");
                List<String> values = literals(in.group("values"));
                all = all.and(record -> values.stream().anyMatch(v -> v.equalsIgnoreCase(text(record, field, object))));
            } else {
                throw unsupported();
            }
        }
        return all;
    }

    private List<SObject> sortAndLimit(List<SObject> records, Matcher query, String object) {
        List<SObject> result = new ArrayList<>(records);
        String order = query.group("order");
        if (order != null) {
            Comparator<String> direction = "DESC".equalsIgnoreCase(query.group("dir"))
                    ? Comparator.reverseOrder() : Comparator.naturalOrder();
            result.sort(Comparator.comparing(r -> text(r, order, object), Comparator.nullsLast(direction)));
        }
        String limit = query.group("limit");
        return limit == null ? result : result.subList(0, Math.min(result.size(), Integer.parseInt(limit)));
    }

    /** A field's value as text for filtering and ordering; seeded dates are ISO strings, so text order is time order. */
    private static String text(SObject record, String path, String object) {
        Object value = record;
        for (String name : path.split("\\.")) {
            if (!(value instanceof SObject current)) {
                return null;
            }
            value = current.field(name).orElseThrow(() -> invalidField(name, object)).getValue();
        }
        return value == null || value instanceof SObject || value instanceof List<?> ? null : String.valueOf(value);
    }

    private String canonicalObject(String name) {
        return org.keySet().stream().filter(name::equalsIgnoreCase).findFirst().orElseThrow(SeededSoql::unsupported);
    }

    private static ObjectNode attributes(SObject record, String apiVersion) {
        ObjectNode out = JSON.objectNode();
        ObjectNode attributes = out.putObject("attributes").put("type", record.type());
        if (record.id() != null) {
            attributes.put("url", "/services/data/" + apiVersion + "/sobjects/" + record.type() + "/" + record.id());
        }
        return out;
    }

    private static JsonNode scalar(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Double d) {
            return JSON.numberNode(d);
        }
        return JSON.textNode(String.valueOf(value));
    }

    private static List<String> selectList(String fields) {
        return List.of(fields.trim().split("\\s*,\\s*"));
    }

    private static List<String> literals(String values) {
        List<String> result = new ArrayList<>();
        Matcher literal = IN_VALUE.matcher(values);
        int end = 0;
        while (literal.find() && literal.start() == end) {
            result.add(unescape(literal.group(1)));
            end = literal.end();
        }
        if (end != values.length() || result.isEmpty()) {
            throw unsupported();
        }
        return result;
    }

    /** SOQL string escapes: a backslash makes the next character literal ({@code \'} is a quote). */
    private static String unescape(String literal) {
        return literal.replaceAll("\\\\(.)", "$1");
    }

    private static List<SObject> sobjects(List<?> values) {
        return values.stream().map(SObject.class::cast).toList();
    }

    private static SandboxApiException invalidField(String field, String object) {
        return error("INVALID_FIELD", "No such column '" + field + "' on entity '" + object + "'. If you are "
                + "attempting to use a custom field, be sure to append the '__c' after the custom field name.");
    }

    static SandboxApiException unsupported() {
        return error("MALFORMED_QUERY", "unsupported query in sandbox");
    }

    static SandboxApiException error(String errorCode, String message) {
        ArrayNode body = JSON.arrayNode();
        body.addObject().put("message", message).put("errorCode", errorCode);
        return new SandboxApiException(HttpStatus.BAD_REQUEST, body);
    }
}
