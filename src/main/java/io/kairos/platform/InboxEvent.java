package io.kairos.platform;

import java.time.Instant;

/**
 * One accepted webhook delivery as stored in the inbox, claimed for processing.
 *
 * @param correlationId the id minted when the event arrived, put on the log lines of its processing
 * @param rateSlot the slot of a shared rate limit the event was parked for (see
 *     {@link SharedRateLimits#slotFor}), or null: when set, the claim that carries it may send without another slot
 */
public record InboxEvent(String source, String eventId, String eventType, String payload, int attempts,
                         Instant receivedAt, String correlationId, Instant rateSlot) {

    public InboxEvent(String source, String eventId, String eventType, String payload, int attempts,
                      Instant receivedAt, String correlationId) {
        this(source, eventId, eventType, payload, attempts, receivedAt, correlationId, null);
    }

    public InboxEvent(String source, String eventId, String eventType, String payload, int attempts,
                      Instant receivedAt) {
        this(source, eventId, eventType, payload, attempts, receivedAt, null, null);
    }

    @Override
    public String toString() {
        return source + "/" + eventId + " (" + eventType + ", attempt " + attempts + ")";
    }
}
