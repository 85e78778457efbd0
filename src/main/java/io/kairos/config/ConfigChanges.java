package io.kairos.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** A one-line summary per changed file, for the log: which keys changed and how, or how many lines. */
final class ConfigChanges {

    private ConfigChanges() {
    }

    static List<String> summarise(Map<String, String> before, Map<String, String> after) {
        List<String> lines = new ArrayList<>();
        TreeSet<String> files = new TreeSet<>(before.keySet());
        files.addAll(after.keySet());
        for (String file : files) {
            String old = before.get(file);
            String now = after.get(file);
            if (Objects.equals(old, now)) {
                continue;
            }
            if (old == null) {
                lines.add(file + " added" + (file.startsWith("config/") ? ": " + keys(file, null, now)
                        : " (" + now.lines().count() + " lines)"));
            } else if (now == null) {
                lines.add(file + " removed" + (file.startsWith("config/") ? " (its properties apply again)" : ""));
            } else if (file.startsWith("config/")) {
                lines.add(file + ": " + keys(file, old, now));
            } else {
                lines.add(file + ": " + lineCounts(old, now));
            }
        }
        return lines;
    }

    private static String keys(String file, String old, String now) {
        Map<String, String> before;
        Map<String, String> after;
        try {
            before = old == null ? Map.of() : flat(file, old);
            after = flat(file, now);
        } catch (ConfigRejectedException notYaml) {
            return lineCounts(old == null ? "" : old, now);
        }
        List<String> changes = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String b = before.get(key);
            String a = after.get(key);
            if (b == null) {
                changes.add("+" + key + " " + a);
            } else if (a == null) {
                changes.add("-" + key + " (was " + b + ")");
            } else if (!a.equals(b)) {
                changes.add(key + " " + b + " → " + a);
            }
        }
        return changes.isEmpty() ? "no value changed" : String.join(", ", changes);
    }

    private static Map<String, String> flat(String file, String text) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", YamlDocument.parse(file, text).root(), flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), flat));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), flat);
            }
        } else {
            flat.put(prefix, node.asText());
        }
    }

    private static String lineCounts(String old, String now) {
        List<String> before = old.lines().toList();
        List<String> after = now.lines().toList();
        long added = after.stream().filter(line -> !before.contains(line)).count();
        long removed = before.stream().filter(line -> !after.contains(line)).count();
        return "+" + added + " -" + removed + " lines";
    }
}
