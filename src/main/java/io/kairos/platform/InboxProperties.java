package io.kairos.platform;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the inbox is drained and retried.
 *
 * @param pollInterval how often a lane looks for due events unless its own {@code poll-interval} says otherwise
 * @param batchSize the claim size of a lane without its own {@code batch-size}
 * @param lease how long a claimed event stays with one worker before another may take it over
 * @param retention how long finished events are kept (redeliveries within it are still recognised)
 * @param lanes per lane key ({@link InboxLane#key()}): its batch size, concurrency and poll interval
 */
@ConfigurationProperties("kairos.inbox")
public record InboxProperties(
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("20") int batchSize,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration backoffInitial,
        @DefaultValue("10m") Duration backoffMax,
        @DefaultValue("14d") Duration retention,
        Map<String, Lane> lanes) {

    @ConstructorBinding
    public InboxProperties {
        lanes = lanes == null ? Map.of() : Map.copyOf(lanes);
        for (Map.Entry<String, Lane> lane : lanes.entrySet()) {
            InboxLane.of(lane.getKey());
            if (lane.getValue().batchSize() < 1 || lane.getValue().concurrency() < 1) {
                throw new IllegalArgumentException("kairos.inbox.lanes." + lane.getKey()
                        + ": batch-size and concurrency must be at least 1");
            }
        }
    }

    /** Every lane with the shared batch size and one worker. */
    public InboxProperties(Duration pollInterval, int batchSize, Duration lease, int maxAttempts,
                           Duration backoffInitial, Duration backoffMax, Duration retention) {
        this(pollInterval, batchSize, lease, maxAttempts, backoffInitial, backoffMax, retention, Map.of());
    }

    /** The settings of a lane, falling back to the shared batch size, one worker and the shared poll interval. */
    public Lane lane(InboxLane lane) {
        Lane own = lanes.get(lane.key());
        return own != null ? own : new Lane(batchSize, 1, pollInterval);
    }

    /**
     * One lane's settings.
     *
     * @param batchSize events claimed at once (each holds a lease until processed)
     * @param concurrency events of one claim processed at the same time, on the lane's Camel thread pool
     * @param pollInterval how often the lane looks for due events
     */
    public record Lane(@DefaultValue("20") int batchSize, @DefaultValue("1") int concurrency,
                       @DefaultValue("250ms") Duration pollInterval) { }
}
