package io.kairos.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.proactive.ChangeRule;
import io.kairos.proactive.InvalidSignalException;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.kairos.proactive.SignalKind;
import io.kairos.proactive.SignalRecordIds;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns a raw Streaming API message (a Kairos_Signal__e platform event, an event on a platform event channel of the
 * org's own that a kind of the signal catalog maps, or a change event meeting a change rule of the catalog, such as
 * an Order whose status became the "delayed" value) into a {@link Signal}; anything else is no signal.
 */
@Component("salesforceSignalEvents")
public class SalesforceSignalEvents {

    static final String SOURCE = "salesforce";
    private static final Logger log = LoggerFactory.getLogger(SalesforceSignalEvents.class);

    private final SignalChannelProperties properties;
    private final Clock clock;
    private final Supplier<SignalCatalog> catalog;

    /** With the kinds Kairos ships. */
    public SalesforceSignalEvents(SignalChannelProperties properties, Clock clock) {
        this(properties, clock, () -> SignalCatalog.BUILT_IN);
    }

    /** @param catalog the signal kinds in force, read for each event (the catalog is reloaded live) */
    @Autowired
    public SalesforceSignalEvents(SignalChannelProperties properties, Clock clock, ProactiveRules rules) {
        this(properties, clock, rules::catalog);
    }

    SalesforceSignalEvents(SignalChannelProperties properties, Clock clock, Supplier<SignalCatalog> catalog) {
        this.properties = properties;
        this.clock = clock;
        this.catalog = catalog;
    }

    /**
     * For routes: the signal in a stored streaming event, or null when it is none (a change no rule meets, an event of
     * a channel no kind takes any more, which is logged).
     */
    public Signal signalOrNull(String rawBayeuxJson) {
        StreamEvent event = StreamEvent.parse(rawBayeuxJson);
        Signal signal = toSignal(event).orElse(null);
        if (signal == null && !event.isChangeEvent() && !isKairosChannel(event.channel())) {
            log.info("Salesforce event {} on {} is no signal: no kind of the signal catalog takes events of that "
                    + "channel (any more)", event.eventId(), event.channel());
        }
        return signal;
    }

    /**
     * The signal this message carries, empty when it carries none (a change no rule meets, a platform event
     * without a known type). The id derives from the dedupe key {@code sf:<event id>}, so a redelivery maps to
     * the same signal.
     *
     * @throws IllegalArgumentException when the text is not a Streaming API event at all, one Kairos could not read
     *                                  when it arrived, or a change whose value does not fit its rule (reason said)
     * @throws InvalidSignalException when the signal's recordId does not fit its type (an ORDER_DELAY whose record
     *                                 is not an Order id), or an event of a mapped channel lacks a mapped field or
     *                                 holds a value that does not fit it
     */
    public Optional<Signal> toSignal(String rawBayeuxJson) {
        return toSignal(StreamEvent.parse(rawBayeuxJson));
    }

    private Optional<Signal> toSignal(StreamEvent event) {
        if (event.unreadable() != null) {
            throw new IllegalArgumentException("unreadable Salesforce event " + event.eventId() + " on "
                    + event.channel() + ": " + event.unreadable());
        }
        if (event.isChangeEvent()) {
            return changeSignal(event);
        }
        for (SignalKind kind : catalog.get().kinds().values()) {
            for (SignalKind.EventSource source : kind.events()) {
                if (source.channel().equals(event.channel())) {
                    return Optional.of(mappedEvent(event, kind, source));
                }
            }
        }
        // Kairos's own channel names the kind in Type__c; any other event is no signal.
        return isKairosChannel(event.channel()) ? platformEvent(event) : Optional.empty();
    }

    private boolean isKairosChannel(String channel) {
        return CamelReplayIds.channelName(properties.platformEventChannel()).equals(channel);
    }

    /**
     * The signal an event of the org's own channel is, its values read from the fields the kind's source maps. A
     * mapped field the event lacks, or a value that cannot be what it maps to, will never be otherwise.
     */
    private Signal mappedEvent(StreamEvent event, SignalKind kind, SignalKind.EventSource source) {
        SignalKind.EventFields fields = source.fields();
        String product = mapped(event, kind, fields.product(), "product");
        if (kind.audience() == SignalKind.Audience.PRODUCT_OWNERS && product == null) {
            throw new InvalidSignalException("product", "is required for " + kind.type() + ": event "
                    + event.eventId() + " on " + event.channel() + " has no " + fields.product());
        }
        String severityText = mapped(event, kind, fields.severity(), "severity");
        Signal.Severity severity = severityText == null ? source.severity()
                : enumValue(Signal.Severity.class, severityText);
        if (severity == null) {
            throw new InvalidSignalException("severity", fields.severity() + " of event " + event.eventId() + " on "
                    + event.channel() + " is '" + shown(severityText) + "', not LOW, NORMAL, HIGH or CRITICAL");
        }
        return signal(event, kind, mapped(event, kind, fields.recordId(), "recordId"), severity,
                mapped(event, kind, fields.title(), "title"), mapped(event, kind, fields.body(), "body"), product,
                mappedInstant(event, kind, fields.startsAt(), "startsAt"),
                mappedInstant(event, kind, fields.endsAt(), "endsAt"));
    }

