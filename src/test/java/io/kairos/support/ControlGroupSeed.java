package io.kairos.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A control-group population as Kairos writes it, in set-based inserts (one statement per group of customers,
 * whatever its size): signals, ledger entries (SENT, HELD_OUT, ...) and enriched tickets with their topics.
 * Customers are {@code <prefix><i>@x.example}.
 */
public final class ControlGroupSeed {

    private final JdbcTemplate jdbc;
    private final boolean postgres;

    public ControlGroupSeed(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.postgres = jdbc.execute((ConnectionCallback<Boolean>) connection ->
                connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres"));
    }

    public void signal(String id, String type, String recordId, Instant receivedAt) {
        signal(id, type, recordId, type + " " + recordId, receivedAt);
    }

    public void signal(String id, String type, String recordId, String title, Instant receivedAt) {
        jdbc.update("""
                insert into signal (id, dedupe_key, source, type, record_id, severity, title, status,
                                    planned_count, received_at)
                values (?, ?, 'manual', ?, ?, 'NORMAL', ?, 'DONE', 0, ?)""",
                id, "key-" + id, type, recordId, title, receivedAt.atOffset(ZoneOffset.UTC));
    }

    /** Customers {@code prefix}1 to {@code prefix}n, one ledger entry each about the signal. */
    public void ledger(String prefix, int n, String signalId, String decision, Instant at) {
        ledger(prefix, n, signalId, decision, "HELD_OUT".equals(decision) ? "CONTROL_GROUP" : null, at);
    }

    /** The same with the entries' reason code. */
    public void ledger(String prefix, int n, String signalId, String decision, String reasonCode, Instant at) {
        ledger(prefix, n, signalId, decision, reasonCode, null, at);
    }

    /** The same with the entries' experiment arm, e.g. SENT in the send-time experiment's send-time:at-once. */
    public void ledger(String prefix, int n, String signalId, String decision, String reasonCode, String arm,
                       Instant at) {
        jdbc.update("""
                insert into ledger_entry (contact_email, signal_id, signal_type, record_id, channel, decision,
                                          reason_code, experiment_arm, occurred_at)
                select cast(? as varchar) || n.i || '@x.example', s.id, s.type, s.record_id, 'intercom', ?, ?, ?, ?
                from %s, signal s where s.id = ?""".formatted(series()),
                prefix, decision, reasonCode, arm, at.atOffset(ZoneOffset.UTC), n, signalId);
    }

    /**
     * The SENT outbox rows of customers {@code from} to {@code to} of the signal through {@code channel}, answered at
     * {@code answeredAt} (null: not answered), as Kairos writes them when the send succeeds and when Intercom reports
     * the answer.
     */
    public void sent(String prefix, int from, int to, String signalId, String channel, Instant answeredAt) {
        jdbc.update("""
                insert into outbox_message (signal_id, contact_email, channel, send_at, status, external_id,
                                            answered_at, created_at, updated_at)
                select ?, cast(? as varchar) || n.i || '@x.example', ?, ?, 'SENT',
                       cast(? as varchar) || n.i, ?, ?, ?
                from %s where n.i >= ?""".formatted(series()),
                signalId, prefix, channel, ts(answeredAt == null ? Instant.EPOCH : answeredAt),
                "msg-" + signalId + "-" + prefix, answeredAt == null ? null : ts(answeredAt),
                ts(Instant.EPOCH), ts(Instant.EPOCH), to, from);
    }

    private static java.time.OffsetDateTime ts(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    /** An enriched ticket with these topics for customers {@code from} to {@code to}, first enriched at. */
    public void tickets(String prefix, int from, int to, Instant at, List<String> topics) {
        long base = jdbc.queryForObject("select coalesce(max(ticket_id), 0) from ticket_enrichment", Long.class);
        jdbc.update("""
                insert into ticket_enrichment (ticket_id, fingerprint, contact_email, enriched_at, ticket_status,
                                               subject, first_enriched_at)
                select ? + n.i, 'f', cast(? as varchar) || n.i || '@x.example', ?, 'open', 'help', ?
                from %s where n.i >= ?""".formatted(series()),
                base, prefix, at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC), to, from);
        for (String topic : topics) {
            jdbc.update("""
                    insert into ticket_topic (ticket_id, topic, contact_email)
                    select ? + n.i, ?, cast(? as varchar) || n.i || '@x.example' from %s where n.i >= ?"""
                    .formatted(series()), base, topic, prefix, to, from);
        }
    }

    /** 1 to the next parameter, as column n.i. */
    private String series() {
        return postgres ? "generate_series(1, cast(? as integer)) as n(i)" : "system_range(1, ?) as n(i)";
    }
}
