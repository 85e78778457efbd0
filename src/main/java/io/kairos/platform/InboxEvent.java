package io.kairos.platform;

import java.time.Instant;

/** One accepted webhook delivery as stored in the inbox, claimed for processing. */
public record InboxEvent(String source, String eventId, String eventType, String payload, int attempts,
                         Instant receivedAt) {

    @Override
    public String toString() {
        return source + "/" + eventId + " (" + eventType + ", attempt " + attempts + ")";
    }
}
