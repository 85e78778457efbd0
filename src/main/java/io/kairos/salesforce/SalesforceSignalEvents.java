package io.kairos.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalRecordIds;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns a raw Streaming API message (a Kairos_Signal__e platform event, or an Order change event whose status
 * became the "delayed" value) into a {@link Signal}; anything else is no signal.
 */
@Component("salesforceSignalEvents")
public class SalesforceSignalEvents {

    static final String SOURCE = "salesforce";

    private final SignalChannelProperties properties;
    private final Clock clock;

    public SalesforceSignalEvents(SignalChannelProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** For routes: the signal in a stored streaming event, or null when the event is not one (a non-delay change). */
    public Signal signalOrNull(String rawBayeuxJson) {
        return toSignal(rawBayeuxJson).orElse(null);
    }

    /**
     * The signal this message carries, empty when it carries none (a change that is not a delay, a platform event
     * without a known type). The id derives from the dedupe key {@code sf:<event id>}, so a redelivery maps to
     * the same signal.
     *
     * @throws IllegalArgumentException when the text is not a Streaming API event at all, or one Kairos could not
     *                                  read when it arrived (its reason said)
     * @throws io.kairos.proactive.InvalidSignalException when the signal's recordId does not fit its type (an
     *                                                    ORDER_DELAY whose record is not an Order id)
     */
    public Optional<Signal> toSignal(String rawBayeuxJson) {
        StreamEvent event = StreamEvent.parse(rawBayeuxJson);
        if (event.unreadable() != null) {
            throw new IllegalArgumentException("unreadable Salesforce event " + event.eventId() + " on "
                    + event.channel() + ": " + event.unreadable());
        }
        return event.isChangeEvent() ? orderDelay(event) : platformEvent(event);
    }

    private Optional<Signal> platformEvent(StreamEvent event) {
        SignalChannelProperties.Fields fields = properties.fields();
        JsonNode payload = event.payload();
        Signal.Type type = enumValue(Signal.Type.class, field(payload, fields.type()));
        if (type == null) {
            return Optional.empty();
        }
        Signal.Severity severity = enumValue(Signal.Severity.class, field(payload, fields.severity()));
        return Optional.of(signal(event, type, field(payload, fields.recordId()),
                severity == null ? Signal.Severity.NORMAL : severity, field(payload, fields.title()),
                field(payload, fields.body()), field(payload, fields.product()),
                StreamEvent.instant(field(payload, fields.startsAt())),
                StreamEvent.instant(field(payload, fields.endsAt()))));
    }

    private Optional<Signal> orderDelay(StreamEvent event) {
        JsonNode header = event.changeHeader();
        String statusField = properties.fields().orderStatus();
        String entity = StreamEvent.text(header.path("entityName"));
        String recordId = StreamEvent.text(header.path("recordIds").path(0));
        boolean statusChanged = false;
        for (JsonNode changed : header.path("changedFields")) {
            statusChanged |= statusField.equals(changed.asText());
        }
        boolean delay = (entity == null || "Order".equals(entity))
                && "UPDATE".equals(StreamEvent.text(header.path("changeType")))
                && statusChanged
                && properties.delayedStatus().equalsIgnoreCase(field(event.payload(), statusField))
                && recordId != null;
        if (!delay) {
            return Optional.empty();
        }
        return Optional.of(signal(event, Signal.Type.ORDER_DELAY, recordId, Signal.Severity.NORMAL, null, null, null,
                event.createdAt(), null));
    }

    private Signal signal(StreamEvent event, Signal.Type type, String recordId, Signal.Severity severity,
                          String title, String body, String product, Instant startsAt,
                          Instant endsAt) {
        // Checked here, not when planning: a record id the type cannot use will never be one, so no retry helps.
        SignalRecordIds.check(type, recordId);
        String dedupeKey = "sf:" + event.eventId();
        String id = UUID.nameUUIDFromBytes(dedupeKey.getBytes(StandardCharsets.UTF_8)).toString();
        return new Signal(id, dedupeKey, SOURCE, type, recordId, severity, title, body, product, startsAt, endsAt,
                null, clock.instant());
    }

    private static String field(JsonNode payload, String name) {
        return name == null ? null : StreamEvent.text(payload.path(name));
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace(' ', '_'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
