package io.kairos.proactive;

/** A manual signal's body is wrong; {@link #field()} names the JSON field (or header) to fix. */
public class InvalidSignalException extends RuntimeException {

    private final String field;

    public InvalidSignalException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
