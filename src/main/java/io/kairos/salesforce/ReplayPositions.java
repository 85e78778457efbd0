package io.kairos.salesforce;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The stored Streaming API position per channel, which only moves forward, and the open replay gaps, kept as rows
 * {@code gap:<channel>} of the same table until a reconciliation closes them.
 */
@Component("replayPositions")
public class ReplayPositions {

    static final String GAP_PREFIX = "gap:";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ReplayPositions(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<ReplayPosition> find(String channel) {
        return jdbc.query("""
                select channel, replay_id, event_uuid, event_created_at, updated_at from replay_position
                where channel = ?""", (rs, i) -> new ReplayPosition(rs.getString("channel"),
                rs.getLong("replay_id"), rs.getString("event_uuid"), instant(rs.getObject("event_created_at",
                OffsetDateTime.class)), instant(rs.getObject("updated_at", OffsetDateTime.class))), channel)
                .stream().findFirst();
    }

    /**
     * Moves the channel's position to this event unless it already stands there or further; joins the caller's
     * transaction. False when the position did not move.
     */
    public boolean advance(String channel, long replayId, String eventUuid, Instant eventCreatedAt) {
        OffsetDateTime now = now();
        OffsetDateTime created = eventCreatedAt == null ? null : eventCreatedAt.atOffset(ZoneOffset.UTC);
        if (moveForward(channel, replayId, eventUuid, created, now)) {
            return true;
        }
        if (jdbc.update("""
                insert into replay_position (channel, replay_id, event_uuid, event_created_at, updated_at)
                values (?, ?, ?, ?, ?)
                on conflict do nothing""", channel, replayId, eventUuid, created, now) == 1) {
            return true;
        }
        // Another replica inserted the first position between our update and insert: compare with its value.
        return moveForward(channel, replayId, eventUuid, created, now);
    }

    /** Records a gap from {@code since}; an older open gap of the channel is kept, as it covers this one. */
    public void recordGap(String channel, Instant since) {
        jdbc.update("""
                insert into replay_position (channel, replay_id, event_created_at, updated_at)
                values (?, -2, ?, ?)
                on conflict do nothing""", GAP_PREFIX + channel, since == null ? null : since.atOffset(ZoneOffset.UTC),
                now());
    }

    /** The gaps a reconciliation still has to close, oldest first. */
    public List<ReplayGap> openGaps() {
        return jdbc.query("""
                select channel, event_created_at, updated_at from replay_position where channel like ?
                order by updated_at""", (rs, i) -> new ReplayGap(rs.getString("channel").substring(GAP_PREFIX.length()),
                instant(rs.getObject("event_created_at", OffsetDateTime.class)),
                instant(rs.getObject("updated_at", OffsetDateTime.class))), GAP_PREFIX + "%");
    }

    /** Marks the channel's gap reconciled; false when none was open. */
    public boolean closeGap(String channel) {
        return jdbc.update("delete from replay_position where channel = ?", GAP_PREFIX + channel) == 1;
    }

    private boolean moveForward(String channel, long replayId, String eventUuid, OffsetDateTime created,
                                OffsetDateTime now) {
        return jdbc.update("""
                update replay_position set replay_id = ?, event_uuid = ?, event_created_at = ?, updated_at = ?
                where channel = ? and replay_id < ?""", replayId, eventUuid, created, now, channel, replayId) == 1;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
