package io.kairos.proactive;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One planned message as claimed from the outbox for dispatch.
 *
 * @param optedOutOfEmail the contact's Salesforce HasOptedOutOfEmail when it was planned
 * @param ticketId        for a held-back message ({@link Outbox#TICKET_NOTE}), the open ticket that gets the note
 */
public record OutboxMessage(
        long id,
        Signal signal,
        String contactEmail,
        String contactId,
        String contactName,
        String timeZone,
        String channel,
        Map<String, String> variables,
        Instant sendAt,
        int attempts,
        boolean optedOutOfEmail,
        Long ticketId) {

    public OutboxMessage {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    public OutboxMessage(long id, Signal signal, String contactEmail, String contactId, String contactName,
                         String timeZone, String channel, Map<String, String> variables, Instant sendAt, int attempts,
                         boolean optedOutOfEmail) {
        this(id, signal, contactEmail, contactId, contactName, timeZone, channel, variables, sendAt, attempts,
                optedOutOfEmail, null);
    }

    /**
     * The send-time experiment's arm of an admitted message ({@code send-time:active} or {@code send-time:at-once}),
     * carried in memory from the re-check at dispatch to its SENT ledger entry's {@code experiment_arm}; never stored
     * on the row, since the re-check decides it afresh.
     */
    public static final String SEND_TIME_ARM = "kairos.sendTimeArm";

    /** The same message with one more variable. */
    public OutboxMessage withVariable(String name, String value) {
        Map<String, String> more = new HashMap<>(variables);
        more.put(name, value);
        return new OutboxMessage(id, signal, contactEmail, contactId, contactName, timeZone, channel, more, sendAt,
                attempts, optedOutOfEmail, ticketId);
    }

    /** {@code kairos-outbox-<id>}: what a channel stores with the message, and a reconciliation searches for. */
    public String reference() {
        return "kairos-outbox-" + id;
    }
}
