package io.kairos.timing;

/** The machine-readable reason of a timing decision, stored with it in the ledger. */
public enum ReasonCode {
    /** Sent now: outside quiet hours, under every cap. */
    OK,
    /** Sent now inside quiet hours because the signal is CRITICAL and the rules let it bypass them. */
    CRITICAL_BYPASS,
    /** Deferred to the end of the recipient's quiet hours. */
    QUIET_HOURS,
    /** Deferred: the signal's kind waits a while after the signal happened (its delay). */
    DELAYED,
    /** Deferred to the next opening of the kind's send window (working hours) in the recipient's zone. */
    SEND_WINDOW,
    /**
     * Deferred to, or sent in, the contact's usual active hour (send-time): the sentence names the hours and zone.
     */
    SEND_TIME,
    /** Deferred or suppressed because a frequency cap is reached; the sentence names the window. */
    CAP_REACHED,
    /** Suppressed: this contact was already sent this signal, or has it deferred, or its send awaits reconciliation. */
    DUPLICATE,
    /** Suppressed: the contact opted out of the channel. */
    OPTED_OUT,
    /** Suppressed: the contact is on Kairos's own suppression list, which holds for every channel. */
    SUPPRESSION_LIST,
    /** Held back: the contact has an open ticket about this signal, which gets an internal note instead. */
    OPEN_TICKET,
    /** Suppressed: the signal is over, or would be by the earliest moment the message may go out. */
    EXPIRED,
    /** Held out: eligible, but drawn into the kind's control group (its holdout share); not messaged, measured. */
    CONTROL_GROUP
}
