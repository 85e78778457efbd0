package io.kairos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What a benchmark prints, kept as it goes so the same text can be written to target/bench/. Not a test. */
final class BenchReport {

    private final StringBuilder text = new StringBuilder();

    /** Formats with the root locale, prints at once (a long run shows progress) and keeps the line. */
    void line(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        text.append(line);
        System.out.print(line);
        System.out.flush();
    }

    /** Writes everything printed so far to {@code target/bench/<name>.txt}. */
    Path write(String name) throws IOException {
        Path file = Path.of("target", "bench", name + ".txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
