package io.kairos.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauges of the inbox and the dead letters, read from the store (so every replica reports the same figures): events
 * waiting or in processing, and dead letters not replayed yet, per source.
 */
@Component
class StoreMetrics {

    static final String INBOX_DEPTH = "kairos.inbox.depth";
    static final String DEAD_LETTERS = "kairos.dead.letters.open";

    /** The sources that write dead letters: the inbox's and the outbox's. */
    static final List<String> SOURCES = List.of("zendesk", "intercom", "manual", "salesforce", "outbox");

    StoreMetrics(JdbcTemplate jdbc, MeterRegistry meters, Clock clock) {
        Duration ttl = Duration.ofSeconds(10);
        CachedReading<Map<String, Long>> inbox = new CachedReading<>(() -> counts(jdbc,
                "select status, count(*) from inbox_event where status in ('PENDING', 'PROCESSING') group by status"),
                Map.of(), ttl, clock);
        for (String status : List.of("PENDING", "PROCESSING")) {
            Gauge.builder(INBOX_DEPTH, inbox, r -> r.get().getOrDefault(status, 0L))
                    .tag("status", status.toLowerCase())
                    .description("Inbox events waiting for processing (pending, also retries) or being processed")
                    .strongReference(true)
                    .register(meters);
        }
        CachedReading<Map<String, Long>> letters = new CachedReading<>(() -> counts(jdbc,
                "select source, count(*) from dead_letter where replayed_at is null group by source"),
                Map.of(), ttl, clock);
        for (String source : SOURCES) {
            Gauge.builder(DEAD_LETTERS, letters, r -> r.get().getOrDefault(source, 0L))
                    .tag("source", source)
                    .description("Dead letters not replayed yet")
                    .strongReference(true)
                    .register(meters);
        }
    }

    private static Map<String, Long> counts(JdbcTemplate jdbc, String sql) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query(sql, rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }
}
