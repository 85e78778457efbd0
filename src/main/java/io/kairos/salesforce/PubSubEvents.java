package io.kairos.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.generic.GenericRecord;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Wraps an event received over the Pub/Sub API (camel-salesforce's Avro GenericRecord, with its event id and opaque
 * replay id in headers) in the shape of a Streaming API message, so that one reader, one intake and one signal flow
 * serve both transports: {@code {"channel", "data": {"event": {"EventUuid", "pubSubReplayId"}, "payload"}}}, the
 * payload as the JSON Salesforce sends over CometD ({@link AvroEvents}; a change event's bitmaps as field names).
 */
@Component("salesforcePubSubEvents")
public class PubSubEvents {

    static final String CHANNEL_HEADER = "KairosSalesforceChannel";
    /** {@code data.event.unreadable}: why Kairos could not read the event it stored (then dead-lettered). */
    static final String UNREADABLE = "unreadable";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The event as a Streaming API message; one whose record cannot be read (a malformed bitmap, a value JSON cannot
     * carry) keeps its identity and replay id, its payload as Avro holds it, and the reason in
     * {@code data.event.unreadable}.
     *
     * @throws IllegalArgumentException when the body is not an Avro record or the event has no replay id or channel
     */
    public String toStreamMessage(@Body Object body,
                                  @Header("CamelSalesforcePubSubReplayId") String replayId,
                                  @Header("CamelSalesforcePubSubEventId") String eventId,
                                  @Header(CHANNEL_HEADER) String channel) {
        if (!(body instanceof GenericRecord record)) {
            throw new IllegalArgumentException("not an Avro Pub/Sub event: "
                    + (body == null ? "no body" : body.getClass().getName()));
        }
        if (replayId == null || replayId.isBlank() || channel == null) {
            throw new IllegalArgumentException("not a Pub/Sub event: replay id or channel missing");
        }
        ObjectNode message = JSON.createObjectNode();
        message.put("channel", channel);
        ObjectNode data = message.putObject("data");
        ObjectNode event = data.putObject("event");
        if (eventId != null && !eventId.isBlank()) {
            event.put("EventUuid", eventId);
        }
        event.put("pubSubReplayId", replayId);
        try {
            data.set("payload", AvroEvents.toJson(record));
        } catch (IllegalArgumentException unreadable) {
            // Stored all the same, so the event is not lost and the position moves on; the signal flow reads the
            // reason and dead-letters the event at once (SalesforceSignalEvents).
            event.put(UNREADABLE, unreadable.getMessage());
            data.set("payload", asSentOrEmpty(record));
        }
        return message.toString();
    }

    private static ObjectNode asSentOrEmpty(GenericRecord record) {
        try {
            return AvroEvents.asSent(record);
        } catch (IllegalArgumentException unreadable) {
            return JSON.createObjectNode();
        }
    }
}
