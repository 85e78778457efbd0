package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.transaction.TransactionException;

/** On a real PostgreSQL: once a delivery is acknowledged, no worker crash can lose it. */
class InboxReliabilityTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.postgresOnly();

    private static final int EVENTS = 50;
    private static final int BATCH = 20;
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    private Database db;
    private Set<String> acknowledged;

    @BeforeEach
    void acknowledgeDeliveries() {
        db = DATABASES.get(TestDatabases.Kind.POSTGRESQL);
        assertThat(db.jdbc().queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        Inbox intake = inbox();
        acknowledged = new TreeSet<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = "ev-%03d".formatted(i);
            assertThat(intake.accept("zendesk", id, "ticket.created", "{\"n\":" + i + "}")).isTrue();
            acknowledged.add(id);
            clock.advance(Duration.ofMillis(10));
        }
    }

    @Test
    void aWorkerThatCrashesAfterClaimingLosesNothing() {
        List<InboxEvent> lost = inbox().claimDue(InboxLane.TICKETS);
        assertThat(lost).hasSize(BATCH);
        // The worker dies here: its claim is committed, but it never marks anything done or retried.

        Inbox survivor = inbox();
        List<InboxEvent> beforeExpiry = drain(survivor);
        assertThat(beforeExpiry).as("the crashed worker's events stay leased to it until the lease runs out")
                .hasSize(EVENTS - BATCH)
                .noneMatch(e -> lost.stream().anyMatch(l -> l.eventId().equals(e.eventId())));

        clock.advance(LEASE.plusSeconds(1));
        List<InboxEvent> afterExpiry = drain(survivor);

        assertThat(afterExpiry).extracting(InboxEvent::eventId)
                .containsExactlyInAnyOrderElementsOf(lost.stream().map(InboxEvent::eventId).toList());
        assertThat(afterExpiry).allSatisfy(e -> assertThat(e.attempts()).isEqualTo(2));
        assertEverythingDoneOnce(beforeExpiry, afterExpiry);
    }

    @Test
    void aWorkerKilledInsideItsClaimTransactionLeavesTheEventsClaimableAtOnce() {
        Inbox worker = inbox();
        assertThatThrownBy(() -> db.transaction().executeWithoutResult(tx -> {
            assertThat(worker.claimDue(InboxLane.TICKETS)).hasSize(BATCH);
            int backend = db.jdbc().queryForObject("select pg_backend_pid()", Integer.class);
            // The worker's connection dies before it commits, as when its pod is killed mid-claim.
            CompletableFuture.runAsync(() -> db.jdbc().queryForObject("select pg_terminate_backend(?)",
                    Boolean.class, backend)).join();
        })).as("the claim never committed").isInstanceOf(TransactionException.class)
                .hasRootCauseMessage("FATAL: terminating connection due to administrator command");

        List<InboxEvent> claimed = drain(inbox());

        assertThat(claimed).as("no lease to wait for: the claim was rolled back").hasSize(EVENTS)
                .allSatisfy(e -> assertThat(e.attempts()).isEqualTo(1));
        assertEverythingDoneOnce(claimed);
    }

    @Test
    void twoReplicasSharingOneRateNeverTakeTheSameEventAndNoLeaseExpiresWhileEventsWaitForTheirSlots() {
        // 10 updates a minute: the 50 events need 5 minutes of slots, more than twice the 2-minute lease.
        List<Inbox> replicas = List.of(inbox(), inbox());
        List<SharedRateLimits> rates = List.of(rate(), rate());
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        List<String> sentTwice = new CopyOnWriteArrayList<>();

        for (int round = 0; round < 400 && sentAt.size() < EVENTS; round++) {
            List<Set<String>> claims = IntStream.range(0, replicas.size()).parallel()
                    .mapToObj(r -> work(replicas.get(r), rates.get(r), sentAt, sentTwice)).toList();

            Set<String> both = new TreeSet<>(claims.get(0));
            both.retainAll(claims.get(1));
            assertThat(both).as("round %d: claimed by both replicas", round).isEmpty();
            assertThat(db.jdbc().queryForObject("select count(*) from inbox_event where status = 'PROCESSING'",
                    Integer.class)).as("round %d: an event waiting for its slot holds no lease", round).isZero();
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(sentTwice).isEmpty();
        assertThat(sentAt.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(db.jdbc().queryForList("select distinct attempts from inbox_event", Integer.class))
                .as("no claim after an expired lease, no attempt spent by waiting").containsExactly(1);
        List<Instant> sends = sentAt.values().stream().sorted().toList();
        for (int i = 1; i < sends.size(); i++) {
            assertThat(Duration.between(sends.get(i - 1), sends.get(i))).as("6 s slots, seen in 1 s steps")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        }
    }

    /** One replica's poll: every claimed event either sends in its slot or is parked until it. */
    private Set<String> work(Inbox inbox, SharedRateLimits rate, Map<String, Instant> sentAt, List<String> twice) {
        Set<String> claimed = new TreeSet<>();
        for (InboxEvent event : inbox.claimDue(InboxLane.TICKETS)) {
            claimed.add(event.eventId());
            try {
                rate.slotFor(event, "zendesk-ticket-updates", 10, 60_000);
            } catch (RateSlotWaitException wait) {
                assertThat(inbox.park(event, wait.slot(), wait.getMessage())).isTrue();
                continue;
            }
            if (sentAt.putIfAbsent(event.eventId(), clock.instant()) != null) {
                twice.add(event.eventId());
            }
            assertThat(inbox.markDone(event, "sent")).isTrue();
        }
        return claimed;
    }

    private SharedRateLimits rate() {
        return new SharedRateLimits(db.jdbc(), db.transaction(), clock);
    }

    private Inbox inbox() {
        InboxProperties properties = new InboxProperties(Duration.ofMillis(250), BATCH, LEASE, 8,
                Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofDays(14));
        return db.transactional(new Inbox(db.jdbc(), clock, properties));
    }

    /** Claims until nothing is due, finishing every event it gets. */
    private static List<InboxEvent> drain(Inbox inbox) {
        List<InboxEvent> all = new ArrayList<>();
        for (List<InboxEvent> batch = inbox.claimDue(InboxLane.TICKETS); !batch.isEmpty(); batch = inbox.claimDue(InboxLane.TICKETS)) {
            batch.forEach(e -> inbox.markDone(e, "processed"));
            all.addAll(batch);
        }
        return all;
    }

    @SafeVarargs
    private void assertEverythingDoneOnce(List<InboxEvent>... processed) {
        List<String> ids = Arrays.stream(processed).flatMap(List::stream).map(InboxEvent::eventId).toList();
        assertThat(ids).as("each acknowledged event processed exactly once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(db.jdbc().queryForList("select status, count(*) as n from inbox_event group by status"))
                .as("nothing left pending or processing").containsExactly(Map.of("status", "DONE",
                        "n", (long) EVENTS));
    }
}
