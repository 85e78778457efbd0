package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rate limits shared through the store, on H2 (PostgreSQL mode) and a real PostgreSQL. */
class SharedRateLimitsTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void permitsAreSpacedOneIntervalApartAndIdleTimeBuildsNoBurst(Database db) {
        SharedRateLimits limits = limits(db, clock);

        assertThat(limits.reserve("intercom", 10, 1000)).isZero();
        assertThat(limits.reserve("intercom", 10, 1000)).isEqualTo(Duration.ofMillis(100));
        assertThat(limits.reserve("intercom", 10, 1000)).isEqualTo(Duration.ofMillis(200));
        assertThat(limits.reserve("zendesk", 90, 60_000)).as("another limit counts apart").isZero();

        clock.advance(Duration.ofMinutes(5));

        assertThat(limits.reserve("intercom", 10, 1000)).isZero();
        assertThat(limits.reserve("intercom", 10, 1000)).as("no burst saved up while idle")
                .isEqualTo(Duration.ofMillis(100));
        assertThat(limits.reserve("zendesk", 90, 60_000)).isZero();
        assertThat(limits.reserve("zendesk", 90, 60_000)).isEqualTo(Duration.ofNanos(666_667_000));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void tryAcquireTakesADuePermitOrSaysHowLongWithoutSpendingOne(Database db) {
        SharedRateLimits replicaA = limits(db, clock);
        SharedRateLimits replicaB = limits(db, clock);

        // 10 a second, 2 saved while idle: three pass at once, the fourth is told to wait one interval.
        assertThat(replicaA.tryAcquire("agent", 10, 1000, 2)).isZero();
        assertThat(replicaB.tryAcquire("agent", 10, 1000, 2)).isZero();
        assertThat(replicaA.tryAcquire("agent", 10, 1000, 2)).isZero();
        assertThat(replicaB.tryAcquire("agent", 10, 1000, 2)).isEqualTo(Duration.ofMillis(100));
        assertThat(replicaA.tryAcquire("agent", 10, 1000, 2)).as("a refusal spends nothing")
                .isEqualTo(Duration.ofMillis(100));

        clock.advance(Duration.ofMillis(100));
        assertThat(replicaA.tryAcquire("agent", 10, 1000, 2)).isZero();
        assertThat(replicaB.tryAcquire("agent", 10, 1000, 2)).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> replicaA.tryAcquire("agent", 0, 1000, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void replicasShareOneLimit(Database db) {
        SharedRateLimits replicaA = limits(db, clock);
        SharedRateLimits replicaB = limits(db, clock);

        List<Duration> waits = List.of(replicaA.reserve("intercom", 4, 1000), replicaB.reserve("intercom", 4, 1000),
                replicaA.reserve("intercom", 4, 1000), replicaB.reserve("intercom", 4, 1000));

        assertThat(waits).containsExactly(Duration.ZERO, Duration.ofMillis(250), Duration.ofMillis(500),
                Duration.ofMillis(750));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void twoReplicasWithTwoSendersEachTogetherKeepTheConfiguredRate(Database db) {
        List<SharedRateLimits> replicas = List.of(limits(db, Clock.systemUTC()), limits(db, Clock.systemUTC()));
        double perSecond = 20;
        long runMillis = 1500;
        AtomicInteger permits = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + Duration.ofMillis(runMillis).toNanos();

        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (SharedRateLimits replica : replicas) {
            for (int thread = 0; thread < 2; thread++) {
                senders.add(CompletableFuture.runAsync(() -> {
                    while (System.nanoTime() < deadline) {
                        replica.acquire("intercom", perSecond, 1000);
                        if (System.nanoTime() < deadline) {
                            permits.incrementAndGet();
                        }
                    }
                }));
            }
        }
        senders.forEach(CompletableFuture::join);

        // One permit at once, then one every 50 ms: 30 in 1.5 s, give or take the one that straddles the deadline.
        assertThat(permits.get()).isBetween(28, 32);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anEventWhoseSlotIsLaterTakesItAndIsParkedInsteadOfWaitingOnItsWorker(Database db) {
        SharedRateLimits limits = limits(db, clock);
        InboxEvent first = event(null);
        InboxEvent second = event(null);

        assertThatCode(() -> limits.slotFor(first, "zendesk-ticket-updates", 10, 1000)).as("due now: sends")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.slotFor(second, "zendesk-ticket-updates", 10, 1000))
                .isInstanceOfSatisfying(RateSlotWaitException.class, wait -> {
                    assertThat(wait.limit()).isEqualTo("zendesk-ticket-updates");
                    assertThat(wait.slot()).isEqualTo(clock.instant().plusMillis(100));
                });
        assertThat(limits.reserve("zendesk-ticket-updates", 10, 1000)).as("the parked event holds the 100 ms slot")
                .isEqualTo(Duration.ofMillis(200));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anEventClaimedAtItsSlotSendsWithoutTakingAnother(Database db) {
        SharedRateLimits limits = limits(db, clock);
        limits.reserve("zendesk-ticket-updates", 10, 1000);

        assertThatCode(() -> limits.slotFor(event(clock.instant()), "zendesk-ticket-updates", 10, 1000))
                .doesNotThrowAnyException();

        assertThat(limits.reserve("zendesk-ticket-updates", 10, 1000)).as("no slot taken by the parked event")
                .isEqualTo(Duration.ofMillis(100));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aStepOfSeveralRequestsPassesWhenItsLastSlotIsDueAndAnIdleLimitsBurstServesItAtOnce(Database db) {
        SharedRateLimits limits = limits(db, clock);

        assertThatCode(() -> limits.slotFor(List.of(event(null), event(null)), "zendesk-requests", 10, 1000, 3, 3))
                .as("idle: three saved slots, taken at once").doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.slotFor(event(null), "zendesk-requests", 10, 1000, 2, 3))
                .as("no burst left: waits for the last of its two slots")
                .isInstanceOfSatisfying(RateSlotWaitException.class, wait ->
                        assertThat(wait.slot()).isEqualTo(clock.instant().plusMillis(100)));
        assertThat(limits.reserve("zendesk-requests", 10, 1000)).isEqualTo(Duration.ofMillis(200));

        clock.advance(Duration.ofSeconds(10));
        assertThat(limits.reserve("zendesk-requests", 10, 1000, 4, 3)).as("at most the burst is saved up")
                .isEqualTo(Duration.ZERO);
        assertThat(limits.reserve("zendesk-requests", 10, 1000, 1, 3)).isEqualTo(Duration.ofMillis(100));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRemotesRetryAfterHoldsTheLimitForEveryone(Database db) {
        SharedRateLimits replicaA = limits(db, clock);
        SharedRateLimits replicaB = limits(db, clock);

        replicaA.holdUntil("zendesk-requests", clock.instant().plusSeconds(30));

        assertThat(replicaB.reserve("zendesk-requests", 10, 1000)).isEqualTo(Duration.ofSeconds(30));
        replicaA.holdUntil("zendesk-requests", clock.instant().plusSeconds(5));
        assertThat(replicaB.reserve("zendesk-requests", 10, 1000)).as("a shorter hold moves nothing back")
                .isEqualTo(Duration.ofMillis(30_100));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aCallerThatCannotWaitThatLongIsToldAtOnce(Database db) {
        SharedRateLimits limits = limits(db, clock);
        limits.reserve("zendesk-signal-requests", 1, 10_000);

        assertThatThrownBy(() -> limits.acquire("zendesk-signal-requests", 1, 10_000, 1, 0, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(RateSlotWaitException.class, wait ->
                        assertThat(wait.slot()).isEqualTo(clock.instant().plusSeconds(10)));
    }

    private static InboxEvent event(Instant rateSlot) {
        return new InboxEvent("zendesk", "ev-1", "ticket.created", "{}", 1, Instant.EPOCH, null, rateSlot);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRateMustBePositive(Database db) {
        SharedRateLimits limits = limits(db, clock);

        assertThatThrownBy(() -> limits.reserve("intercom", 0, 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intercom");
    }

    private static SharedRateLimits limits(Database db, Clock clock) {
        return new SharedRateLimits(db.jdbc(), db.transaction(), clock);
    }
}
