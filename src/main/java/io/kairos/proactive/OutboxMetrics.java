package io.kairos.proactive;

import io.kairos.platform.CachedReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauges of the outbox, read from the store: unfinished messages per status, and how late the oldest due message
 * is (a PLANNED row whose send-at has passed; one deferred to the end of quiet hours is not late until then).
 */
@Component
class OutboxMetrics {

    static final String DEPTH = "kairos.outbox.depth";
    static final String OLDEST_DUE_AGE = "kairos.outbox.oldest.due.age";

    private static final List<String> UNFINISHED = List.of("PLANNED", "CLAIMED", "SENDING", "NEEDS_RECONCILE");

    OutboxMetrics(JdbcTemplate jdbc, MeterRegistry meters, Clock clock) {
        Duration ttl = Duration.ofSeconds(10);
        CachedReading<Map<String, Long>> depth = new CachedReading<>(() -> {
            Map<String, Long> counts = new HashMap<>();
            jdbc.query("""
                    select status, count(*) from outbox_message
                    where status in ('PLANNED', 'CLAIMED', 'SENDING', 'NEEDS_RECONCILE') group by status""",
                    rs -> {
                        counts.put(rs.getString(1), rs.getLong(2));
                    });
            return counts;
        }, Map.of(), ttl, clock);
        for (String status : UNFINISHED) {
            Gauge.builder(DEPTH, depth, r -> r.get().getOrDefault(status, 0L))
                    .tag("status", status.toLowerCase())
                    .description("Outbox messages not finished yet, per status")
                    .strongReference(true)
                .register(meters);
        }
        CachedReading<Double> oldest = new CachedReading<>(() -> {
            Instant now = clock.instant();
            var sendAt = jdbc.queryForObject("""
                    select min(send_at) from outbox_message where status = 'PLANNED' and send_at <= ?""",
                    java.sql.Timestamp.class, now.atOffset(ZoneOffset.UTC));
            return sendAt == null ? 0.0 : Duration.between(sendAt.toInstant(), now).toMillis() / 1000.0;
        }, Double.NaN, ttl, clock);
        Gauge.builder(OLDEST_DUE_AGE, oldest, CachedReading::get)
                .baseUnit("seconds")
                .description("How long the oldest due PLANNED message has waited past its send-at; 0 when none")
                .strongReference(true)
                .register(meters);
    }
}
