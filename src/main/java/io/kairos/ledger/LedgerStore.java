package io.kairos.ledger;

import java.time.ZoneOffset;
import java.util.List;
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
            rs.getTimestamp("occurred_at").toInstant());

    private final JdbcTemplate jdbc;

    public LedgerStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(LedgerEntry entry) {
        jdbc.update("""
                insert into ledger_entry (contact_email, signal_id, signal_type, record_id, channel, decision,
                                          reason_code, reason, summary, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                normalise(entry.contactEmail()), entry.signalId(), entry.signalType(), entry.recordId(),
                entry.channel(), entry.decision().name(), entry.reasonCode(), entry.reason(), entry.summary(),
                entry.occurredAt().atOffset(ZoneOffset.UTC));
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

    static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
