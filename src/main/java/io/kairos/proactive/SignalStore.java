package io.kairos.proactive;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Stores each signal once per dedupe key and keeps its planning status. */
@Component
public class SignalStore {

    /** Maps a row of {@code signal}. */
    static final RowMapper<Signal> SIGNAL = (rs, i) -> signal(rs);

    static final String RECEIVED = "kairos.signals.received";

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;

    public SignalStore(JdbcTemplate jdbc) {
        this(jdbc, new SimpleMeterRegistry());
    }

    /** Counts each new signal by source and type. */
    @Autowired
    public SignalStore(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /**
     * Stores the signal unless one with its dedupe key exists, and returns the stored one: a redelivered signal
     * comes back with the id (and fields) of the first delivery, so callers compare ids to spot a repeat.
     */
    public Signal save(Signal s) {
        int inserted = jdbc.update("""
                insert into signal (id, dedupe_key, source, type, record_id, severity, title, body, product,
                                    starts_at, ends_at, audience, status, planned_count, received_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED', 0, ?)
                on conflict do nothing""",
                s.id(), s.dedupeKey(), s.source(), s.type().name(), s.recordId(), s.severity().name(), s.title(),
                s.body(), s.product(), utc(s.startsAt()), utc(s.endsAt()), s.audience(), utc(s.receivedAt()));
        if (inserted == 1) {
            meters.counter(RECEIVED, "source", s.source(), "type", s.type().name()).increment();
        }
        return jdbc.query("select * from signal where dedupe_key = ?", SIGNAL, s.dedupeKey()).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("signal " + s.id() + " was neither stored nor found: "
                        + "its id is taken by a signal with another dedupe key"));
    }

    public Optional<Signal> find(String id) {
        return jdbc.query("select * from signal where id = ?", SIGNAL, id).stream().findFirst();
    }

    /**
     * Records that the signal's audience is planned. {@code planned_count} is set, not added to: it is recounted
     * from the signal's outbox rows, because a re-plan after a crash only inserts (and counts) the recipients the
     * first run had not reached yet. {@code count} (this run's new rows) only goes into the default outcome.
     */
    public void planned(String signalId, int count, String outcome) {
        jdbc.update("""
                update signal set status = 'PLANNED', outcome = ?,
                                  planned_count = (select count(*) from outbox_message where signal_id = ?)
                where id = ?""",
                truncate(outcome != null ? outcome : "planned " + count + " new message(s)"), signalId, signalId);
    }

    /** Records that the signal could not be planned, with the reason. */
    public void failed(String signalId, String reason) {
        jdbc.update("update signal set status = 'FAILED', outcome = ? where id = ?", truncate(reason), signalId);
    }

    private static Signal signal(ResultSet rs) throws SQLException {
        return new Signal(rs.getString("id"), rs.getString("dedupe_key"), rs.getString("source"),
                Signal.Type.valueOf(rs.getString("type")), rs.getString("record_id"),
                Signal.Severity.valueOf(rs.getString("severity")), rs.getString("title"), rs.getString("body"),
                rs.getString("product"), instant(rs.getTimestamp("starts_at")), instant(rs.getTimestamp("ends_at")),
                rs.getString("audience"), instant(rs.getTimestamp("received_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }
}
