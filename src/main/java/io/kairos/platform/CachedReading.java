package io.kairos.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * A store reading behind gauges: taken at most once per {@code ttl}, on the scrape that finds it stale, so a scrape
 * costs one small indexed query now and then, and several gauges share it. While the store is down the gauges show
 * {@code fallback} (NaN for ages) rather than a stale figure.
 */
public final class CachedReading<T> {

    private static final Logger LOG = LoggerFactory.getLogger(CachedReading.class);

    private final Supplier<T> query;
    private final T fallback;
    private final Duration ttl;
    private final Clock clock;
    private T value;
    private Instant readAt = Instant.MIN;

    public CachedReading(Supplier<T> query, T fallback, Duration ttl, Clock clock) {
        this.query = query;
        this.fallback = fallback;
        this.ttl = ttl;
        this.clock = clock;
    }

    public synchronized T get() {
        Instant now = clock.instant();
        if (value == null || !now.isBefore(readAt.plus(ttl))) {
            try {
                value = query.get();
            } catch (DataAccessException storeDown) {
                LOG.debug("Metrics reading failed: {}", storeDown.getMostSpecificCause().getMessage());
                value = fallback;
            }
            readAt = now;
        }
        return value;
    }
}
