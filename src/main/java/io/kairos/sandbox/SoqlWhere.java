package io.kairos.sandbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a SOQL WHERE clause (comparisons, LIKE, IN and NOT IN over literals or a semi-join, AND, OR, NOT and
 * parentheses, with string, number, boolean, null and ISO date literals) into a test on seeded records.
 */
final class SoqlWhere {

    private static final Set<String> COMPARISONS = Set.of("=", "!=", "<>", "<", ">", "<=", ">=");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern ISO_DATE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:?\\d{2}))?");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z]\\w*(\\.[A-Za-z]\\w*)*");
    private static final Pattern PLACEHOLDER = Pattern.compile("#\\d+");
    private static final Object NULL = new Object();

    private enum Kind { WORD, STRING, OPERATOR, OPEN, CLOSE, COMMA, END }

    private record Token(Kind kind, String text) {

        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }
    }

    private final List<Token> tokens;
    private final String object;
    private final Function<String, List<String>> semiJoin;
    private int next;

    private SoqlWhere(List<Token> tokens, String object, Function<String, List<String>> semiJoin) {
        this.tokens = tokens;
        this.object = object;
        this.semiJoin = semiJoin;
    }

    /**
     * The test a record of {@code object} must pass.
     *
     * @param semiJoin the values a semi-join placeholder ({@code #0}, a subquery taken out of the clause) selects
     * @throws SandboxApiException MALFORMED_QUERY when the clause is not one the sandbox understands
     */
    static Predicate<SObject> parse(String where, String object, Function<String, List<String>> semiJoin) {
        SoqlWhere parser = new SoqlWhere(tokenize(where), object, semiJoin);
        Predicate<SObject> test = parser.or();
        if (parser.peek().kind() != Kind.END) {
            throw SeededSoql.unsupported();
        }
        return test;
    }

    private Predicate<SObject> or() {
        Predicate<SObject> test = and();
        while (peek().is("OR")) {
            next++;
            test = test.or(and());
        }
        return test;
    }

    private Predicate<SObject> and() {
        Predicate<SObject> test = not();
        while (peek().is("AND")) {
            next++;
            test = test.and(not());
        }
        return test;
    }

    private Predicate<SObject> not() {
        if (peek().is("NOT")) {
            next++;
            return not().negate();
        }
        if (peek().kind() == Kind.OPEN) {
            next++;
            Predicate<SObject> inner = or();
            expect(Kind.CLOSE);
            return inner;
        }
        return comparison();
    }

    private Predicate<SObject> comparison() {
        Token field = take();
        if (field.kind() != Kind.WORD || !FIELD.matcher(field.text()).matches()) {
            throw SeededSoql.unsupported();
        }
        String path = field.text();
        Token operator = take();
        if (operator.kind() == Kind.OPERATOR) {
            String comparison = operator.text();
            Object literal = literal(take());
            return record -> compare(path, comparison, SeededSoql.value(record, path, object), literal);
        }
        if (operator.is("LIKE")) {
            Token pattern = take();
            if (pattern.kind() != Kind.STRING) {
                throw SeededSoql.unsupported();
            }
            Pattern like = like(pattern.text());
            return record -> {
                Object value = SeededSoql.value(record, path, object);
                return value != null && like.matcher(String.valueOf(value)).matches();
            };
        }
        boolean negated = operator.is("NOT");
        if (negated) {
            operator = take();
        }
        if (!operator.is("IN")) {
            throw SeededSoql.unsupported();
        }
        List<Object> values = values();
        Predicate<SObject> in = record -> {
            Object value = SeededSoql.value(record, path, object);
            return values.stream().anyMatch(v -> equal(path, value, v));
        };
        return negated ? in.negate() : in;
    }

    private List<Object> values() {
        Token first = take();
        if (first.kind() == Kind.WORD && PLACEHOLDER.matcher(first.text()).matches()) {
            return List.copyOf(semiJoin.apply(first.text()));
        }
        if (first.kind() != Kind.OPEN) {
            throw SeededSoql.unsupported();
        }
        List<Object> values = new ArrayList<>();
        values.add(literal(take()));
        while (peek().kind() == Kind.COMMA) {
            next++;
            values.add(literal(take()));
        }
        expect(Kind.CLOSE);
        return values;
    }

    private static Object literal(Token token) {
        if (token.kind() == Kind.STRING) {
            return unescape(token.text());
        }
        if (token.kind() != Kind.WORD) {
            throw SeededSoql.unsupported();
        }
        String word = token.text();
        if (NUMBER.matcher(word).matches()) {
            return new BigDecimal(word);
        }
        if (word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false")) {
            return Boolean.valueOf(word.toLowerCase(Locale.ROOT));
        }
        if (word.equalsIgnoreCase("null")) {
            return NULL;
        }
        // Seeded dates are ISO text, so a date literal compares as text.
        if (ISO_DATE.matcher(word).matches()) {
            return word;
        }
        throw SeededSoql.unsupported();
    }

    // SOQL, unlike SQL, treats null as a value: Field != 'x' matches records where Field is null.
    private static boolean compare(String path, String operator, Object value, Object literal) {
        return switch (operator) {
            case "=" -> equal(path, value, literal);
            case "!=", "<>" -> !equal(path, value, literal);
            default -> {
                if (value == null || literal == NULL) {
                    yield false;
                }
                int order = order(value, literal);
                yield switch (operator) {
                    case "<" -> order < 0;
                    case ">" -> order > 0;
                    case "<=" -> order <= 0;
                    default -> order >= 0;
                };
            }
        };
    }

    private static boolean equal(String path, Object value, Object literal) {
        if (literal == NULL || value == null) {
            return literal == NULL && value == null;
        }
        if (value instanceof Number number && literal instanceof BigDecimal decimal) {
            return new BigDecimal(number.toString()).compareTo(decimal) == 0;
        }
        String text = String.valueOf(value);
        String other = String.valueOf(literal);
        // Salesforce takes a record id in its 15-character (case-sensitive) form as well as in its 18-character one.
        if (path.endsWith("Id") && text.length() == 18 && other.length() == 15) {
            return text.startsWith(other);
        }
        return text.equalsIgnoreCase(other);
    }

    private static int order(Object value, Object literal) {
        if (value instanceof Number number && literal instanceof BigDecimal decimal) {
            return new BigDecimal(number.toString()).compareTo(decimal);
        }
        return String.CASE_INSENSITIVE_ORDER.compare(String.valueOf(value), String.valueOf(literal));
    }

    /** A LIKE pattern as a regular expression: {@code %} any run, {@code _} one character, a backslash escapes. */
    private static Pattern like(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    /** SOQL string escapes: a backslash makes the next character literal ({@code \'} is a quote). */
    static String unescape(String literal) {
        return literal.replaceAll("\\\\(.)", "$1");
    }

    private void expect(Kind kind) {
        if (take().kind() != kind) {
            throw SeededSoql.unsupported();
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    /** Strings keep their escapes (LIKE tells {@code \%} from {@code %}); words run on through paths and dates. */
    private static List<Token> tokenize(String clause) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < clause.length()) {
            char c = clause.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c)));
                i++;
            } else if (c == '\'') {
                int end = SeededSoql.endOfString(clause, i);
                tokens.add(new Token(Kind.STRING, clause.substring(i + 1, end - 1)));
                i = end;
            } else if ("=!<>".indexOf(c) >= 0) {
                int end = i + 1;
                while (end < clause.length() && "=<>".indexOf(clause.charAt(end)) >= 0) {
                    end++;
                }
                String operator = clause.substring(i, end);
                if (!COMPARISONS.contains(operator)) {
                    throw SeededSoql.unsupported();
                }
                tokens.add(new Token(Kind.OPERATOR, operator));
                i = end;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '#') {
                int end = i + 1;
                while (end < clause.length() && (Character.isLetterOrDigit(clause.charAt(end))
                        || "_.:-+".indexOf(clause.charAt(end)) >= 0)) {
                    end++;
                }
                tokens.add(new Token(Kind.WORD, clause.substring(i, end)));
                i = end;
            } else {
                throw SeededSoql.unsupported();
            }
        }
        tokens.add(new Token(Kind.END, ""));
        return tokens;
    }
}
