package io.kairos.platform;

import java.time.Instant;

/**
 * One accepted webhook delivery as stored in the inbox, claimed for processing.
 *
 * @param correlationId the id minted when the event arrived, put on the log lines of its processing
 */
public record InboxEvent(String source, String eventId, String eventType, String payload, int attempts,
                         Instant receivedAt, String correlationId) {

    public InboxEvent(String source, String eventId, String eventType, String payload, int attempts,
                      Instant receivedAt) {
        this(source, eventId, eventType, payload, attempts, receivedAt, null);
    }

    @Override
    public String toString() {
        return source + "/" + eventId + " (" + eventType + ", attempt " + attempts + ")";
    }
}
