package io.kairos.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.regex.Pattern;

/**
 * One Streaming API (CometD) message as Salesforce sent it: its channel, identity, replay id and creation time.
 *
 * @param eventId   the event's EventUuid (over Pub/Sub: its event id, which Salesforce fills with the EventUuid); for
 *                  a change event {@code cdc:<transactionKey>:<recordId>}
 * @param replayId  the position on the channel, or null when the message carries none
 * @param pubSubReplayId the Pub/Sub API's opaque replay id (Base64) when the event came over Pub/Sub, else null
 * @param createdAt when Salesforce created the event (CreatedDate, or a change event's commitTimestamp), or null
 * @param unreadable why Kairos could not read the event when it arrived (see {@link PubSubEvents}), else null
 */
record StreamEvent(String channel, String eventId, String eventType, Long replayId, String pubSubReplayId,
                   Instant createdAt, JsonNode payload, JsonNode changeHeader, String unreadable) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,18}");

    // Salesforce writes offsets as +0000, ISO-8601 wants +00:00; both are read, with or without milliseconds.
    private static final DateTimeFormatter SALESFORCE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
            .toFormatter();

    /** Reads a raw Bayeux message; throws IllegalArgumentException when it is not one. */
    static StreamEvent parse(String rawBayeuxJson) {
        JsonNode root;
        try {
            root = JSON.readTree(rawBayeuxJson == null ? "" : rawBayeuxJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON Streaming API message: " + e.getOriginalMessage(), e);
        }
        String channel = text(root.path("channel"));
        JsonNode data = root.path("data");
        if (channel == null || !data.isObject()) {
            throw new IllegalArgumentException("not a Streaming API event: channel or data missing");
        }
        JsonNode event = data.path("event");
        JsonNode payload = data.path("payload");
        JsonNode header = payload.path("ChangeEventHeader");
        // A fraction also "can convert" (truncated): only a whole number that fits is a replay id.
        JsonNode replay = event.path("replayId");
        Long replayId = replay.isIntegralNumber() && replay.canConvertToLong() ? replay.asLong() : null;
        String eventId = text(event.path("EventUuid"));
        Instant createdAt = instant(text(payload.path("CreatedDate")));
        if (header.isObject()) {
            // A change event is keyed by its transaction and record on both transports (over Pub/Sub it also has
            // an event id, over CometD none), so a switch of transport, which replays the retained events, stores
            // none of them twice.
            if (text(header.path("transactionKey")) != null) {
                eventId = "cdc:" + text(header.path("transactionKey")) + ":" + text(header.path("recordIds").path(0));
            }
            if (header.path("commitTimestamp").canConvertToLong()) {
                createdAt = Instant.ofEpochMilli(header.path("commitTimestamp").asLong());
            }
        }
        if (eventId == null) {
            eventId = "replay:" + channel + ":" + replayId;
        }
        return new StreamEvent(channel, eventId, channel.substring(channel.lastIndexOf('/') + 1), replayId,
                text(event.path("pubSubReplayId")), createdAt, payload, header.isObject() ? header : null,
                text(event.path(PubSubEvents.UNREADABLE)));
    }

    boolean isChangeEvent() {
        return changeHeader != null;
    }

    /** A text value, or null when it is absent, JSON null or blank. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String text = node.asText().trim();
        return text.isEmpty() ? null : text;
    }

    /**
     * A Salesforce date-time or date (taken as midnight UTC), or epoch milliseconds (how the Pub/Sub API's JSON
     * writes a DateTime); null when absent or unreadable.
     */
    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        if (EPOCH_MILLIS.matcher(text).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        try {
            return text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text, SALESFORCE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
