package io.kairos.proactive;

/**
 * A signal is wrong and always will be (a manual body, or an event from the CRM); {@link #field()} names the JSON
 * field (or header) to fix. An inbox event that raises it is dead-lettered at once ({@link SignalFailureClassifier}).
 */
public class InvalidSignalException extends IllegalArgumentException {

    private final String field;

    public InvalidSignalException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
