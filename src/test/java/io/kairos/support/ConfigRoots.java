package io.kairos.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A config root for a whole-app test ({@code kairos.config.root}): a temporary copy of the repository's ops
 * folders (routes, connectors, templates) with an empty {@code config/}, for the test to write its own files into
 * without touching the repository's.
 */
public final class ConfigRoots {

    private static final String[] OPS_FOLDERS = {"routes", "connectors", "templates"};

    private ConfigRoots() {
    }

    /** A fresh copy of the repository's ops folders and an empty config folder. */
    public static Path copyOfRepository() {
        try {
            Path root = Files.createTempDirectory("kairos-config");
            for (String folder : OPS_FOLDERS) {
                Files.createDirectories(root.resolve(folder));
                try (Stream<Path> files = Files.list(Path.of(folder))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(file, root.resolve(folder).resolve(file.getFileName()));
                    }
                }
            }
            Files.createDirectories(root.resolve("config"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} to {@code file} (relative to the root), replacing what was there. */
    public static void write(Path root, String file, String text) {
        try {
            Files.writeString(root.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's example of a config file ({@code config/examples/<name>}), to build on. */
    public static String example(String name) {
        return repositoryFile("config/examples/" + name);
    }

    /** A file of the repository, e.g. a template to build a variant on. */
    public static String repositoryFile(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
