package io.kairos.salesforce;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides where a subscription resumes: after the stored position; new events only (-1) for a channel never
 * seen; or, when the stored position is older than Salesforce's retention, the earliest retained event (-2) with
 * a recorded gap, a metric and a warning, never silently new-only.
 */
@Component
public class SubscriptionReplay {

    /** Salesforce's replay id for "only events published from now on". */
    static final long NEW_EVENTS = -1;
    /** Salesforce's replay id for "every event still retained". */
    static final long ALL_RETAINED = -2;
    static final String GAP_COUNTER = "kairos.salesforce.replay.gap";

    private static final Logger log = LoggerFactory.getLogger(SubscriptionReplay.class);

    private final ReplayPositions positions;
    private final SignalChannelProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    public SubscriptionReplay(ReplayPositions positions, SignalChannelProperties properties, Clock clock,
                              MeterRegistry meters) {
        this.positions = positions;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** The replay id to subscribe to this channel with. */
    public long startFrom(String channel) {
        ReplayPosition position = positions.find(channel).orElse(null);
        if (position == null) {
            log.info("No stored position for Salesforce channel {}: subscribing for new events only", channel);
            return NEW_EVENTS;
        }
        Instant last = lastEvent(position);
        if (last.isBefore(clock.instant().minus(properties.retention()))) {
            if (positions.recordGap(channel, last)) {
                countGap(channel);
            }
            log.warn("Salesforce channel {}: stored replayId {} (event of {}) is older than the {} retention; "
                    + "resubscribing from the earliest retained event (-2), events since {} need reconciliation",
                    channel, position.replayId(), last, properties.retention(), last);
            return ALL_RETAINED;
        }
        log.info("Salesforce channel {}: resuming after stored replayId {}", channel, position.replayId());
        return position.replayId();
    }

    /**
     * Where a Pub/Sub subscription to this channel starts: right after the stored replay id; the earliest retained
     * event when none is stored (nothing is skipped: the inbox drops what it already holds), or when the stored one
     * is older than the retention, with a recorded gap, the metric and a warning.
     *
     * @return the stored Base64 replay id, or null for EARLIEST
     */
    public String pubSubStartFrom(String channel) {
        PubSubPosition position = positions.findPubSub(channel).orElse(null);
        if (position == null) {
            log.info("No stored Pub/Sub position for Salesforce channel {}: subscribing from the earliest retained "
                    + "event", channel);
            return null;
        }
        Instant last = position.eventCreatedAt() != null ? position.eventCreatedAt() : position.updatedAt();
        if (last.isBefore(clock.instant().minus(properties.retention()))) {
            if (positions.recordGap(channel, last)) {
                countGap(channel);
            }
            log.warn("Salesforce channel {}: stored Pub/Sub replay id (event of {}) is older than the {} retention; "
                    + "subscribing from the earliest retained event, events since {} need reconciliation", channel,
                    last, properties.retention(), last);
            return null;
        }
        log.info("Salesforce channel {}: resuming over Pub/Sub after the stored replay id", channel);
        return position.replayId();
    }

    /**
     * Salesforce refused the stored Pub/Sub replay id of this channel (no longer retained, or not one of its ids):
     * records the gap from the stored position with the metric and one warning; the subscription then restarts
     * from the earliest retained event.
     */
    public void pubSubRejected(String channel, String error) {
        Instant since = null;
        try {
            PubSubPosition position = positions.findPubSub(channel).orElse(null);
            since = position == null ? null
                    : position.eventCreatedAt() != null ? position.eventCreatedAt() : position.updatedAt();
            if (positions.recordGap(channel, since)) {
                countGap(channel);
            }
        } catch (RuntimeException e) {
            countGap(channel);
            log.error("Salesforce channel {}: the replay gap could not be recorded ({})", channel, e.toString());
        }
        log.warn("Salesforce channel {}: Salesforce refused the stored Pub/Sub replay id (\"{}\"); resubscribing "
                + "from the earliest retained event, events since {} need reconciliation", channel, error, since);
    }

    /**
     * Salesforce refused the replay id Kairos subscribed this channel with, and camel-salesforce resubscribes from
     * its fallBackReplayId on its own: records the gap from the stored position, with the metric and a warning.
     */
    public void rejected(String channel, String error) {
        ReplayPosition position;
        try {
            position = positions.find(channel).orElse(null);
            // CometD may repeat a refused subscribe: the repeats name the gap already recorded, not a new one.
            if (position == null || positions.recordGap(channel, lastEvent(position))) {
                countGap(channel);
            }
        } catch (RuntimeException e) {
            countGap(channel);
            log.error("Salesforce channel {}: Salesforce refused the stored replayId (\"{}\") and the gap could not "
                    + "be recorded ({}); events since the stored position may be missing", channel, error,
                    e.toString());
            return;
        }
        if (position == null) {
            log.warn("Salesforce channel {}: Salesforce refused the replayId Kairos subscribed with (\"{}\") and no "
                    + "position is stored; Camel resubscribes from its fallBackReplayId", channel, error);
            return;
        }
        log.warn("Salesforce channel {}: Salesforce refused stored replayId {} (event of {}): \"{}\"; Camel "
                + "resubscribes from its fallBackReplayId, events since {} need reconciliation", channel,
                position.replayId(), lastEvent(position), error, lastEvent(position));
    }

    private static Instant lastEvent(ReplayPosition position) {
        return position.eventCreatedAt() != null ? position.eventCreatedAt() : position.updatedAt();
    }

    private void countGap(String channel) {
        Counter.builder(GAP_COUNTER)
                .description("Gaps opened: Salesforce subscriptions resumed from the earliest retained event "
                        + "because the stored position had expired or was refused")
                .tag("channel", channel)
                .register(meters)
                .increment();
    }
}
