package io.kairos.salesforce;

import io.kairos.platform.CachedReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Per subscribed channel, the age of the stored replay position (now minus the creation time of the last stored
 * event): it grows on a quiet channel too, but an alert well below Salesforce's 72-hour retention catches a stuck
 * subscription before events are lost. NaN while no position is stored.
 */
@Component
class ReplayPositionMetrics {

    static final String AGE = "kairos.salesforce.replay.position.age";
    static final String OPEN_GAPS = "kairos.salesforce.replay.gaps.open";

    ReplayPositionMetrics(ReplayPositions positions, SignalChannelProperties channels, MeterRegistry meters,
                          Clock clock) {
        Duration ttl = Duration.ofSeconds(10);
        for (String channel : List.of(channels.platformEventChannel(), channels.orderChangeChannel())) {
            // The later of the CometD and the Pub/Sub position: the one the running transport moves.
            CachedReading<Double> age = new CachedReading<>(() -> Stream.of(
                            positions.find(channel).map(ReplayPosition::eventCreatedAt),
                            positions.findPubSub(channel).map(PubSubPosition::eventCreatedAt))
                    .flatMap(Optional::stream).max(Comparator.naturalOrder())
                    .map(created -> Duration.between(created, clock.instant()).toMillis() / 1000.0)
                    .orElse(Double.NaN), Double.NaN, ttl, clock);
            Gauge.builder(AGE, age, CachedReading::get)
                    .tag("channel", channel)
                    .baseUnit("seconds")
                    .description("Age of the last Salesforce event whose replay position is stored, per channel")
                    .strongReference(true)
                    .register(meters);
        }
        CachedReading<Integer> gaps = new CachedReading<>(() -> positions.openGaps().size(), 0, ttl, clock);
        Gauge.builder(OPEN_GAPS, gaps, r -> r.get())
                .description("Replay gaps not reconciled yet")
                .strongReference(true)
                .register(meters);
    }
}
