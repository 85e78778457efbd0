package io.kairos.config;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The four folders of ops-owned files and the file names each holds. A path outside them is not checked by
 * anything, so it must never pass as valid: {@link #place} says where a path belongs, or that it belongs nowhere.
 */
final class ConfigFolders {

    /** A folder and the ending of the files Kairos reads from it. */
    record Folder(String name, String suffix) {
        boolean holds(String fileName) {
            return fileName.endsWith(suffix) && fileName.length() > suffix.length();
        }
    }

    static final List<Folder> FOLDERS = List.of(new Folder("config", ".yaml"), new Folder("templates", ".mustache"),
            new Folder("routes", ".camel.yaml"), new Folder("connectors", KameletConventions.SUFFIX));

    /** Endings of files that look meant for Kairos: one in a known folder that Kairos does not read is a mistake. */
    static final List<String> LOOKALIKES = List.of(".yaml", ".yml", ".mustache");

    private ConfigFolders() {
    }

    /**
     * The path a file belongs at, relative to the configuration root: {@code <folder>/<name>} with the folder's
     * ending as given, or a bare route or Kamelet name placed by its ending; empty when Kairos cannot tell.
     */
    static Optional<String> place(String path) {
        String normal = path.replace('\\', '/');
        while (normal.startsWith("./")) {
            normal = normal.substring(2);
        }
        int slash = normal.indexOf('/');
        if (slash < 0) {
            String bare = normal;
            return FOLDERS.stream().filter(f -> !"config".equals(f.name()) && !"templates".equals(f.name()))
                    .filter(f -> f.holds(bare)).findFirst().map(f -> f.name() + "/" + bare);
        }
        String folder = normal.substring(0, slash);
        String name = normal.substring(slash + 1);
        boolean known = !name.contains("/") && FOLDERS.stream().anyMatch(f -> f.name().equals(folder) && f.holds(name));
        return known ? Optional.of(normal) : Optional.empty();
    }

    /** What {@link #place} accepts, for a problem that names the folders Kairos knows. */
    static String known() {
        return FOLDERS.stream().map(f -> f.name() + "/*" + f.suffix()).collect(Collectors.joining(", "))
                + " (a bare *.camel.yaml or *" + KameletConventions.SUFFIX + " name is taken as routes/ or connectors/)";
    }
}