    /**
     * The text of a mapped event field (null when the mapping names none or the event leaves it empty).
     *
     * @throws InvalidSignalException when the event has no such field (both transports send every field of the
     *                                event, empty ones as null) or holds a structure there
     */
    private static String mapped(StreamEvent event, SignalKind kind, String name, String signalField) {
        if (name == null) {
            return null;
        }
        JsonNode value = event.payload().get(name);
        if (value == null) {
            throw new InvalidSignalException(signalField, "event " + event.eventId() + " on " + event.channel()
                    + " has no field " + name + ", which " + kind.type() + " maps to " + signalField
                    + ": the catalog entry does not fit the event");
        }
        if (value.isContainerNode()) {
            throw new InvalidSignalException(signalField, name + " of event " + event.eventId() + " on "
                    + event.channel() + " is " + value.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not a single value");
        }
        return StreamEvent.text(value);
    }

    private static Instant mappedInstant(StreamEvent event, SignalKind kind, String name, String signalField) {
        String text = mapped(event, kind, name, signalField);
        Instant instant = StreamEvent.instant(text);
        if (text != null && instant == null) {
            throw new InvalidSignalException(signalField, name + " of event " + event.eventId() + " on "
                    + event.channel() + " is '" + shown(text) + "', not a date-time");
        }
        return instant;
    }

    private static String shown(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private Optional<Signal> platformEvent(StreamEvent event) {
        SignalChannelProperties.Fields fields = properties.fields();
        JsonNode payload = event.payload();
        SignalKind kind = kindOf(field(payload, fields.type()), SignalKind.Source.PLATFORM_EVENT).orElse(null);
        if (kind == null) {
            return Optional.empty();
        }
        Signal.Severity severity = enumValue(Signal.Severity.class, field(payload, fields.severity()));
        return Optional.of(signal(event, kind, field(payload, fields.recordId()),
                severity == null ? Signal.Severity.NORMAL : severity, field(payload, fields.title()),
                field(payload, fields.body()), field(payload, fields.product()),
                StreamEvent.instant(field(payload, fields.startsAt())),
                StreamEvent.instant(field(payload, fields.endsAt()))));
    }

    /**
     * The signal of the first catalog kind (in catalog order) with a change rule this update meets; empty for any
     * other change. The record is the changed one (recordIds[0]).
     *
     * @throws IllegalArgumentException when a rule of the event's channel and entity compares numbers and the field's
     *                                  new value is none: the catalog entry does not fit the org
     */
    private Optional<Signal> changeSignal(StreamEvent event) {
        JsonNode header = event.changeHeader();
        String entity = StreamEvent.text(header.path("entityName"));
        String recordId = StreamEvent.text(header.path("recordIds").path(0));
        if (!"UPDATE".equals(StreamEvent.text(header.path("changeType"))) || recordId == null) {
            return Optional.empty();
        }
        List<String> changed = new ArrayList<>();
        header.path("changedFields").forEach(field -> changed.add(field.asText()));
        for (SignalKind kind : catalog.get().kinds().values()) {
            for (ChangeRule rule : rulesOf(kind)) {
                if (!rule.concerns(event.channel(), entity)) {
                    continue;
                }
                boolean met;
                try {
                    met = rule.matches(changed, field(event.payload(), rule.field()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("change event " + event.eventId() + " does not fit "
                            + kind.type() + "'s change-event source (" + rule.describe() + "): " + e.getMessage(), e);
                }
                if (met) {
                    return Optional.of(signal(event, kind, recordId, Signal.Severity.NORMAL, null, null, null,
                            event.createdAt(), null));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The change rules of the catalog's kinds on this channel, in catalog order (the order-change shorthand spelled
     * out): what a change event of the channel is judged by, and what a replay gap on it is reconciled with.
     */
    public List<ChangeRule> rulesOn(String channel) {
        List<ChangeRule> rules = new ArrayList<>();
        for (SignalKind kind : catalog.get().kinds().values()) {
            rulesOf(kind).stream().filter(rule -> rule.channel().equals(channel) && !rules.contains(rule))
                    .forEach(rules::add);
        }
        return rules;
    }

    /** A kind's change rules, its order-change shorthand spelled out as the rule it stands for. */
    private List<ChangeRule> rulesOf(SignalKind kind) {
        if (!kind.accepts(SignalKind.Source.ORDER_CHANGE)) {
            return kind.changeRules();
        }
        List<ChangeRule> rules = new ArrayList<>(kind.changeRules());
        rules.add(orderChange());
        return rules;
    }

    /** What the order-change source stands for: the Order's status becomes kairos.signals.delayed-status. */
    ChangeRule orderChange() {
        // As events name it: a channel configured without its leading slash still matches.
        return new ChangeRule(CamelReplayIds.channelName(properties.orderChangeChannel()), "Order",
                properties.fields().orderStatus(), ChangeRule.Condition.BECOMES, properties.delayedStatus());
    }

    /**
     * The catalog's kind of this name that takes signals from this source; empty (no signal) for a name that is no
     * kind's, or whose kind does not take them from here.
     */
    private Optional<SignalKind> kindOf(String name, SignalKind.Source source) {
        if (name == null) {
            return Optional.empty();
        }
        return catalog.get().kind(name.trim().toUpperCase(Locale.ROOT).replace(' ', '_'), source);
    }

    private Signal signal(StreamEvent event, SignalKind kind, String recordId, Signal.Severity severity,
                          String title, String body, String product, Instant startsAt,
                          Instant endsAt) {
        Signal.Type type = kind.type();
        // Checked here, not when planning: a record id the kind cannot use will never be one, so no retry helps.
        SignalRecordIds.check(kind, recordId);
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
