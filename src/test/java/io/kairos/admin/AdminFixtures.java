package io.kairos.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows as Kairos writes them, for the admin's reports and the agent's sidebar: signals, their messages, tickets,
 * ledger and dead letters.
 */
public final class AdminFixtures {

    private final JdbcTemplate jdbc;

    public AdminFixtures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void signal(String id, String type, String recordId, String product, String title, Instant receivedAt) {
        jdbc.update("""
                insert into signal (id, dedupe_key, source, type, record_id, severity, title, product, status,
                                    planned_count, received_at)
                values (?, ?, 'manual', ?, ?, 'HIGH', ?, ?, 'PLANNED', 0, ?)""",
                id, "key-" + id, type, recordId, title, product, utc(receivedAt));
    }

    /** An outbox row; returns its id. */
    public long message(String signalId, String email, String channel, String status, String reasonCode, String reason,
                 Instant at) {
        jdbc.update("""
                insert into outbox_message (signal_id, contact_email, contact_name, channel, variables, send_at, status,
                                            reason_code, reason, attempts, created_at, updated_at)
                values (?, ?, ?, ?, '{"firstName":"X"}', ?, ?, ?, ?, 1, ?, ?)""",
                signalId, email, email, channel, utc(at), status, reasonCode, reason, utc(at), utc(at));
        return jdbc.queryForObject("select id from outbox_message where signal_id = ? and contact_email = ?",
                Long.class, signalId, email);
    }

    public void ledger(String email, String signalId, String type, String recordId, String channel, String decision,
                String reasonCode, String reason, Instant at) {
        jdbc.update("""
                insert into ledger_entry (contact_email, signal_id, signal_type, record_id, channel, decision,
                                          reason_code, reason, summary, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                email, signalId, type, recordId, channel, decision, reasonCode, reason, type + " " + recordId, utc(at));
    }

    /** An enriched ticket of the customer about these topics, first enriched at {@code at}. */
    void ticket(long ticketId, String email, String subject, String status, Instant at, String... topics) {
        jdbc.update("""
                insert into ticket_enrichment (ticket_id, fingerprint, contact_email, enriched_at, ticket_status,
                                               subject, first_enriched_at)
                values (?, 'f', ?, ?, ?, ?, ?)""", ticketId, email, utc(at), status, subject, utc(at));
        for (String topic : topics) {
            jdbc.update("insert into ticket_topic (ticket_id, topic, contact_email) values (?, ?, ?)", ticketId, topic,
                    email);
        }
    }

    /** A dead letter; returns its id. */
    long deadLetter(String source, String eventId, String eventType, String reason, String payload, Instant at) {
        jdbc.update("""
                insert into dead_letter (source, event_id, event_type, reason, payload, attempts, failed_at,
                                         correlation_id)
                values (?, ?, ?, ?, ?, 8, ?, 'cid-' || ?)""", source, eventId, eventType, reason, payload, utc(at),
                eventId);
        return jdbc.queryForObject("select max(id) from dead_letter where source = ? and event_id = ?", Long.class,
                source, eventId);
    }

    /** A planned message that failed for good: FAILED outbox row, its dead letter and the FAILED ledger entry. */
    long failedMessage(String signalId, String type, String recordId, String email, Instant at) {
        long id = message(signalId, email, "intercom", "FAILED", "HTTP_400", "Intercom refused the message", at);
        ledger(email, signalId, type, recordId, "intercom", "FAILED", "HTTP_400", "Intercom refused the message", at);
        return deadLetter("outbox", Long.toString(id), type, "HTTP_400: Intercom refused the message", """
                {"outboxId":%d,"signalId":"%s","signalType":"%s","recordId":"%s","contactEmail":"%s",
                 "channel":"intercom","variables":{"firstName":"Jane","accessToken":"tok-secret-123"}}"""
                .formatted(id, signalId, type, recordId, email), at);
    }

    private static Object utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
