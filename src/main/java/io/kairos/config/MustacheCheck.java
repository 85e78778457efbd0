package io.kairos.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a message template before it is used: every tag names a value Kairos provides, and every section is
 * closed, so a typo shows up as a rejected file instead of a blank in a customer's message.
 */
final class MustacheCheck {

    private static final Pattern TAG = Pattern.compile("\\{\\{(\\{?)(.*?)\\}?\\}\\}", Pattern.DOTALL);

    private MustacheCheck() {
    }

    static List<ConfigProblem> check(String file, String text, Collection<String> known) {
        List<ConfigProblem> problems = new ArrayList<>();
        Deque<String[]> open = new ArrayDeque<>();
        Matcher tag = TAG.matcher(text);
        while (tag.find()) {
            String content = tag.group(2).strip();
            int line = lineAt(text, tag.start());
            char kind = content.isEmpty() ? ' ' : content.charAt(0);
            String name = "#^/&>!".indexOf(kind) >= 0 ? content.substring(1).strip() : content;
            switch (kind) {
                case '!' -> { }
                case '>' -> problems.add(new ConfigProblem(file, line, "partials are not supported: {{" + content
                        + "}}"));
                case '#', '^' -> {
                    open.push(new String[] {name, Integer.toString(line)});
                    unknown(file, line, name, known, problems);
                }
                case '/' -> {
                    if (open.isEmpty()) {
                        problems.add(new ConfigProblem(file, line, "{{/" + name + "}} closes a section that was "
                                + "never opened"));
                    } else if (!open.peek()[0].equals(name)) {
                        problems.add(new ConfigProblem(file, line, "{{/" + name + "}} closes section '"
                                + open.peek()[0] + "' opened on line " + open.peek()[1]));
                        open.pop();
                    } else {
                        open.pop();
                    }
                }
                default -> unknown(file, line, name, known, problems);
            }
        }
        for (String[] section : open) {
            problems.add(new ConfigProblem(file, Integer.parseInt(section[1]), "section '" + section[0]
                    + "' is never closed"));
        }
        return problems;
    }

    /** The variables a template names (sections included), in order of first use. */
    static Set<String> variables(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher tag = TAG.matcher(text);
        while (tag.find()) {
            String content = tag.group(2).strip();
            char kind = content.isEmpty() ? ' ' : content.charAt(0);
            if (kind == '!' || kind == '/' || kind == '>') {
                continue;
            }
            String name = "#^&".indexOf(kind) >= 0 ? content.substring(1).strip() : content;
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * A language variant (templates/known_issue.de.mustache) says what its template says: it names the same
     * variables, so no language loses a value (or gains one the others never show).
     */
    static List<ConfigProblem> checkVariant(String file, String variant, String template, String templateText) {
        Set<String> expected = variables(templateText);
        Set<String> used = variables(variant);
        List<ConfigProblem> problems = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(used);
        Set<String> extra = new LinkedHashSet<>(used);
        extra.removeAll(expected);
        if (!missing.isEmpty()) {
            problems.add(new ConfigProblem(file, 0, "language variant of " + template + " lacks "
                    + String.join(", ", missing) + ", which templates/" + template + ".mustache uses"));
        }
        if (!extra.isEmpty()) {
            problems.add(new ConfigProblem(file, 0, "language variant of " + template + " uses "
                    + String.join(", ", extra) + ", which templates/" + template + ".mustache does not"));
        }
        return problems;
    }

    private static void unknown(String file, int line, String name, Collection<String> known,
                                List<ConfigProblem> problems) {
        if (!name.equals(".") && !known.contains(name)) {
            problems.add(new ConfigProblem(file, line, "unknown variable '" + name + "'; a template may use "
                    + String.join(", ", known)));
        }
    }

    private static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
