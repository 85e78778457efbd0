package io.kairos.platform;

import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The dead letters as admins see them: listed by source and reason, read one by one, and replayed, each replay
 * written to the ledger with who asked for it. Inbox events are replayed by the inbox; other sources (the outbox)
 * by their own {@link DeadLetterReplayer}.
 */
@Component
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    /** The reason code of a replay in the ledger. */
    public static final String REPLAY_REASON = "ADMIN_REPLAY";

    // Reasons are masked on reading too: letters stored before Kairos masked them may hold a token.
    private static final RowMapper<Letter> LETTER = (rs, i) -> new Letter(rs.getLong("id"), rs.getString("source"),
            rs.getString("event_id"), rs.getString("event_type"), SecretMask.mask(rs.getString("reason")),
            rs.getInt("attempts"),
            instant(rs, "failed_at"), instant(rs, "replayed_at"), rs.getString("correlation_id"), null);

    private final JdbcTemplate jdbc;
    private final Inbox inbox;
    private final LedgerStore ledger;
    private final Clock clock;
    private final Map<String, DeadLetterReplayer> replayers;
    private final TransactionOperations transactions;

    public DeadLetters(JdbcTemplate jdbc, Inbox inbox, LedgerStore ledger, Clock clock,
                       List<DeadLetterReplayer> replayers, TransactionOperations transactions) {
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.ledger = ledger;
        this.clock = clock;
        this.replayers = replayers.stream().collect(Collectors.toMap(DeadLetterReplayer::source, r -> r));
    }

    /**
     * One dead letter; {@code payload} is the stored event as it arrived (mask it before showing it).
     *
     * @param replayedAt null while the letter is open
     */
    public record Letter(long id, String source, String eventId, String eventType, String reason, int attempts,
                         Instant failedAt, Instant replayedAt, String correlationId, String payload) {

        public boolean open() {
            return replayedAt == null;
        }
    }

    /**
     * What to list: a source (null: all), reason text to look for (case-insensitive; null: any), replayed letters
     * too or only open ones, newest first, at most {@code limit} (1 to 1,000).
     */
    public record Query(String source, String reasonContains, boolean includeReplayed, int limit) { }

    public List<Letter> list(Query query) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("""
                select id, source, event_id, event_type, reason, attempts, failed_at, replayed_at, correlation_id
                from dead_letter where 1 = 1""");
        if (!query.includeReplayed()) {
            sql.append(" and replayed_at is null");
        }
        if (query.source() != null && !query.source().isBlank()) {
            sql.append(" and source = ?");
            args.add(query.source().trim());
        }
        if (query.reasonContains() != null && !query.reasonContains().isBlank()) {
            sql.append(" and lower(reason) like ? escape '!'");
            args.add("%" + likeEscape(query.reasonContains().trim().toLowerCase(Locale.ROOT)) + "%");
        }
        sql.append(" order by failed_at desc, id desc limit ?");
        args.add(Math.min(Math.max(query.limit(), 1), 1000));
        return jdbc.query(sql.toString(), LETTER, args.toArray());
    }

    /** Open dead letters per source, most first. */
    public Map<String, Long> openBySource() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("""
                select source, count(*) from dead_letter where replayed_at is null group by source
                order by count(*) desc, source""", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    /** A dead letter with its payload. */
    public Optional<Letter> find(long id) {
        return jdbc.query("select * from dead_letter where id = ?", (rs, i) -> new Letter(rs.getLong("id"),
                rs.getString("source"), rs.getString("event_id"), rs.getString("event_type"),
                SecretMask.mask(rs.getString("reason")),
                rs.getInt("attempts"), instant(rs, "failed_at"), instant(rs, "replayed_at"),
                rs.getString("correlation_id"), rs.getString("payload")), id).stream().findFirst();
    }

    /**
     * Sends an open dead letter through processing again, and writes the replay to the ledger (REPLAYED, reason
     * {@value #REPLAY_REASON}, naming {@code actor}) in the same transaction. False when no open letter has this id.
     */
    public boolean replay(long id, String actor) {
        return Boolean.TRUE.equals(transactions.execute(status -> replayInTransaction(id, actor)));
    }

    private boolean replayInTransaction(long id, String actor) {
        Optional<Letter> found = find(id).filter(Letter::open);
        if (found.isEmpty()) {
            return false;
        }
        Letter letter = found.get();
        String who = actor == null || actor.isBlank() ? "an admin" : actor;
        DeadLetterReplayer replayer = replayers.get(letter.source());
        boolean replayed = replayer == null ? inbox.replay(id) : replayer.replay(id, letter.eventId(), who);
        if (!replayed) {
            return false;
        }
        if (replayer == null || !replayer.recordsReplays()) {
            ledger.record(new LedgerEntry(null, null, null, cut(letter.eventId(), 100), letter.source(),
                    LedgerEntry.Decision.REPLAYED, REPLAY_REASON, cut("Replayed by " + who + ": dead letter #" + id
                    + " goes through processing again (it failed with: " + letter.reason() + ")", 2000),
                    cut(letter.eventType(), 1000), clock.instant()));
        }
        LOG.info("Dead letter #{} ({}/{}) replayed by {}", id, letter.source(), letter.eventId(), who);
        return true;
    }

    /** Replays each id as {@link #replay}, each in its own transaction; the ids that were replayed. */
    public List<Long> replayAll(List<Long> ids, String actor) {
        List<Long> replayed = new ArrayList<>();
        for (Long id : ids.stream().distinct().toList()) {
            if (id != null && replay(id, actor)) {
                replayed.add(id);
            }
        }
        return replayed;
    }

    /** The ledger entries of replays, newest first: what admins replayed, and when. */
    public List<LedgerEntry> replays(int limit) {
        return ledger.byReason(REPLAY_REASON, limit);
    }

    private static String likeEscape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
