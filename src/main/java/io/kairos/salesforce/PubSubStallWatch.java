package io.kairos.salesforce;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Notices a stalled Pub/Sub subscription: camel-salesforce's client neither reports keepalives nor notices a stream
 * that went silent with its connection open. A running subscription that received nothing for
 * {@code kairos.signals.keepalive-timeout} (above Salesforce's 270 s keepalive) is checked by asking Salesforce, on
 * a call of its own, for the first event after the stored replay id: if there is one and the subscription still
 * delivered nothing, the stream is stalled, and the subscriptions restart from the stored positions (one WARN, the
 * stall counter). A quiet channel costs one short Subscribe call per timeout and delivers nothing.
 */
@Component
public class PubSubStallWatch implements DisposableBean {

    static final String STALLS = "kairos.salesforce.stream.stalls";

    private static final Logger log = LoggerFactory.getLogger(PubSubStallWatch.class);

    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private final PubSubProbe probe;
    private final ReplayPositions positions;
    private final SignalChannelProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private volatile ScheduledExecutorService executor;

    public PubSubStallWatch(PubSubProbe probe, ReplayPositions positions, SignalChannelProperties properties,
                            MeterRegistry meters, Clock clock) {
        this.probe = probe;
        this.positions = positions;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** Something arrived on the channel's subscription, or it (re)started: it is alive now. */
    public void seen(String channel) {
        lastSeen.put(channel, clock.instant());
    }

    /** Starts checking the Pub/Sub subscriptions the starter runs. */
    public void watch(SalesforceStreamStarter starter) {
        if (!properties.subscribe() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "salesforce-stall-watch");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(200, Math.min(30_000, properties.keepaliveTimeout().toMillis() / 4));
        executor.scheduleWithFixedDelay(() -> checkAll(starter), period, period, TimeUnit.MILLISECONDS);
    }

    private void checkAll(SalesforceStreamStarter starter) {
        starter.runningPubSubSubscriptions().forEach((channel, component) -> {
            try {
                if (check(channel, component)) {
                    starter.streamStalled(channel);
                }
            } catch (RuntimeException e) {
                log.warn("Salesforce channel {}: stall check failed ({})", channel, e.toString());
            }
        });
    }

    /** True when the channel's subscription is stalled: Salesforce holds an event it has not delivered. */
    boolean check(String channel, SalesforceComponent component) {
        Instant since = lastSeen.computeIfAbsent(channel, c -> clock.instant());
        Instant probedAt = clock.instant();
        if (Duration.between(since, probedAt).compareTo(properties.keepaliveTimeout()) < 0) {
            return false;
        }
        String stored = storedReplayId(channel);
        Optional<String> undelivered;
        try {
            undelivered = probe.firstEventAfter(component, channel, stored, properties.stallProbeWait());
        } catch (IllegalStateException e) {
            // Salesforce unreachable or the id refused: the subscription's own client meets the same and says so.
            log.info("Salesforce channel {}: could not check the subscription for a stall ({})", channel,
                    e.getMessage());
            lastSeen.put(channel, clock.instant());
            return false;
        }
        boolean stalled = isStalled(undelivered.isPresent(), stored, storedReplayId(channel),
                lastSeen.get(channel), probedAt);
        lastSeen.put(channel, clock.instant());
        if (stalled) {
            Counter.builder(STALLS).tag("channel", channel)
                    .description("Pub/Sub subscriptions found stalled and resubscribed from the stored position")
                    .register(meters).increment();
            log.warn("Salesforce channel {}: the Pub/Sub subscription delivered nothing for {} while Salesforce "
                    + "holds events after the stored replay id: stalled, resubscribing from the stored position",
                    channel, Duration.between(since, probedAt));
        }
        return stalled;
    }

    /**
     * Stalled only if Salesforce had an event after the stored id and the subscription showed no life while it was
     * asked: a stored position that moved or an event that arrived meanwhile means it was in flight.
     */
    static boolean isStalled(boolean undelivered, String storedBefore, String storedAfter, Instant lastSeen,
                             Instant probedAt) {
        return undelivered && Objects.equals(storedBefore, storedAfter)
                && (lastSeen == null || !lastSeen.isAfter(probedAt));
    }

    private String storedReplayId(String channel) {
        return positions.findPubSub(channel).map(PubSubPosition::replayId).orElse(null);
    }

    @Override
    public void destroy() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
        }
    }
}
