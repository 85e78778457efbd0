package io.kairos.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The payloads published by others under {@code src/test/resources/real-payloads/<system>/} (copies of the shared
 * collection): every file of a folder, so a contract test covers a file added there without a code change.
 */
public final class RealPayloads {

    private static final String SOURCES = "SOURCES.md";

    private RealPayloads() {
    }

    /** Every payload file of the system's folder, by name, SOURCES.md left out. */
    public static List<String> files(String system) {
        try (Stream<Path> listing = Files.list(folder(system))) {
            List<String> names = listing.map(p -> p.getFileName().toString()).filter(n -> !n.equals(SOURCES))
                    .sorted().toList();
            if (names.isEmpty()) {
                fail("real-payloads/" + system + " holds no payload");
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(String system, String file) {
        try {
            return Files.readString(folder(system).resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the table expects of a file; a file without an entry fails, naming what to add. */
    public static <T> T expectation(Map<String, T> table, String system, String file) {
        T expected = table.get(file);
        if (expected == null) {
            fail("real-payloads/" + system + "/" + file + " has no expectation: add what Kairos makes of it to "
                    + "this test's table (and a line to the README's \"Real payloads\")");
        }
        return expected;
    }

    private static Path folder(String system) {
        URL url = RealPayloads.class.getClassLoader().getResource("real-payloads/" + system);
        if (url == null) {
            throw new IllegalStateException("no real-payloads/" + system + " on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
