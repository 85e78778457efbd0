package io.kairos.timing;

/**
 * The send-time experiment's arm of a contact for a signal, as the ledger's {@code experiment_arm} column stores it:
 * sent at the contact's active hour, or at once (the control).
 */
public enum SendTimeArm {
    ACTIVE("send-time:active"),
    AT_ONCE("send-time:at-once");

    private final String column;

    SendTimeArm(String column) {
        this.column = column;
    }

    /** The stored value: send-time:active, send-time:at-once. */
    public String column() {
        return column;
    }
}
