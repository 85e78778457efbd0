package io.kairos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Answers the SOQL Kairos sends (field paths, child subqueries, WHERE clauses as {@link SoqlWhere} reads them,
 * semi-joins, ORDER BY, LIMIT) from seeded records, in the JSON of Salesforce's query resource.
 */
final class SeededSoql {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern SELECT = Pattern.compile("\\(\\s*SELECT\\b", FLAGS);
    private static final Pattern PLACEHOLDER = Pattern.compile("#(\\d+)");
    private static final String TAIL =
            "(?:\\s+ORDER\\s+BY\\s+(?<order>[\\w.]+)(?:\\s+(?<dir>ASC|DESC))?)?(?:\\s+LIMIT\\s+(?<limit>\\d+))?";
    private static final Pattern QUERY = Pattern.compile(
            "\\s*SELECT\\s+(?<fields>.+?)\\s+FROM\\s+(?<object>\\w+)(?:\\s+WHERE\\s+(?<where>.+?))?" + TAIL + "\\s*", FLAGS);
    private static final Pattern CHILD_QUERY = Pattern.compile(
            "\\(\\s*SELECT\\s+(?<fields>.+?)\\s+FROM\\s+(?<object>\\w+)" + TAIL + "\\s*\\)", FLAGS);
    private static final Pattern SEMI_JOIN = Pattern.compile(
            "\\(\\s*SELECT\\s+(?<field>[\\w.]+)\\s+FROM\\s+(?<object>\\w+)"
                    + "(?:\\s+WHERE\\s+(?<where>.+?))?\\s*\\)", FLAGS);

    private final Map<String, List<SObject>> org;

    SeededSoql(Map<String, List<SObject>> org) {
        this.org = Map.copyOf(org);
    }

    /**
     * The whole query result in one answer (see {@link QueryPages} for Salesforce's paging), or a 400 with
     * Salesforce's error array when the query is not one the sandbox can answer.
     */
    ObjectNode query(String soql, String apiVersion) {
        List<String> subqueries = new ArrayList<>();
        String outer = extractSubqueries(soql == null ? "" : soql, subqueries);

        Matcher query = QUERY.matcher(outer);
        if (!query.matches()) {
            throw unsupported();
        }
        String object = canonicalObject(query.group("object"));
        Predicate<SObject> filter = where(query.group("where"), object, subqueries);
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

    private Predicate<SObject> where(String where, String object, List<String> subqueries) {
        if (where == null) {
            return record -> true;
        }
        return SoqlWhere.parse(where, object, placeholder -> {
            Matcher index = PLACEHOLDER.matcher(placeholder);
            if (!index.matches() || Integer.parseInt(index.group(1)) >= subqueries.size()) {
                throw unsupported();
            }
            return semiJoin(subqueries.get(Integer.parseInt(index.group(1))));
        });
    }

    /** The values a semi-join's subquery selects, e.g. the AccountIds of {@code (SELECT AccountId FROM Asset ...)}. */
    private List<String> semiJoin(String subquery) {
        Matcher query = SEMI_JOIN.matcher(subquery);
        if (!query.matches()) {
            throw unsupported();
        }
        String object = canonicalObject(query.group("object"));
        String field = query.group("field");
        Predicate<SObject> filter = where(query.group("where"), object, List.of());
        return org.get(object).stream().filter(filter).map(record -> text(record, field, object))
                .filter(Objects::nonNull).distinct().toList();
    }

    /**
     * Replaces each parenthesised {@code SELECT} outside string literals with a placeholder {@code #n} and collects
     * it: in the select list they are child relationship queries, in the WHERE clause semi-joins.
     */
    private static String extractSubqueries(String soql, List<String> subqueries) {
        StringBuilder outer = new StringBuilder();
        int i = 0;
        while (i < soql.length()) {
            char c = soql.charAt(i);
            if (c == '\'') {
                int end = endOfString(soql, i);
                outer.append(soql, i, end);
                i = end;
            } else if (c == '(' && SELECT.matcher(soql).region(i, soql.length()).lookingAt()) {
                int end = endOfParenthesis(soql, i);
                outer.append('#').append(subqueries.size());
                subqueries.add(soql.substring(i, end));
                i = end;
            } else {
                outer.append(c);
                i++;
            }
        }
        return outer.toString();
    }

    private static int endOfParenthesis(String soql, int open) {
        int depth = 0;
        int i = open;
        while (i < soql.length()) {
            char c = soql.charAt(i);
            if (c == '\'') {
                i = endOfString(soql, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        throw unsupported();
    }

    /** The index just past the string literal that opens at {@code start}; a backslash escapes the next character. */
    static int endOfString(String soql, int start) {
        int i = start + 1;
        while (i < soql.length()) {
            char c = soql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                return i + 1;
            } else {
                i++;
            }
        }
        throw unsupported();
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

    /** A field's value as text for ordering; seeded dates are ISO strings, so text order is time order. */
    private static String text(SObject record, String path, String object) {
        Object value = value(record, path, object);
        return value == null ? null : String.valueOf(value);
    }

    /** The scalar at a field path such as {@code Account.Name}; null when it or a parent on the way is null. */
    static Object value(SObject record, String path, String object) {
        Object value = record;
        for (String name : path.split("\\.")) {
            if (!(value instanceof SObject current)) {
                return null;
            }
            value = current.field(name).orElseThrow(() -> invalidField(name, object)).getValue();
        }
        return value instanceof SObject || value instanceof List<?> ? null : value;
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
