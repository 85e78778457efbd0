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
 * The stored Streaming API position per channel, which only moves forward and only under the newest subscriber
 * term (a compare-and-set on the row's epoch), and the open replay gaps, kept as rows {@code gap:<channel>} of the
 * same table until a reconciliation closes them.
 */
@Component("replayPositions")
public class ReplayPositions {

    static final String GAP_PREFIX = "gap:";
    static final String PUBSUB_PREFIX = "pubsub:";
    /** The leader-only role whose epochs fence the stored positions (see {@link io.kairos.platform.LeaderTerms}). */
    public static final String SUBSCRIBER_ROLE = "salesforce-subscriber";

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

    /** The channel's Pub/Sub position (row {@code pubsub:<channel>}), apart from its CometD one. */
    public Optional<PubSubPosition> findPubSub(String channel) {
        return jdbc.query("""
                select pubsub_replay_id, event_uuid, event_created_at, updated_at from replay_position
                where channel = ? and pubsub_replay_id is not null""", (rs, i) -> new PubSubPosition(channel,
                rs.getString("pubsub_replay_id"), rs.getString("event_uuid"), instant(rs.getObject("event_created_at",
                OffsetDateTime.class)), instant(rs.getObject("updated_at", OffsetDateTime.class))),
                PUBSUB_PREFIX + channel).stream().findFirst();
    }

    /**
     * Moves the channel's Pub/Sub position to this event; joins the caller's transaction. Pub/Sub replay ids are
     * opaque, so there is no "further" to compare with: the one subscriber stores its events in the order Salesforce
     * delivers them, and a replay from an earlier point moves the position back until it has caught up again.
     *
     * @throws StaleSubscriberException when a newer term owns the positions
     */
    public void advancePubSub(String channel, String replayId, String eventUuid, Instant eventCreatedAt,
                              long epoch) {
        String key = PUBSUB_PREFIX + channel;
        OffsetDateTime now = now();
        OffsetDateTime created = eventCreatedAt == null ? null : eventCreatedAt.atOffset(ZoneOffset.UTC);
        if (movePubSub(key, replayId, eventUuid, created, now, epoch)) {
            return;
        }
        if (jdbc.update("""
                insert into replay_position (channel, replay_id, pubsub_replay_id, event_uuid, event_created_at, epoch,
                                             updated_at)
                select ?, 0, ?, ?, ?, ?, ? where not exists (select 1 from leader_term where name = ? and epoch > ?)
                on conflict do nothing""", key, replayId, eventUuid, created, epoch, now, SUBSCRIBER_ROLE,
                epoch) == 1 || movePubSub(key, replayId, eventUuid, created, now, epoch)) {
            return;
        }
        Long newer = newerEpoch(key, epoch);
        if (newer != null) {
            throw new StaleSubscriberException(channel, epoch, newer);
        }
    }

    /** Drops the channel's Pub/Sub position (one Salesforce refused), unless a newer term owns it. */
    public void forgetPubSub(String channel, long epoch) {
        jdbc.update("delete from replay_position where channel = ? and epoch <= ?", PUBSUB_PREFIX + channel, epoch);
    }

    private boolean movePubSub(String key, String replayId, String eventUuid, OffsetDateTime created,
                               OffsetDateTime now, long epoch) {
        return jdbc.update("""
                update replay_position set pubsub_replay_id = ?, event_uuid = ?, event_created_at = ?, updated_at = ?,
                                           epoch = ?
                where channel = ? and epoch <= ?""", replayId, eventUuid, created, now, epoch, key, epoch) == 1;
    }

    /**
     * Moves the channel's position to this event unless it already stands there or further; joins the caller's
     * transaction. False when the position did not move.
     *
     * @param epoch the subscriber term this replica writes under
     * @throws StaleSubscriberException when a newer term owns the positions: this replica no longer leads, and its
     *         transaction must not commit
     */
    public boolean advance(String channel, long replayId, String eventUuid, Instant eventCreatedAt, long epoch) {
        OffsetDateTime now = now();
        OffsetDateTime created = eventCreatedAt == null ? null : eventCreatedAt.atOffset(ZoneOffset.UTC);
        if (moveForward(channel, replayId, eventUuid, created, now, epoch)) {
            return true;
        }
        if (jdbc.update("""
                insert into replay_position (channel, replay_id, event_uuid, event_created_at, epoch, updated_at)
                select ?, ?, ?, ?, ?, ? where not exists (select 1 from leader_term where name = ? and epoch > ?)
                on conflict do nothing""", channel, replayId, eventUuid, created, epoch, now, SUBSCRIBER_ROLE,
                epoch) == 1) {
            return true;
        }
        // Another replica inserted the first position between our update and insert: compare with its value.
        if (moveForward(channel, replayId, eventUuid, created, now, epoch)) {
            return true;
        }
        Long newer = newerEpoch(channel, epoch);
        if (newer != null) {
            throw new StaleSubscriberException(channel, epoch, newer);
        }
        return false;
    }

    /**
     * A new subscriber term takes every stored position: from now on only a write under this epoch (or a later one)
     * moves them. Joins the caller's transaction, which should be the one that began the term.
     */
    public void claim(long epoch) {
        jdbc.update("update replay_position set epoch = ? where epoch < ?", epoch, epoch);
    }

    /**
     * Records a gap from {@code since}; an older open gap of the channel is kept, as it covers this one. True when
     * this opened a gap, false when one was open already.
     */
    public boolean recordGap(String channel, Instant since) {
        return jdbc.update("""
                insert into replay_position (channel, replay_id, event_created_at, updated_at)
                values (?, -2, ?, ?)
                on conflict do nothing""", GAP_PREFIX + channel, since == null ? null : since.atOffset(ZoneOffset.UTC),
                now()) == 1;
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
                                OffsetDateTime now, long epoch) {
        return jdbc.update("""
                update replay_position set replay_id = ?, event_uuid = ?, event_created_at = ?, updated_at = ?,
                                           epoch = ?
                where channel = ? and replay_id < ? and epoch <= ?""", replayId, eventUuid, created, now, epoch,
                channel, replayId, epoch) == 1;
    }

    /** The epoch that fences this one out, from the channel's row or the role's latest term; null when none. */
    private Long newerEpoch(String channel, long epoch) {
        Long stored = jdbc.queryForList("select epoch from replay_position where channel = ?", Long.class, channel)
                .stream().findFirst().orElse(null);
        if (stored != null && stored > epoch) {
            return stored;
        }
        return jdbc.queryForList("select epoch from leader_term where name = ? and epoch > ?", Long.class,
                SUBSCRIBER_ROLE, epoch).stream().findFirst().orElse(null);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
