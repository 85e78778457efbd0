package io.kairos.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The durable inbox: every accepted delivery is written here before the ack, and processing drains it.
 * The primary key (source, event id) plus an insert that ignores conflicts makes redelivery a no-op, safely
 * across replicas; claims use {@code FOR UPDATE SKIP LOCKED} and a lease so two workers never take one event.
 */
@Component("inbox")
public class Inbox {

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    static final String PENDING = "PENDING";
    static final String PROCESSING = "PROCESSING";
    static final String DONE = "DONE";
    static final String SKIPPED = "SKIPPED";
    static final String DEAD = "DEAD";

    /** Events claimed again because their lease ran out (a worker that crashed, hung or outlived its lease). */
    public static final String LEASES_EXPIRED = "kairos.inbox.leases.expired";

    /** The widths of {@code inbox_event.event_id} and {@code event_type} (V1__foundation.sql), in characters. */
    public static final int MAX_EVENT_ID = 200;
    public static final int MAX_EVENT_TYPE = 100;

    private static final RowMapper<InboxEvent> EVENT = (rs, i) -> new InboxEvent(
            rs.getString("source"), rs.getString("event_id"), rs.getString("event_type"), rs.getString("payload"),
            rs.getInt("attempts"), rs.getTimestamp("received_at").toInstant(), rs.getString("correlation_id"),
            rs.getTimestamp("rate_slot") == null ? null : rs.getTimestamp("rate_slot").toInstant());

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final InboxProperties properties;
    private final MeterRegistry meters;

    @Autowired
    public Inbox(JdbcTemplate jdbc, Clock clock, InboxProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.meters = meters;
    }

    /** For store tests that read no metrics: its counters go to a registry of its own. */
    public Inbox(JdbcTemplate jdbc, Clock clock, InboxProperties properties) {
        this(jdbc, clock, properties, new SimpleMeterRegistry());
    }

    /**
     * Stores a delivery with the correlation id of the thread (see {@link Correlation}); false when this (source,
     * event id) was already stored.
     */
    public boolean accept(String source, String eventId, String eventType, String payload) {
        return accept(source, eventId, eventType, payload, 0);
    }

    /**
     * As {@link #accept(String, String, String, String)}, with the priority its lane orders by when it takes
     * priority (a signal's severity, see {@link InboxLane#byPriority()}); higher is claimed first.
     */
    public boolean accept(String source, String eventId, String eventType, String payload, int priority) {
        if (!InboxLane.drains(source)) {
            // A route storing under a source no lane drains is a configuration mistake: refuse it loudly rather
            // than keep a delivery no flow will ever take.
            throw new IllegalArgumentException("no inbox lane drains source '" + source + "'");
        }
        OffsetDateTime now = now();
        return jdbc.update("""
                insert into inbox_event (source, event_id, event_type, payload, received_at, status, attempts,
                                         next_attempt_at, correlation_id, priority)
                values (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)
                on conflict do nothing""", source, eventId, eventType, payload, now, now,
                Correlation.currentOrNew(), priority) == 1;
    }

    /** The stored payload of a delivery, if this (source, event id) was accepted. */
    public Optional<String> payload(String source, String eventId) {
        return jdbc.queryForList("select payload from inbox_event where source = ? and event_id = ?", String.class,
                source, eventId).stream().findFirst();
    }

    /** Route step: {@link #claimDue(InboxLane)} for the lane's configuration key. */
    @Transactional
    public List<InboxEvent> claimDue(String lane) {
        return claimDue(InboxLane.of(lane));
    }

    /**
     * Claims up to the lane's batch size of its due events (new, retry due, or lease expired) for this worker, the
     * highest priority first where the lane orders by priority, then the longest due. An event whose lease expired
     * on its last allowed attempt killed its workers: it goes to the dead-letter table instead.
     */
    @Transactional
    public List<InboxEvent> claimDue(InboxLane lane) {
        OffsetDateTime now = now();
        List<Object> arguments = new ArrayList<>(lane.sources());
        arguments.addAll(List.of(now, now, properties.lane(lane).batchSize()));
        int[] leaseExpired = {0};
        List<InboxEvent> due = jdbc.query("""
                select source, event_id, event_type, payload, attempts, received_at, correlation_id, rate_slot,
                       status
                from inbox_event
                where source in (%s)
                  and ((status = 'PENDING' and next_attempt_at <= ?) or (status = 'PROCESSING' and lease_until < ?))
                order by %s next_attempt_at
                limit ?
                for update skip locked""".formatted(String.join(", ", Collections.nCopies(lane.sources().size(), "?")),
                lane.byPriority() ? "priority desc," : ""), (rs, i) -> {
                    // Only an expired lease lets a PROCESSING row match the claim.
                    if (PROCESSING.equals(rs.getString("status"))) {
                        leaseExpired[0]++;
                    }
                    return EVENT.mapRow(rs, i);
                }, arguments.toArray());
        if (leaseExpired[0] > 0) {
            meters.counter(LEASES_EXPIRED, "lane", lane.key()).increment(leaseExpired[0]);
        }
        OffsetDateTime leaseUntil = now.plus(properties.lease());
        List<InboxEvent> claimed = new ArrayList<>(due.size());
        for (InboxEvent event : due) {
            if (event.attempts() >= properties.maxAttempts()) {
                deadLetter(event, "lease expired on attempt " + event.attempts() + ": the event kept its worker "
                        + "from finishing (a crash or a hang)");
                continue;
            }
            jdbc.update("""
                    update inbox_event set status = 'PROCESSING', lease_until = ?, attempts = attempts + 1,
                                           rate_slot = null
                    where source = ? and event_id = ?""", leaseUntil, event.source(), event.eventId());
            claimed.add(new InboxEvent(event.source(), event.eventId(), event.eventType(), event.payload(),
                    event.attempts() + 1, event.receivedAt(), event.correlationId(), event.rateSlot()));
        }
        return claimed;
    }

