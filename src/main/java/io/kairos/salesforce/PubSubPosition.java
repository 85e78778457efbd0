package io.kairos.salesforce;

import java.time.Instant;

/**
 * The last event Kairos stored from one channel over the Pub/Sub API.
 *
 * @param replayId       Salesforce's opaque replay id, as the Base64 text camel-salesforce hands over
 * @param eventCreatedAt when Salesforce created that event, or null when the event did not say
 */
public record PubSubPosition(String channel, String replayId, String eventUuid, Instant eventCreatedAt,
                             Instant updatedAt) { }
