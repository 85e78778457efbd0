package io.kairos.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Wraps an event received over the Pub/Sub API (camel-salesforce's JSON of the Avro payload, with its event id and
 * opaque replay id in headers) in the shape of a Streaming API message, so that one reader, one intake and one
 * signal flow serve both transports: {@code {"channel", "data": {"event": {"EventUuid", "pubSubReplayId"},
 * "payload"}}}, the payload kept as Salesforce sent it.
 */
@Component("salesforcePubSubEvents")
public class PubSubEvents {

    static final String CHANNEL_HEADER = "KairosSalesforceChannel";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException when the payload is not a JSON object or the event has no replay id */
    public String toStreamMessage(String payloadJson,
                                  @Header("CamelSalesforcePubSubReplayId") String replayId,
                                  @Header("CamelSalesforcePubSubEventId") String eventId,
                                  @Header(CHANNEL_HEADER) String channel) {
        JsonNode payload;
        try {
            payload = JSON.readTree(payloadJson == null ? "" : payloadJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON Pub/Sub event: " + e.getOriginalMessage(), e);
        }
        if (!payload.isObject() || replayId == null || replayId.isBlank() || channel == null) {
            throw new IllegalArgumentException("not a Pub/Sub event: payload, replay id or channel missing");
        }
        ObjectNode message = JSON.createObjectNode();
        message.put("channel", channel);
        ObjectNode data = message.putObject("data");
        ObjectNode event = data.putObject("event");
        if (eventId != null && !eventId.isBlank()) {
            event.put("EventUuid", eventId);
        }
        event.put("pubSubReplayId", replayId);
        data.set("payload", payload);
        return message.toString();
    }
}