    /** The event's work is written; its outcome says what was done. False as for retryAt. */
    public boolean markDone(InboxEvent event, String outcome) {
        return finish(event, DONE, outcome);
    }

    /** The event needed no work (Kairos's own change, a repeat, an unknown customer); the reason is kept. */
    public boolean markSkipped(InboxEvent event, String reason) {
        return finish(event, SKIPPED, reason);
    }

    /**
     * Puts the event back for another attempt at {@code at}; {@code countAttempt=false} gives the attempt back.
     * False when this claim was no longer the event's (see {@link #finish}).
     */
    public boolean retryAt(InboxEvent event, Instant at, String reason, boolean countAttempt) {
        return putBack(event, at, null, reason, countAttempt);
    }

    /**
     * Parks the event until {@code slot}, a slot it holds in a shared rate limit: its lease and worker are free
     * meanwhile, the attempt is given back, and the claim at that time carries the slot (see
     * {@link InboxEvent#rateSlot()}). False as for retryAt.
     */
    public boolean park(InboxEvent event, Instant slot, String reason) {
        return putBack(event, slot, slot, reason, false);
    }

    /**
     * Records that the event's work was sent in this remote job, with the outcome to record once the job did it, and
     * puts the event back until {@code pollAt} with its attempt given back: whoever claims it then (this replica, or
     * another after a restart) follows the job instead of sending the work again. False as for retryAt.
     */
    public boolean awaitJob(InboxEvent event, String jobId, Instant pollAt, String outcomeOnceDone) {
        return jdbc.update("""
                update inbox_event set status = 'PENDING', next_attempt_at = ?, lease_until = null, outcome = ?,
                                       attempts = attempts - 1, bulk_job = ?, bulk_outcome = ?
                where source = ? and event_id = ? and status = 'PROCESSING' and attempts = ?""",
                pollAt.atOffset(ZoneOffset.UTC), truncate("sent in job " + jobId + "; awaiting its outcome"),
                jobId, cut(outcomeOnceDone, 200), event.source(), event.eventId(), event.attempts()) == 1;
    }

    /**
     * Route step of the lanes: the claim as {@link InboxGroup#of} hands it on. A backlog is {@code groupFrom} events
     * or more in the claim or still waiting in the inbox (parked for rate slots, awaiting a job, due later): then even
     * a small claim goes as a group, which joins the request a waiting group will send, instead of taking slots of its
     * own one ticket at a time (with several replicas each claim is a part of the spike).
     */
    public List<Object> handOut(List<InboxEvent> claimed, int groupFrom) {
        if (claimed.isEmpty()) {
            return List.of();
        }
        boolean backlog = groupFrom > 0 && (claimed.size() >= groupFrom || waiting(claimed) >= groupFrom);
        return InboxGroup.of(claimed, backlog ? 1 : groupFrom, awaitedJobs(claimed).keySet());
    }

    /** Events of these events' sources not finished yet, these included. */
    private int waiting(List<InboxEvent> claimed) {
        List<String> sources = claimed.stream().map(InboxEvent::source).distinct().toList();
        return jdbc.queryForObject("select count(*) from inbox_event where status in ('PENDING', 'PROCESSING') and "
                + "source in (" + String.join(", ", Collections.nCopies(sources.size(), "?")) + ")", Integer.class,
                sources.toArray());
    }

    /** The job each of these events was sent in, by event id; an event sent in none is absent. One query. */
    public Map<String, AwaitedJob> awaitedJobs(List<InboxEvent> events) {
        Map<String, AwaitedJob> jobs = new HashMap<>();
        if (events.isEmpty()) {
            return jobs;
        }
        Set<String> keys = new java.util.HashSet<>();
        events.forEach(event -> keys.add(event.source() + "/" + event.eventId()));
        jdbc.query("select source, event_id, bulk_job, bulk_outcome from inbox_event where bulk_job is not null "
                + "and event_id in (" + String.join(", ", Collections.nCopies(events.size(), "?")) + ")", rs -> {
                    if (keys.contains(rs.getString(1) + "/" + rs.getString(2))) {
                        jobs.put(rs.getString(2), new AwaitedJob(rs.getString(3), rs.getString(4)));
                    }
                }, events.stream().map(InboxEvent::eventId).toArray());
        return jobs;
    }

