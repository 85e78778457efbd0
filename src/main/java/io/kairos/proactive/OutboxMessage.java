package io.kairos.proactive;

import java.time.Instant;
import java.util.Map;

/**
 * One planned message as claimed from the outbox for dispatch.
 *
 * @param optedOutOfEmail the contact's Salesforce HasOptedOutOfEmail when it was planned
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
        boolean optedOutOfEmail) {

    public OutboxMessage {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
