package io.kairos.admin;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The outbox as an admin needs it: how many messages wait in each unfinished state, how late the oldest due one is,
 * and the messages whose send may or may not have happened (NEEDS_RECONCILE), which only an admin can replay.
 */
@Component
class OutboxOverview {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    OutboxOverview(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A message that waits for an admin. */
    record Waiting(long id, String signalId, String signalType, String title, String contactEmail, String channel,
                   String status, String reasonCode, String reason, int attempts, Instant updatedAt) { }

    /** {@code oldestDueSendAt}: the send-at of the oldest PLANNED message already due, or null. */
    record Overview(Map<String, Long> byStatus, Instant oldestDueSendAt, Long oldestDueSeconds,
                    List<Waiting> needsReconcile) { }

    Overview overview(int limit) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (String status : List.of("PLANNED", "CLAIMED", "SENDING", "NEEDS_RECONCILE", "FAILED", "SUPPRESSED",
                "NOTED", "HELD_OUT", "SENT")) {
            byStatus.put(status, 0L);
        }
        jdbc.query("select status, count(*) from outbox_message group by status", rs -> {
            byStatus.put(rs.getString(1), rs.getLong(2));
        });
        Instant now = clock.instant();
        Timestamp oldest = jdbc.queryForObject(
                "select min(send_at) from outbox_message where status = 'PLANNED' and send_at <= ?", Timestamp.class,
                now.atOffset(ZoneOffset.UTC));
        Instant oldestDue = oldest == null ? null : oldest.toInstant();
        List<Waiting> waiting = jdbc.query("""
                select o.id, o.signal_id, s.type, s.title, o.contact_email, o.channel, o.status, o.reason_code,
                       o.reason, o.attempts, o.updated_at
                from outbox_message o join signal s on s.id = o.signal_id
                where o.status = 'NEEDS_RECONCILE' order by o.updated_at desc, o.id desc limit ?""",
                (rs, i) -> new Waiting(rs.getLong("id"), rs.getString("signal_id"), rs.getString("type"),
                        rs.getString("title"), rs.getString("contact_email"), rs.getString("channel"),
                        rs.getString("status"), rs.getString("reason_code"), rs.getString("reason"),
                        rs.getInt("attempts"), rs.getTimestamp("updated_at").toInstant()),
                Math.min(Math.max(limit, 1), 1000));
        return new Overview(byStatus, oldestDue,
                oldestDue == null ? null : Math.max(0, now.getEpochSecond() - oldestDue.getEpochSecond()), waiting);
    }
}
