package io.kairos.salesforce;

import java.time.Instant;

/**
 * The last event Kairos stored from one Streaming API channel.
 *
 * @param eventCreatedAt when Salesforce created that event, or null when the message did not say
 */
public record ReplayPosition(String channel, long replayId, String eventUuid, Instant eventCreatedAt,
                             Instant updatedAt) { }
