package io.kairos.config;

/** One thing wrong in one configuration file: where (file and 1-based line, 0 when unknown) and what. */
public record ConfigProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
