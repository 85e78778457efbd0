package io.kairos.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The signals Kairos received, each with its audience size and its messages counted by status and reason. */
@Component
class SignalReport {

    private final JdbcTemplate jdbc;

    SignalReport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Messages of one signal in one status with one reason code (none for a plain send). */
    record Total(String status, String reasonCode, long messages) { }

    /**
     * One signal; {@code audience}: the contacts it concerned (one outbox row each), {@code totals}: by status and
     * reason, most first.
     */
    record SignalRow(String id, String source, String type, String severity, String recordId, String product,
                     String title, Instant receivedAt, String status, String outcome, long audience,
                     List<Total> totals) { }

    List<SignalRow> recent(int limit) {
        List<SignalRow> signals = jdbc.query("""
                select id, source, type, severity, record_id, product, title, received_at, status, outcome
                from signal order by received_at desc, id limit ?""", (rs, i) -> row(rs),
                Math.min(Math.max(limit, 1), 500));
        if (signals.isEmpty()) {
            return signals;
        }
        Map<String, List<Total>> totals = totals(signals.stream().map(SignalRow::id).toList());
        return signals.stream().map(s -> withTotals(s, totals.getOrDefault(s.id(), List.of()))).toList();
    }

    Optional<SignalRow> one(String id) {
        return jdbc.query("""
                select id, source, type, severity, record_id, product, title, received_at, status, outcome
                from signal where id = ?""", (rs, i) -> row(rs), id).stream().findFirst()
                .map(s -> withTotals(s, totals(List.of(s.id())).getOrDefault(s.id(), List.of())));
    }

    private static SignalRow withTotals(SignalRow s, List<Total> totals) {
        return new SignalRow(s.id(), s.source(), s.type(), s.severity(), s.recordId(), s.product(), s.title(),
                s.receivedAt(), s.status(), s.outcome(), totals.stream().mapToLong(Total::messages).sum(), totals);
    }

    private Map<String, List<Total>> totals(List<String> signalIds) {
        Map<String, List<Total>> totals = new LinkedHashMap<>();
        jdbc.query("""
                select signal_id, status, reason_code, count(*) as messages from outbox_message
                where signal_id in (%s) group by signal_id, status, reason_code
                order by signal_id, count(*) desc, status""".formatted(
                        String.join(", ", Collections.nCopies(signalIds.size(), "?"))), rs -> {
            totals.computeIfAbsent(rs.getString("signal_id"), k -> new ArrayList<>()).add(new Total(
                    rs.getString("status"), rs.getString("reason_code"), rs.getLong("messages")));
        }, signalIds.toArray());
        return totals;
    }

    private static SignalRow row(ResultSet rs) throws SQLException {
        Timestamp received = rs.getTimestamp("received_at");
        return new SignalRow(rs.getString("id"), rs.getString("source"), rs.getString("type"),
                rs.getString("severity"), rs.getString("record_id"), rs.getString("product"), rs.getString("title"),
                received == null ? null : received.toInstant(), rs.getString("status"), rs.getString("outcome"), 0,
                List.of());
    }
}
