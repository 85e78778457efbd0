package io.kairos.proactive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Accepts an audience only if it is a SOQL WHERE clause made of comparisons on allow-listed Contact fields, so an
 * operator-supplied filter can never read other objects, call functions or break out of the query.
 */
public final class AudienceFilter {

    /** Longer clauses are refused outright: Salesforce caps a WHERE clause at 4,000 characters, we keep half. */
    public static final int MAX_LENGTH = 2_000;

    private static final Set<String> COMPARISONS = Set.of("=", "!=", "<", ">", "<=", ">=");
    private static final Set<String> SET_OPERATORS = Set.of("IN", "INCLUDES", "EXCLUDES");
    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "LIKE", "INCLUDES", "EXCLUDES");
    private static final Set<String> CONSTANTS = Set.of("TRUE", "FALSE", "NULL");
    private static final Set<String> DATE_LITERALS = Set.of("YESTERDAY", "TODAY", "TOMORROW",
            "LAST_WEEK", "THIS_WEEK", "NEXT_WEEK", "LAST_MONTH", "THIS_MONTH", "NEXT_MONTH", "LAST_90_DAYS",
            "NEXT_90_DAYS", "LAST_QUARTER", "THIS_QUARTER", "NEXT_QUARTER", "LAST_YEAR", "THIS_YEAR", "NEXT_YEAR");
    private static final Pattern DATE_N_LITERAL = Pattern.compile(
            "((LAST|NEXT)_N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS)|N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS)_AGO):\\d{1,4}",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO_DATE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:\\d{2}))?");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*");
    private static final String STRING_ESCAPES = "nNrRtTbBfF\"'\\_%";

    private AudienceFilter() {
    }

    /**
     * Checks that {@code whereClause} is a safe WHERE clause over {@code allowedFields} (compared case-insensitively).
     *
     * @throws IllegalArgumentException naming what is wrong and where, when it is not
     */
    public static void validate(String whereClause, Collection<String> allowedFields) {
        Objects.requireNonNull(allowedFields, "allowedFields");
        if (whereClause == null || whereClause.isBlank()) {
            throw new IllegalArgumentException("audience is empty");
        }
        if (whereClause.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("audience is longer than " + MAX_LENGTH + " characters");
        }
        Set<String> allowed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        allowed.addAll(allowedFields);
        new Parser(tokenize(whereClause), allowed).clause();
    }

    private enum Kind { WORD, STRING, NUMBER, OPERATOR, OPEN, CLOSE, COMMA, END }

    private record Token(Kind kind, String text, int position) {

        boolean is(String word) {
            return (kind == Kind.WORD || kind == Kind.OPERATOR) && text.equalsIgnoreCase(word);
        }

        String describe() {
            return kind == Kind.END ? "the end of the audience" : "'" + text + "' at position " + (position + 1);
        }
    }

    private static List<Token> tokenize(String clause) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < clause.length()) {
            char c = clause.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c), i));
                i++;
            } else if (c == '\'') {
                int end = endOfString(clause, i);
                tokens.add(new Token(Kind.STRING, clause.substring(i, end), i));
                i = end;
            } else if (c == '=' || c == '<' || c == '>' || c == '!') {
                int end = i + 1;
                while (end < clause.length() && "=<>!".indexOf(clause.charAt(end)) >= 0) {
                    end++;
                }
                String operator = clause.substring(i, end);
                if (!COMPARISONS.contains(operator)) {
                    throw refused("unknown operator '" + operator + "' at position " + (i + 1));
                }
                tokens.add(new Token(Kind.OPERATOR, operator, i));
                i = end;
            } else if (c == '-' && i + 1 < clause.length() && clause.charAt(i + 1) == '-'
                    || c == '/' && i + 1 < clause.length() && clause.charAt(i + 1) == '*') {
                throw refused("comments are not allowed (position " + (i + 1) + ")");
            } else if (c == ';') {
                throw refused("';' is not allowed (position " + (i + 1) + ")");
            } else if (isWordChar(c) || c == '-') {
                int end = i + 1;
                // A word runs on through the characters of field paths, date literals (LAST_N_DAYS:7) and ISO dates.
                while (end < clause.length() && isWordPart(clause.charAt(end))) {
                    end++;
                }
                String word = clause.substring(i, end);
                tokens.add(new Token(NUMBER.matcher(word).matches() ? Kind.NUMBER : Kind.WORD, word, i));
                i = end;
            } else {
                throw refused("character '" + printable(c) + "' is not allowed (position " + (i + 1) + ")");
            }
        }
        tokens.add(new Token(Kind.END, "", clause.length()));
        return tokens;
    }

    private static int endOfString(String clause, int start) {
        int i = start + 1;
        while (i < clause.length()) {
            char c = clause.charAt(i);
            if (c == '\'') {
                return i + 1;
            }
            if (c < 0x20) {
                throw refused("control character in the string starting at position " + (start + 1));
            }
            if (c == '\\') {
                if (i + 1 >= clause.length() || STRING_ESCAPES.indexOf(clause.charAt(i + 1)) < 0) {
                    throw refused("invalid escape in the string starting at position " + (start + 1));
                }
                i += 2;
            } else {
                i++;
            }
        }
        throw refused("unterminated string starting at position " + (start + 1));
    }

    private static boolean isWordChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    private static boolean isWordPart(char c) {
        return isWordChar(c) || ".:-+".indexOf(c) >= 0;
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static IllegalArgumentException refused(String reason) {
        return new IllegalArgumentException("audience refused: " + reason);
    }

    /** Recursive descent over: or := and (OR and)*; and := not (AND not)*; not := NOT not | ( or ) | comparison. */
    private static final class Parser {

        private final List<Token> tokens;
        private final Set<String> allowed;
        private int next;

        Parser(List<Token> tokens, Set<String> allowed) {
            this.tokens = tokens;
            this.allowed = allowed;
        }

        void clause() {
            or();
            Token rest = peek();
            if (rest.kind() == Kind.CLOSE) {
                throw refused("unbalanced parenthesis " + rest.describe());
            }
            if (rest.kind() != Kind.END) {
                throw refused("unexpected " + rest.describe());
            }
        }

        private void or() {
            and();
            while (peek().is("OR")) {
                next++;
                and();
            }
        }

        private void and() {
            not();
            while (peek().is("AND")) {
                next++;
                not();
            }
        }

        private void not() {
            Token token = peek();
            if (token.is("NOT")) {
                next++;
                not();
            } else if (token.kind() == Kind.OPEN) {
                next++;
                or();
                if (peek().kind() != Kind.CLOSE) {
                    throw refused("unbalanced parenthesis: expected ')' but found " + peek().describe());
                }
                next++;
            } else {
                comparison();
            }
        }

        private void comparison() {
            field();
            Token operator = take();
            if (operator.kind() == Kind.OPERATOR || operator.is("LIKE")) {
                value(operator.is("LIKE"));
                return;
            }
            if (operator.is("NOT") && peek().is("IN")) {
                operator = take();
            }
            if (operator.kind() == Kind.WORD && SET_OPERATORS.contains(operator.text().toUpperCase(Locale.ROOT))) {
                valueList();
                return;
            }
            throw refused("expected an operator (= != < > <= >= LIKE IN NOT IN INCLUDES EXCLUDES) but found "
                    + operator.describe());
        }

        private void field() {
            Token token = take();
            if (token.kind() != Kind.WORD || !FIELD.matcher(token.text()).matches()
                    || KEYWORDS.contains(token.text().toUpperCase(Locale.ROOT))) {
                throw refused("expected a field name but found " + token.describe());
            }
            if (token.is("SELECT")) {
                throw refused("subqueries are not allowed (" + token.describe() + ")");
            }
            if (peek().kind() == Kind.OPEN) {
                throw refused("functions are not allowed (" + token.describe() + ")");
            }
            if (!allowed.contains(token.text())) {
                throw refused("field " + token.describe() + " is not allowed; allowed fields: "
                        + String.join(", ", allowed));
            }
        }

        private void valueList() {
            Token open = take();
            if (open.kind() != Kind.OPEN) {
                throw refused("expected '(' but found " + open.describe());
            }
            value(false);
            while (peek().kind() == Kind.COMMA) {
                next++;
                value(false);
            }
            Token close = take();
            if (close.kind() != Kind.CLOSE) {
                throw refused("expected ',' or ')' but found " + close.describe());
            }
        }

        private void value(boolean stringOnly) {
            Token token = take();
            if (token.kind() == Kind.STRING) {
                return;
            }
            if (stringOnly) {
                throw refused("LIKE needs a quoted string but found " + token.describe());
            }
            if (token.kind() == Kind.NUMBER) {
                return;
            }
            if (token.kind() == Kind.WORD) {
                String word = token.text().toUpperCase(Locale.ROOT);
                if (word.equals("SELECT")) {
                    throw refused("subqueries are not allowed (" + token.describe() + ")");
                }
                if (CONSTANTS.contains(word) || DATE_LITERALS.contains(word)
                        || DATE_N_LITERAL.matcher(word).matches() || ISO_DATE.matcher(token.text()).matches()) {
                    if (peek().kind() == Kind.OPEN) {
                        throw refused("functions are not allowed (" + token.describe() + ")");
                    }
                    return;
                }
                if (peek().kind() == Kind.OPEN) {
                    throw refused("functions are not allowed (" + token.describe() + ")");
                }
            }
            throw refused("expected a value (quoted string, number, true, false, null or date literal) but found "
                    + token.describe());
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
    }
}
