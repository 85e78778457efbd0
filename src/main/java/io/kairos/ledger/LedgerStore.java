package io.kairos.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.kairos.platform.KeyedQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Reads and appends the ledger of proactive decisions. */
@Component
public class LedgerStore {

    private static final RowMapper<LedgerEntry> ENTRY = (rs, i) -> new LedgerEntry(
            rs.getString("contact_email"), rs.getString("signal_id"), rs.getString("signal_type"),
            rs.getString("record_id"), rs.getString("channel"), LedgerEntry.Decision.valueOf(rs.getString("decision")),
            rs.getString("reason_code"), rs.getString("reason"), rs.getString("summary"),
            rs.getTimestamp("occurred_at").toInstant(), rs.getString("experiment_arm"));

    static final String DECISIONS = "kairos.proactive.decisions";
    static final String MESSAGES = "kairos.proactive.messages";

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;

    public LedgerStore(JdbcTemplate jdbc) {
        this(jdbc, new SimpleMeterRegistry());
    }

    /** Counts every recorded decision by decision and reason, and every message outcome by channel. */
    @Autowired
    public LedgerStore(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    private static final String INSERT = """
            insert into ledger_entry (contact_email, signal_id, signal_type, record_id, channel, decision,
                                      reason_code, reason, summary, occurred_at, experiment_arm)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    public void record(LedgerEntry entry) {
        jdbc.update(INSERT, columns(entry));
        count(entry);
    }

    /** Appends many entries in one batch. */
    public void recordAll(List<LedgerEntry> entries) {
        if (!entries.isEmpty()) {
            jdbc.batchUpdate(INSERT, entries.stream().map(LedgerStore::columns).toList());
            entries.forEach(this::count);
        }
    }

    /**
     * Counted once written (a rolled-back transaction may leave a count too high by its entries: the ledger, not the
     * counter, is the record). Reason codes are a closed set, so the tag stays small.
     */
    private void count(LedgerEntry entry) {
        meters.counter(DECISIONS, "decision", entry.decision().name(),
                "reason", entry.reasonCode() == null ? "none" : entry.reasonCode()).increment();
        String outcome = switch (entry.decision()) {
            case SENT -> "sent";
            case FAILED -> "failed";
            case NEEDS_RECONCILE -> "unknown";
            case NOTED -> "noted";
            default -> null;
        };
        if (outcome != null) {
            meters.counter(MESSAGES, "channel", entry.channel() == null ? "none" : entry.channel(),
                    "outcome", outcome).increment();
        }
    }

    /**
     * Every decision about these contacts since {@code since}, grouped by (normalised) email: one query per
     * thousand contacts, so planning a page of recipients never asks the store once per recipient.
     */
    public Map<String, List<LedgerEntry>> historyFor(Collection<String> emails, Instant since) {
        List<String> distinct = emails.stream().map(LedgerStore::normalise)
                .filter(email -> email != null && !email.isEmpty()).toList();
        Map<String, List<LedgerEntry>> history = new HashMap<>();
        KeyedQueries.query(jdbc, "select l.* from " + KeyedQueries.WANTED
                        + " join ledger_entry l on l.contact_email = wanted.k where l.occurred_at >= ?",
                distinct, ENTRY, since.atOffset(ZoneOffset.UTC))
                .forEach(entry -> history.computeIfAbsent(entry.contactEmail(), k -> new ArrayList<>()).add(entry));
        return history;
    }

    private static Object[] columns(LedgerEntry entry) {
        return new Object[] {normalise(entry.contactEmail()), entry.signalId(), entry.signalType(), entry.recordId(),
                entry.channel(), entry.decision().name(), entry.reasonCode(), entry.reason(), entry.summary(),
                entry.occurredAt().atOffset(ZoneOffset.UTC), entry.experimentArm()};
    }

    /** What this contact was sent or told, newest first. */
    public List<LedgerEntry> sentTo(String email, int limit) {
        return jdbc.query("""
                select * from ledger_entry where contact_email = ? and decision = 'SENT'
                order by occurred_at desc limit ?""", ENTRY, normalise(email), limit);
    }

    /** Every decision about this contact, newest first. */
    public List<LedgerEntry> decisionsFor(String email, int limit) {
        return jdbc.query("select * from ledger_entry where contact_email = ? order by occurred_at desc limit ?",
                ENTRY, normalise(email), limit);
    }

    /** Every decision about one contact and one signal, newest first. */
    public List<LedgerEntry> about(String email, String signalId, int limit) {
        return jdbc.query("""
                select * from ledger_entry where contact_email = ? and signal_id = ?
                order by occurred_at desc, id desc limit ?""", ENTRY, normalise(email), signalId, limit);
    }

    /** The entries with this reason code about one record, newest first (a replayed webhook event's replays). */
    public List<LedgerEntry> byReason(String reasonCode, String recordId, int limit) {
        return jdbc.query("""
                select * from ledger_entry where reason_code = ? and record_id = ?
                order by occurred_at desc, id desc limit ?""", ENTRY, reasonCode, recordId, limit);
    }

    /** The entries with this reason code, newest first (e.g. the admins' replays). */
    public List<LedgerEntry> byReason(String reasonCode, int limit) {
        return jdbc.query("select * from ledger_entry where reason_code = ? order by occurred_at desc, id desc limit ?",
                ENTRY, reasonCode, limit);
    }

    static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