    /**
     * A remote job an event's work was sent in.
     *
     * @param outcomeOnceDone what to record for the event when the job did its work
     */
    public record AwaitedJob(String jobId, String outcomeOnceDone) { }

    /**
     * The earliest rate slot, still to come, that parked events of these sources hold for one request sent for them
     * all, when it has room for {@code room} more events: events that join it go in that request instead of
     * taking slots of their own. {@code awaitingJob} picks the events that follow jobs (a poll) or those still to send.
     */
    public Optional<Instant> parkedSlotWithRoom(Collection<String> sources, boolean awaitingJob, int room) {
        List<Object> arguments = new ArrayList<>(sources);
        arguments.add(now());
        arguments.add(room);
        return jdbc.queryForList("""
                select rate_slot from inbox_event
                where source in (%s) and status = 'PENDING' and rate_slot > ? and bulk_job is %s null
                group by rate_slot having count(*) <= ?
                order by rate_slot
                limit 1""".formatted(String.join(", ", Collections.nCopies(sources.size(), "?")),
                awaitingJob ? "not" : ""), java.sql.Timestamp.class, arguments.toArray()).stream().findFirst()
                .map(java.sql.Timestamp::toInstant);
    }

    /** Forgets the job of an event whose work the job did not do: the work is sent again later. */
    public void leaveJob(InboxEvent event) {
        jdbc.update("update inbox_event set bulk_job = null, bulk_outcome = null where source = ? and event_id = ?",
                event.source(), event.eventId());
    }

    private boolean putBack(InboxEvent event, Instant at, Instant rateSlot, String reason, boolean countAttempt) {
        return jdbc.update("""
                update inbox_event set status = 'PENDING', next_attempt_at = ?, lease_until = null, outcome = ?,
                                       attempts = attempts - ?, rate_slot = ?
                where source = ? and event_id = ? and status = 'PROCESSING' and attempts = ?""",
                at.atOffset(ZoneOffset.UTC), truncate(reason), countAttempt ? 0 : 1,
                rateSlot == null ? null : rateSlot.atOffset(ZoneOffset.UTC), event.source(), event.eventId(),
                event.attempts()) == 1;
    }

    /** Moves the event to the dead-letter table with the reason, in one transaction; false as for retryAt. */
    @Transactional
    public boolean deadLetter(InboxEvent event, String reason) {
        if (!finish(event, DEAD, reason)) {
            return false;
        }
        jdbc.update("""
                insert into dead_letter (source, event_id, event_type, reason, payload, attempts, failed_at,
                                         correlation_id)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", event.source(), event.eventId(), event.eventType(),
                truncate(reason), event.payload(), event.attempts(), now(), event.correlationId());
        return true;
    }

    /** Sends a dead-lettered event through processing again, with a fresh attempt budget. */
    @Transactional
    public boolean replay(long deadLetterId) {
        List<String[]> keys = jdbc.query("select source, event_id from dead_letter where id = ? and replayed_at is null",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, deadLetterId);
        if (keys.isEmpty()) {
            return false;
        }
        OffsetDateTime now = now();
        if (jdbc.update("update dead_letter set replayed_at = ? where id = ? and replayed_at is null", now,
                deadLetterId) == 0) {
            return false;
        }
        jdbc.update("""
                update inbox_event set status = 'PENDING', attempts = 0, next_attempt_at = ?, lease_until = null,
                                       outcome = 'replayed from dead letter'
                where source = ? and event_id = ?""", now, keys.get(0)[0], keys.get(0)[1]);
        return true;
    }

    /** Deletes finished events older than the retention; dead letters and unfinished events are kept. */
    public int prune() {
        return jdbc.update("delete from inbox_event where status in ('DONE', 'SKIPPED') and processed_at < ?",
                now().minus(properties.retention()));
    }

    /** The backoff before attempt {@code attempts + 1}: exponential from the initial delay, capped. */
    public Duration backoffAfter(int attempts) {
        return new Backoff(properties.backoffInitial(), properties.backoffMax()).after(attempts);
    }

    public int maxAttempts() {
        return properties.maxAttempts();
    }

    /**
     * Ends this claim of the event. The update is fenced on the claim (still PROCESSING, same attempt number): a
     * worker whose lease expired and was taken over cannot overwrite what the new owner decides.
     */
    private boolean finish(InboxEvent event, String status, String outcome) {
        boolean finished = jdbc.update("""
                update inbox_event set status = ?, outcome = ?, processed_at = ?, lease_until = null
                where source = ? and event_id = ? and status = 'PROCESSING' and attempts = ?""",
                status, truncate(outcome), now(), event.source(), event.eventId(), event.attempts()) == 1;
        if (finished && !DEAD.equals(status)) {
            LOG.info("{} {}: {}", event, status, outcome);
        }
        return finished;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * Outcomes and reasons are often exception texts, and camel-zendesk's carry its endpoint options: secrets are
     * masked before they are stored (and shown by the API and the admin page).
     */
    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        String masked = SecretMask.mask(text);
        return masked.length() <= 2000 ? masked : masked.substring(0, 1997) + "...";
    }
}
