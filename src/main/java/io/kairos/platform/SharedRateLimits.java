package io.kairos.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Outbound rate limits shared by every replica. Each limit is one row in the store holding its next free send slot;
 * a permit takes that slot and moves it one interval (period / permits) forward under the row's lock, and the caller
 * waits until its slot. However many replicas send, together they keep the configured rate, evenly spaced: at most
 * one more than the configured count in any period. One small transaction per permit.
 */
@Component("sharedRateLimits")
public class SharedRateLimits {

    private final JdbcTemplate jdbc;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final Sleeper sleeper;

    @Autowired
    public SharedRateLimits(JdbcTemplate jdbc, TransactionOperations transactions, Clock clock) {
        this(jdbc, transactions, clock, duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart()
                % 1_000_000));
    }

    SharedRateLimits(JdbcTemplate jdbc, TransactionOperations transactions, Clock clock, Sleeper sleeper) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Waits for a permit of the named limit: at most {@code permits} per {@code periodMillis} across all replicas.
     * A permit is spent even if the caller then sends nothing.
     */
    public void acquire(String name, double permits, long periodMillis) {
        sleep(name, reserve(name, permits, periodMillis));
    }

    private void sleep(String name, Duration wait) {
        if (wait.isZero()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a " + name + " permit", e);
        }
    }

    /**
     * Route step for an inbox event that sends under the named limit, without holding its worker or lease while it
     * waits: passes when the event already holds a slot (it was parked for it) or the next free slot is due now;
     * otherwise the event takes that slot and {@link RateSlotWaitException} parks it in the inbox until then.
     */
    public void slotFor(InboxEvent event, String name, double permits, long periodMillis) {
        slotFor(event, name, permits, periodMillis, 1, 0);
    }

    /**
     * As {@link #slotFor(InboxEvent, String, double, long)} for an event whose work makes {@code requests} calls
     * under the limit: it takes that many slots at once and passes when the last is due, so the calls may follow each
     * other without waiting; up to {@code burst} slots left unused while the limit was idle are taken first.
     */
    public void slotFor(InboxEvent event, String name, double permits, long periodMillis, int requests, int burst) {
        if (event.rateSlot() != null) {
            return;
        }
        Duration wait = reserve(name, permits, periodMillis, requests, burst);
        if (!wait.isZero()) {
            throw new RateSlotWaitException(name, clock.instant().plus(wait));
        }
    }

    /**
     * As {@link #slotFor(InboxEvent, String, double, long, int)} for a group whose work makes {@code requests} calls
     * in all: the slots are the whole group's, which passes when every event of it was parked for them; otherwise
     * the group takes the next free slots and, when they are not due now, {@link RateSlotWaitException} parks each
     * event until then.
     */
    public void slotFor(List<InboxEvent> group, String name, double permits, long periodMillis, int requests,
                        int burst) {
        if (!group.isEmpty() && group.stream().allMatch(event -> event.rateSlot() != null)) {
            return;
        }
        Duration wait = reserve(name, permits, periodMillis, requests, burst);
        if (!wait.isZero()) {
            throw new RateSlotWaitException(name, clock.instant().plus(wait));
        }
    }

    /**
     * Waits for {@code requests} permits taken at once, but not longer than {@code maxWait}: a caller that cannot wait
     * that long gets {@link RateSlotWaitException} at once (the permits stay spent: the limit errs on the safe side).
     * Up to {@code burst} permits saved while the limit was idle are spent at once, so a few calls in a row need not
     * wait for each other; in any period at most {@code permits + burst} pass.
     */
    public void acquire(String name, double permits, long periodMillis, int requests, int burst, Duration maxWait) {
        Duration wait = reserve(name, permits, periodMillis, requests, burst);
        if (wait.compareTo(maxWait) > 0) {
            throw new RateSlotWaitException(name, clock.instant().plus(wait));
        }
        sleep(name, wait);
    }

    /**
     * Takes a permit of the named limit only when one is due now, for a caller that answers "too many requests"
     * rather than waits (an inbound API): zero when taken, else how long until one is due, with nothing spent, so a
     * caller that keeps asking too early is not pushed further back. Up to {@code burst} permits saved while idle
     * are spent at once; in any period at most {@code permits + burst} pass.
     */
    public Duration tryAcquire(String name, double permits, long periodMillis, int burst) {
        if (burst < 0) {
            throw new IllegalArgumentException(name + ": a burst is never negative, got " + burst);
        }
        long interval = intervalMicros(name, permits, periodMillis);
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        Long early = transactions.execute(status -> {
            long next = lockedNextSlot(name);
            long taken = Math.max(next, now - interval * burst);
            if (taken > now) {
                return taken - now;
            }
            jdbc.update("update rate_limit set next_slot_us = ? where name = ?", taken + interval, name);
            return 0L;
        });
        return Duration.of(early, ChronoUnit.MICROS);
    }

    /**
     * The remote refused a call for its own rate limit (a 429 with Retry-After): no replica takes a slot of the named
     * limit before {@code until}, whatever was configured.
     */
    public void holdUntil(String name, Instant until) {
        long untilUs = ChronoUnit.MICROS.between(Instant.EPOCH, until);
        transactions.executeWithoutResult(status -> {
            lockedNextSlot(name);
            jdbc.update("update rate_limit set next_slot_us = ? where name = ? and next_slot_us < ?", untilUs, name,
                    untilUs);
        });
    }

    /**
     * Until when {@link #holdUntil} holds the named limit, if that is still ahead: for a row used only as a hold (a
     * channel paused by its API), read by every replica.
     */
    public Optional<Instant> heldUntil(String name) {
        Long until = jdbc.queryForList("select next_slot_us from rate_limit where name = ?", Long.class, name).stream()
                .findFirst().orElse(null);
        if (until == null) {
            return Optional.empty();
        }
        Instant at = Instant.EPOCH.plus(until, ChronoUnit.MICROS);
        return at.isAfter(clock.instant()) ? Optional.of(at) : Optional.empty();
    }

    /** Takes the next free slot of the limit and returns how long to wait for it (zero when it is due now). */
    Duration reserve(String name, double permits, long periodMillis) {
        return reserve(name, permits, periodMillis, 1);
    }

    Duration reserve(String name, double permits, long periodMillis, int requests) {
        return reserve(name, permits, periodMillis, requests, 0);
    }

    /**
     * Takes the next {@code requests} free slots of the limit and returns how long to wait for the last of them, so
     * that the requests may go out together. Slots left unused while idle are kept up to {@code burst} of them.
     */
    Duration reserve(String name, double permits, long periodMillis, int requests, int burst) {
        if (requests < 1 || burst < 0) {
            throw new IllegalArgumentException(name + ": a reservation takes at least one slot, got " + requests);
        }
        long interval = intervalMicros(name, permits, periodMillis);
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        Long slot = transactions.execute(status -> {
            long next = lockedNextSlot(name);
            long taken = Math.max(next, now - interval * burst);
            jdbc.update("update rate_limit set next_slot_us = ? where name = ?", taken + interval * requests, name);
            return taken + interval * (requests - 1);
        });
        return Duration.of(Math.max(0, slot - now), ChronoUnit.MICROS);
    }

    /** Microseconds between two permits of the limit. */
    private static long intervalMicros(String name, double permits, long periodMillis) {
        if (permits <= 0 || periodMillis <= 0) {
            throw new IllegalArgumentException(name + ": a rate limit needs a positive count and period, got "
                    + permits + " per " + periodMillis + " ms");
        }
        return Math.max(1, Math.round(periodMillis * 1000.0 / permits));
    }

    /** The limit's next free slot, its row locked for this transaction; a new limit's row is made, free now. */
    private long lockedNextSlot(String name) {
        Long next = nextSlot(name);
        if (next == null) {
            jdbc.update("insert into rate_limit (name, next_slot_us) values (?, 0) on conflict do nothing", name);
            next = nextSlot(name);
        }
        return next;
    }

    private Long nextSlot(String name) {
        return jdbc.queryForList("select next_slot_us from rate_limit where name = ? for update", Long.class, name)
                .stream().findFirst().orElse(null);
    }

    /** How a caller waits for its slot; tests replace it. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }
}
