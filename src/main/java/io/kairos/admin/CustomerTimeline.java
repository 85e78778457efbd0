package io.kairos.admin;

import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import io.kairos.proactive.SuppressionList;
import io.kairos.timing.UtcText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One customer's story, by email: the tickets Kairos enriched, the signals that concerned them and what became of
 * each message (with the reason when none went out: "why was I not told?"), every ledger decision, and whether they
 * are on the suppression list. The admin page and the agent sidebar both read it.
 */
@Component
public class CustomerTimeline {

    static final int LIMIT = 500;

    private final JdbcTemplate jdbc;
    private final LedgerStore ledger;
    private final SuppressionList suppressions;

    CustomerTimeline(JdbcTemplate jdbc, LedgerStore ledger, SuppressionList suppressions) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.suppressions = suppressions;
    }

    /** A ticket Kairos enriched for the customer, with what it is about (its topics) as last written. */
    public record Ticket(long ticketId, String subject, String status, Instant firstEnrichedAt, Instant lastEnrichedAt,
                  List<String> topics) { }

    /** One signal that concerned the customer and the fate of its message, in one sentence ({@code verdict}). */
    public record SignalOutcome(String signalId, String type, String recordId, String title, Instant receivedAt,
                         long messageId, String channel, String status, String reasonCode, String reason,
                         Instant sendAt, Long ticketId, String verdict) { }

    /** One line of the chronological story. */
    public record Event(Instant at, String kind, String title, String detail) { }

    public record Timeline(String email, SuppressionList.Entry suppression, List<Ticket> tickets,
                    List<SignalOutcome> signals, List<LedgerEntry> decisions, List<Event> events) { }

    public Timeline of(String rawEmail) {
        return of(rawEmail, LIMIT);
    }

    /** With at most {@code decisionLimit} ledger decisions, the newest (the sidebar shows a few, the admin many). */
    public Timeline of(String rawEmail, int decisionLimit) {
        String email = rawEmail.trim().toLowerCase(Locale.ROOT);
        List<Ticket> tickets = tickets(email);
        List<SignalOutcome> signals = signals(email);
        List<LedgerEntry> decisions = ledger.decisionsFor(email, Math.min(decisionLimit, LIMIT));
        Optional<SuppressionList.Entry> suppression = suppressions.find(email);
        List<Event> events = new ArrayList<>();
        tickets.forEach(t -> events.add(new Event(t.firstEnrichedAt(), "ticket", "Ticket #" + t.ticketId()
                + " enriched" + (t.subject() == null ? "" : ": " + t.subject()), "status " + orDash(t.status())
                + (t.topics().isEmpty() ? "" : "; about " + String.join(", ", t.topics())))));
        signals.forEach(s -> events.add(new Event(s.receivedAt(), "signal", "Affected by " + s.type()
                + (s.recordId() == null ? "" : " " + s.recordId()) + (s.title() == null ? "" : ": " + s.title()),
                s.verdict())));
        decisions.forEach(d -> events.add(new Event(d.occurredAt(), "decision", d.decision().name()
                + (d.reasonCode() == null ? "" : " · " + d.reasonCode()) + (d.summary() == null ? "" : " — "
                + d.summary()), d.reason() == null ? "" : d.reason())));
        suppression.ifPresent(s -> events.add(new Event(s.createdAt(), "suppression", "Put on the suppression list",
                s.reason())));
        events.sort(Comparator.comparing(Event::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return new Timeline(email, suppression.orElse(null), tickets, signals, decisions, events);
    }

    private List<Ticket> tickets(String email) {
        Map<Long, List<String>> topics = new LinkedHashMap<>();
        jdbc.query("select ticket_id, topic from ticket_topic where contact_email = ? order by ticket_id, topic",
                rs -> {
                    topics.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }, email);
        return jdbc.query("""
                select ticket_id, subject, ticket_status, first_enriched_at, enriched_at from ticket_enrichment
                where contact_email = ? order by coalesce(first_enriched_at, enriched_at) desc limit ?""",
                (rs, i) -> new Ticket(rs.getLong("ticket_id"), rs.getString("subject"), rs.getString("ticket_status"),
                        instant(rs, "first_enriched_at"), instant(rs, "enriched_at"),
                        topics.getOrDefault(rs.getLong("ticket_id"), List.of())), email, LIMIT);
    }

    private List<SignalOutcome> signals(String email) {
        return jdbc.query("""
                select s.id, s.type, s.record_id, s.title, s.received_at, o.id as message_id, o.channel, o.status,
                       o.reason_code, o.reason, o.send_at, o.ticket_id, o.updated_at
                from outbox_message o join signal s on s.id = o.signal_id
                where o.contact_email = ? order by s.received_at desc limit ?""", (rs, i) -> {
                    String status = rs.getString("status");
                    String channel = rs.getString("channel");
                    Long ticketId = rs.getObject("ticket_id", Long.class);
                    Instant sendAt = instant(rs, "send_at");
                    Instant updatedAt = instant(rs, "updated_at");
                    return new SignalOutcome(rs.getString("id"), rs.getString("type"), rs.getString("record_id"),
                            rs.getString("title"), instant(rs, "received_at"), rs.getLong("message_id"), channel,
                            status, rs.getString("reason_code"), rs.getString("reason"), sendAt, ticketId,
                            verdict(status, channel, rs.getString("reason_code"), rs.getString("reason"), sendAt,
                                    updatedAt, ticketId));
                }, email, LIMIT);
    }

    /** The answer to "was I told, and if not, why?" for one message. */
    static String verdict(String status, String channel, String reasonCode, String reason, Instant sendAt,
                          Instant updatedAt, Long ticketId) {
        String why = reason == null || reason.isBlank() ? (reasonCode == null ? "" : " (" + reasonCode + ")")
                : ": " + reason;
        return switch (status) {
            case "SENT" -> "Told: sent by " + channel + " at " + updatedAt + ".";
            case "NOTED" -> "Not told: their open ticket #" + ticketId + " got an internal note instead.";
            case "SUPPRESSED" -> "Not told" + why;
            case "HELD_OUT" -> "Not told, on purpose" + why;
            case "FAILED" -> "Not told: sending failed" + why + " (a dead letter an admin can replay).";
            case "NEEDS_RECONCILE" -> "Perhaps told: the send's outcome is unknown" + why + " (awaits an admin).";
            case "PLANNED" -> "zendesk_note".equals(channel)
                    ? "Not told: held back for their open ticket #" + ticketId + ", which gets a note."
                    : "Not told yet: planned for " + UtcText.of(sendAt) + why;
            default -> "Being sent (" + status + ").";
        };
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String orDash(String text) {
        return text == null ? "—" : text;
    }
}
