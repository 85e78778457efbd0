package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kairos.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.aop.support.AopUtils;
import org.springframework.dao.DataIntegrityViolationException;

/** The inbox on H2 (PostgreSQL mode) and on a real PostgreSQL: intake, claims and leases, retries, dead letters. */
class InboxTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration RETENTION = Duration.ofDays(14);

    private final MutableClock clock = new MutableClock(T0);

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    private Inbox inbox(Database db, int batchSize) {
        return db.transactional(new Inbox(db.jdbc(), clock, properties(batchSize)));
    }

    static InboxProperties properties(int batchSize) {
        return new InboxProperties(Duration.ofMillis(250), batchSize, LEASE, 8, Duration.ofSeconds(2),
                Duration.ofMinutes(10), RETENTION);
    }

    private Inbox inbox(Database db) {
        return inbox(db, 20);
    }

    @Test
    void thePostgresVariantRunsOnARealPostgres() {
        String version = DATABASES.get(TestDatabases.Kind.POSTGRESQL).jdbc()
                .queryForObject("select version()", String.class);
        System.out.println("Store tests run on: " + version);
        assertThat(version).startsWith("PostgreSQL");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void acceptingTheSameDeliveryTwiceStoresOneRow(Database db) {
        Inbox inbox = inbox(db);

        assertThat(inbox.accept("zendesk", "ev-1", "ticket.created", "{\"a\":1}")).isTrue();
        assertThat(inbox.accept("zendesk", "ev-1", "ticket.created", "{\"a\":2}")).isFalse();
        assertThat(inbox.accept("intercom", "ev-1", "conversation.created", "{}")).isTrue();

        assertThat(count(db, "select count(*) from inbox_event where source = 'zendesk' and event_id = 'ev-1'"))
                .isEqualTo(1);
        Map<String, Object> row = row(db, "zendesk", "ev-1");
        assertThat(row).containsEntry("status", Inbox.PENDING).containsEntry("attempts", 0)
                .containsEntry("payload", "{\"a\":1}");
        assertThat(instant(row, "received_at")).isEqualTo(T0);
        assertThat(instant(row, "next_attempt_at")).isEqualTo(T0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void claimTakesDueEventsOnlyAndLeasesThem(Database db) {
        Inbox inbox = inbox(db);
        for (String id : List.of("due-1", "due-2", "later", "done", "leased")) {
            inbox.accept("zendesk", id, "ticket.created", "{}");
        }
        List<InboxEvent> first = inbox.claimDue(InboxLane.TICKETS);
        assertThat(first).extracting(InboxEvent::eventId)
                .containsExactlyInAnyOrder("due-1", "due-2", "later", "done", "leased");
        assertThat(first).allSatisfy(e -> assertThat(e.attempts()).isEqualTo(1));
        assertThat(row(db, "zendesk", "leased")).containsEntry("status", Inbox.PROCESSING)
                .containsEntry("attempts", 1);
        assertThat(instant(row(db, "zendesk", "leased"), "lease_until")).isEqualTo(T0.plus(LEASE));

        inbox.markDone(event(first, "done"), "enriched");
        inbox.retryAt(event(first, "later"), T0.plus(Duration.ofHours(1)), "wait", true);
        inbox.retryAt(event(first, "due-1"), T0.plusSeconds(30), "transient", true);
        inbox.retryAt(event(first, "due-2"), T0.plusSeconds(60), "transient", true);
        clock.advance(Duration.ofMinutes(1));

        List<InboxEvent> second = inbox.claimDue(InboxLane.TICKETS);

        assertThat(second).extracting(InboxEvent::eventId).containsExactly("due-1", "due-2");
        assertThat(second).extracting(InboxEvent::attempts).containsExactly(2, 2);
        for (String id : List.of("due-1", "due-2")) {
            Map<String, Object> row = row(db, "zendesk", id);
            assertThat(row).containsEntry("status", Inbox.PROCESSING).containsEntry("attempts", 2);
            assertThat(instant(row, "lease_until")).isEqualTo(clock.instant().plus(LEASE));
        }
        assertThat(row(db, "zendesk", "done")).containsEntry("status", Inbox.DONE);
        assertThat(row(db, "zendesk", "later")).containsEntry("status", Inbox.PENDING);
        assertThat(row(db, "zendesk", "leased")).containsEntry("status", Inbox.PROCESSING).containsEntry("attempts", 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void claimTakesAtMostOneBatchOldestFirst(Database db) {
        Inbox inbox = inbox(db, 2);
        for (int i = 1; i <= 3; i++) {
            inbox.accept("zendesk", "ev-" + i, "ticket.created", "{}");
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(inbox.claimDue(InboxLane.TICKETS)).extracting(InboxEvent::eventId).containsExactly("ev-1", "ev-2");
        assertThat(inbox.claimDue(InboxLane.TICKETS)).extracting(InboxEvent::eventId).containsExactly("ev-3");
        assertThat(inbox.claimDue(InboxLane.TICKETS)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anExpiredLeaseMakesTheEventClaimableAgain(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ev-1", "ticket.created", "{}");
        assertThat(inbox.claimDue(InboxLane.TICKETS)).hasSize(1);

        assertThat(inbox.claimDue(InboxLane.TICKETS)).as("leased to the first worker").isEmpty();
        clock.advance(LEASE);
        assertThat(inbox.claimDue(InboxLane.TICKETS)).as("the lease lasts until lease_until inclusive").isEmpty();
        clock.advance(Duration.ofMillis(1));

        List<InboxEvent> again = inbox.claimDue(InboxLane.TICKETS);
        assertThat(again).extracting(InboxEvent::eventId).containsExactly("ev-1");
        assertThat(again.get(0).attempts()).isEqualTo(2);
        assertThat(instant(row(db, "zendesk", "ev-1"), "lease_until")).isEqualTo(clock.instant().plus(LEASE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aClaimOfAnEventWhoseLeaseExpiredIsCountedForItsLane(Database db) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Inbox inbox = db.transactional(new Inbox(db.jdbc(), clock, properties(20), meters));
        inbox.accept("zendesk", "ev-1", "ticket.created", "{}");
        inbox.accept("zendesk", "ev-2", "ticket.created", "{}");
        inbox.accept("intercom", "conv-1", "conversation.created", "{}");
        assertThat(inbox.claimDue(InboxLane.TICKETS)).hasSize(2);
        assertThat(inbox.claimDue(InboxLane.CONVERSATIONS)).hasSize(1);
        assertThat(meters.find(Inbox.LEASES_EXPIRED).counter()).as("first claims are no expiry").isNull();

        clock.advance(LEASE.plusMillis(1));
        inbox.accept("zendesk", "ev-3", "ticket.created", "{}");
        List<InboxEvent> again = inbox.claimDue(InboxLane.TICKETS);

        assertThat(again).extracting(InboxEvent::eventId).containsExactlyInAnyOrder("ev-1", "ev-2", "ev-3");
        assertThat(meters.get(Inbox.LEASES_EXPIRED).tag("lane", "tickets").counter().count())
                .as("ev-1 and ev-2 outlived their lease; ev-3 is new").isEqualTo(2.0);
        assertThat(meters.find(Inbox.LEASES_EXPIRED).tag("lane", "conversations").counter())
                .as("the other lane's expired lease is counted when that lane claims").isNull();
        assertThat(inbox.claimDue(InboxLane.CONVERSATIONS)).hasSize(1);
        assertThat(meters.get(Inbox.LEASES_EXPIRED).tag("lane", "conversations").counter().count()).isEqualTo(1.0);
    }

    /** Both transactions stay open until both have claimed: without SKIP LOCKED they would collide or block. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoConcurrentClaimersNeverTakeTheSameEvent(Database db) throws Exception {
        Inbox inbox = inbox(db, 5);
        for (int i = 0; i < 10; i++) {
            inbox.accept("zendesk", "ev-" + i, "ticket.created", "{}");
        }
        CountDownLatch firstClaimed = new CountDownLatch(1);
        CountDownLatch secondClaimed = new CountDownLatch(1);

        CompletableFuture<List<InboxEvent>> first = CompletableFuture.supplyAsync(() -> db.transaction().execute(tx -> {
            List<InboxEvent> claimed = inbox.claimDue(InboxLane.TICKETS);
            firstClaimed.countDown();
            await(secondClaimed);
            return claimed;
        }));
        CompletableFuture<List<InboxEvent>> second = CompletableFuture.supplyAsync(() -> db.transaction().execute(tx -> {
            await(firstClaimed);
            List<InboxEvent> claimed = inbox.claimDue(InboxLane.TICKETS);
            secondClaimed.countDown();
            return claimed;
        }));

        List<InboxEvent> a = first.get(20, TimeUnit.SECONDS);
        List<InboxEvent> b = second.get(20, TimeUnit.SECONDS);
        Set<String> ids = new HashSet<>();
        a.forEach(e -> ids.add(e.eventId()));
        b.forEach(e -> assertThat(ids.add(e.eventId())).as("%s claimed twice", e.eventId()).isTrue());
        assertThat(a).hasSize(5);
        if (db.isPostgres()) {
            // SKIP LOCKED passes over the first claimer's rows and fills the second batch from the rest.
            assertThat(b).hasSize(5);
            assertThat(count(db, "select count(*) from inbox_event where status = 'PROCESSING' and attempts = 1"))
                    .isEqualTo(10);
        } else {
            // H2 (dev store only) applies the limit before skipping locked rows: its second claimer may get less.
            assertThat(b).hasSizeLessThanOrEqualTo(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void retryWithoutCountingGivesTheAttemptBack(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "quota", "ticket.created", "{}");
        inbox.accept("zendesk", "counted", "ticket.created", "{}");
        List<InboxEvent> claimed = inbox.claimDue(InboxLane.TICKETS);

        inbox.retryAt(event(claimed, "quota"), T0.plus(Duration.ofMinutes(15)), "allowance used up", false);
        inbox.retryAt(event(claimed, "counted"), T0.plus(Duration.ofMinutes(15)), "503", true);

        Map<String, Object> quota = row(db, "zendesk", "quota");
        assertThat(quota).containsEntry("status", Inbox.PENDING).containsEntry("attempts", 0)
                .containsEntry("outcome", "allowance used up").containsEntry("lease_until", null);
        assertThat(instant(quota, "next_attempt_at")).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(row(db, "zendesk", "counted")).containsEntry("attempts", 1);

        assertThat(inbox.claimDue(InboxLane.TICKETS)).as("not due before the retry time").isEmpty();
        clock.advance(Duration.ofMinutes(15));
        assertThat(inbox.claimDue(InboxLane.TICKETS)).extracting(InboxEvent::eventId, InboxEvent::attempts)
                .containsExactlyInAnyOrder(tuple("quota", 1),
                        tuple("counted", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void markDoneAndSkippedFinishTheEventWithItsOutcome(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "done", "ticket.created", "{}");
        inbox.accept("zendesk", "skipped", "ticket.created", "{}");
        List<InboxEvent> claimed = inbox.claimDue(InboxLane.TICKETS);
        clock.advance(Duration.ofSeconds(3));

        inbox.markDone(event(claimed, "done"), "enriched");
        inbox.markSkipped(event(claimed, "skipped"), "own change: Kairos is the actor");

        assertThat(row(db, "zendesk", "done")).containsEntry("status", Inbox.DONE)
                .containsEntry("outcome", "enriched").containsEntry("lease_until", null);
        assertThat(row(db, "zendesk", "skipped")).containsEntry("status", Inbox.SKIPPED)
                .containsEntry("outcome", "own change: Kairos is the actor");
        assertThat(instant(row(db, "zendesk", "done"), "processed_at")).isEqualTo(T0.plusSeconds(3));
        clock.advance(LEASE.multipliedBy(2));
        assertThat(inbox.claimDue(InboxLane.TICKETS)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void deadLetterWritesTheReasonAndMarksTheEventDead(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ev-1", "ticket.created", "{\"ticket_id\":\"1\"}");
        InboxEvent claimed = inbox.claimDue(InboxLane.TICKETS).get(0);
        clock.advance(Duration.ofSeconds(5));

        inbox.deadLetter(claimed, "Zendesk answered 422 Unprocessable Entity");

        Map<String, Object> dead = db.jdbc().queryForMap("select * from dead_letter");
        assertThat(dead).containsEntry("source", "zendesk").containsEntry("event_id", "ev-1")
                .containsEntry("event_type", "ticket.created").containsEntry("payload", "{\"ticket_id\":\"1\"}")
                .containsEntry("reason", "Zendesk answered 422 Unprocessable Entity").containsEntry("attempts", 1)
                .containsEntry("replayed_at", null);
        assertThat(instant(dead, "failed_at")).isEqualTo(T0.plusSeconds(5));
        assertThat(row(db, "zendesk", "ev-1")).containsEntry("status", Inbox.DEAD)
                .containsEntry("outcome", "Zendesk answered 422 Unprocessable Entity");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void deadLetterIsOneTransaction(Database db) {
        assertThat(AopUtils.isCglibProxy(inbox(db))).isTrue();
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ev-1", "ticket.created", "{}");
        InboxEvent claimed = inbox.claimDue(InboxLane.TICKETS).get(0);
        // Makes the second statement (status DEAD) fail after the first (the dead_letter insert) succeeded.
        db.jdbc().execute("alter table inbox_event add constraint no_dead_for_this_test check (status <> 'DEAD')");
        try {
            assertThatThrownBy(() -> inbox.deadLetter(claimed, "boom"))
                    .isInstanceOf(DataIntegrityViolationException.class);
        } finally {
            db.jdbc().execute("alter table inbox_event drop constraint no_dead_for_this_test");
        }

        assertThat(count(db, "select count(*) from dead_letter")).as("the insert was rolled back").isZero();
        assertThat(row(db, "zendesk", "ev-1")).containsEntry("status", Inbox.PROCESSING);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theEventsCorrelationIdTravelsWithItAndSecretsInReasonsAreMasked(Database db) {
        Inbox inbox = inbox(db);
        Correlation.set("0123456789abcdef");
        try {
            inbox.accept("zendesk", "ev-1", "ticket.created", "{}");
        } finally {
            Correlation.set(null);
        }
        clock.advance(Duration.ofSeconds(1));
        inbox.accept("zendesk", "ev-2", "ticket.created", "{}");
        List<InboxEvent> claimed = inbox.claimDue(InboxLane.TICKETS);

        inbox.deadLetter(claimed.get(0), "IllegalStateException: Error invoking getTicket with {id=1, "
                + "token=zd-secret-77, username=kairos@acme.example}");

        assertThat(claimed.get(0).correlationId()).isEqualTo("0123456789abcdef");
        assertThat(claimed.get(1).correlationId()).as("minted where the event arrived outside a request")
                .matches("[0-9a-f]{16}");
        Map<String, Object> dead = db.jdbc().queryForMap("select * from dead_letter");
        assertThat(dead).containsEntry("correlation_id", "0123456789abcdef")
                .containsEntry("reason", "IllegalStateException: Error invoking getTicket with {id=1, token=***, "
                        + "username=kairos@acme.example}");
        assertThat(row(db, "zendesk", "ev-1").get("outcome")).isEqualTo(dead.get("reason"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLongReasonIsCutToTheColumn(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ev-1", "ticket.created", "{}");
        String reason = "x".repeat(5000);

        inbox.deadLetter(inbox.claimDue(InboxLane.TICKETS).get(0), reason);

        String stored = db.jdbc().queryForObject("select reason from dead_letter", String.class);
        assertThat(stored).hasSize(2000).endsWith("...");
        assertThat(row(db, "zendesk", "ev-1").get("outcome")).isEqualTo(stored);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void replaySendsADeadEventBackWithAFreshBudget(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ev-1", "ticket.created", "{}");
        InboxEvent first = inbox.claimDue(InboxLane.TICKETS).get(0);
        inbox.retryAt(first, T0, "503", true);
        InboxEvent second = inbox.claimDue(InboxLane.TICKETS).get(0);
        inbox.deadLetter(second, "gave up after 2 attempts");
        long id = db.jdbc().queryForObject("select id from dead_letter", Long.class);
        clock.advance(Duration.ofHours(1));

        assertThat(inbox.replay(id)).isTrue();

        Map<String, Object> row = row(db, "zendesk", "ev-1");
        assertThat(row).containsEntry("status", Inbox.PENDING).containsEntry("attempts", 0)
                .containsEntry("outcome", "replayed from dead letter").containsEntry("lease_until", null);
        assertThat(instant(row, "next_attempt_at")).isEqualTo(clock.instant());
        assertThat(instant(db.jdbc().queryForMap("select replayed_at from dead_letter"), "replayed_at"))
                .isEqualTo(clock.instant());
        assertThat(inbox.replay(id)).as("a dead letter is replayed once").isFalse();
        assertThat(inbox.replay(id + 1000)).as("unknown id").isFalse();
        assertThat(inbox.claimDue(InboxLane.TICKETS)).extracting(InboxEvent::eventId, InboxEvent::attempts)
                .containsExactly(tuple("ev-1", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void pruneDeletesOnlyFinishedEventsOlderThanTheRetention(Database db) {
        Inbox inbox = inbox(db);
        for (String id : List.of("done", "skipped", "dead", "pending", "recent")) {
            inbox.accept("zendesk", id, "ticket.created", "{}");
        }
        List<InboxEvent> claimed = inbox.claimDue(InboxLane.TICKETS);
        inbox.markDone(event(claimed, "done"), "enriched");
        inbox.markSkipped(event(claimed, "skipped"), "own change");
        inbox.deadLetter(event(claimed, "dead"), "422");
        inbox.retryAt(event(claimed, "pending"), T0.plus(Duration.ofDays(30)), "later", true);
        clock.advance(RETENTION);
        inbox.markDone(event(claimed, "recent"), "enriched");
        clock.advance(Duration.ofSeconds(1));

        assertThat(inbox.prune()).isEqualTo(2);

        assertThat(db.jdbc().queryForList("select event_id from inbox_event order by event_id", String.class))
                .containsExactly("dead", "pending", "recent");
        assertThat(inbox.accept("zendesk", "recent", "ticket.created", "{}")).as("still recognised").isFalse();
    }

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheCap() {
        Inbox inbox = new Inbox(null, clock, properties(20));

        assertThat(inbox.backoffAfter(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(inbox.backoffAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(inbox.backoffAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(inbox.backoffAfter(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(inbox.backoffAfter(9)).isEqualTo(Duration.ofSeconds(512));
        assertThat(inbox.backoffAfter(10)).isEqualTo(Duration.ofMinutes(10));
        assertThat(inbox.backoffAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
        assertThat(inbox.maxAttempts()).isEqualTo(8);
    }

    private static InboxEvent event(List<InboxEvent> events, String eventId) {
        return events.stream().filter(e -> e.eventId().equals(eventId)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSmallClaimGoesAsAGroupWhileABacklogWaitsInTheInbox(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ev-1", "ticket.created", "{}");
        inbox.accept("zendesk", "ev-2", "ticket.created", "{}");
        List<InboxEvent> quiet = inbox.claimDue(InboxLane.TICKETS);
        assertThat(inbox.handOut(quiet, 3)).as("no backlog: one by one").containsExactlyElementsOf(quiet);
        quiet.forEach(event -> inbox.park(event, T0.plusSeconds(30), "waits for its slot"));

        inbox.accept("zendesk", "ev-3", "ticket.created", "{}");
        List<InboxEvent> claimed = inbox.claimDue(InboxLane.TICKETS);

        assertThat(claimed).extracting(InboxEvent::eventId).containsExactly("ev-3");
        assertThat(inbox.handOut(claimed, 3)).as("two parked and this one: a backlog")
                .containsExactly(new InboxGroup(claimed));
        assertThat(inbox.handOut(claimed, 0)).as("0 never groups").containsExactlyElementsOf(claimed);
        assertThat(inbox.parkedSlotWithRoom(List.of("zendesk"), false, 2)).contains(T0.plusSeconds(30));
        assertThat(inbox.parkedSlotWithRoom(List.of("zendesk"), false, 1)).as("no room for two more").isEmpty();
        assertThat(inbox.parkedSlotWithRoom(List.of("zendesk"), true, 2)).as("no poll waits").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEventSentInAJobWaitsWithoutLeaseOrAttemptAndIsHandedToTheFlowThatFollowsJobs(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ev-1", "ticket.created", "{}");
        InboxEvent sent = inbox.claimDue(InboxLane.TICKETS).get(0);

        assertThat(inbox.awaitJob(sent, "job-1", T0.plusSeconds(2), "enriched")).isTrue();
        inbox.accept("zendesk", "ev-2", "ticket.created", "{}");

        assertThat(row(db, "zendesk", "ev-1")).containsEntry("status", Inbox.PENDING).containsEntry("attempts", 0)
                .containsEntry("lease_until", null).containsEntry("bulk_job", "job-1");
        assertThat(instant(row(db, "zendesk", "ev-1"), "next_attempt_at")).isEqualTo(T0.plusSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        List<InboxEvent> claimed = inbox.claimDue(InboxLane.TICKETS);
        assertThat(inbox.awaitedJobs(claimed)).containsOnlyKeys("ev-1")
                .containsEntry("ev-1", new Inbox.AwaitedJob("job-1", "enriched"));
        assertThat(inbox.handOut(claimed, 0)).as("never alone down the path that would send it again")
                .containsExactly(new InboxGroup(claimed.stream().filter(e -> e.eventId().equals("ev-1")).toList()),
                        claimed.stream().filter(e -> e.eventId().equals("ev-2")).findFirst().orElseThrow());

        claimed.forEach(inbox::leaveJob);
        assertThat(inbox.awaitedJobs(claimed)).isEmpty();
    }

    private static Map<String, Object> row(Database db, String source, String eventId) {
        return db.jdbc().queryForMap("select * from inbox_event where source = ? and event_id = ?", source, eventId);
    }

    private static int count(Database db, String sql) {
        return db.jdbc().queryForObject(sql, Integer.class);
    }

    private static Instant instant(Map<String, Object> row, String column) {
        Object value = row.get(column);
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other claimer never claimed: blocked on a locked row?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aWorkerWhoseLeaseWasTakenOverCannotOverwriteTheNewOwner(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ev-1", "ticket.created", "{}");
        InboxEvent stale = inbox.claimDue(InboxLane.TICKETS).get(0);
        clock.advance(LEASE.plusMillis(1));
        InboxEvent current = inbox.claimDue(InboxLane.TICKETS).get(0);

        assertThat(inbox.retryAt(stale, T0, "late failure of the first worker", true)).isFalse();
        assertThat(inbox.deadLetter(stale, "late failure of the first worker")).isFalse();
        assertThat(inbox.markDone(stale, "late success of the first worker")).isFalse();
        assertThat(count(db, "select count(*) from dead_letter")).isZero();

        assertThat(inbox.markDone(current, "enriched")).isTrue();
        assertThat(row(db, "zendesk", "ev-1").get("status")).isEqualTo("DONE");
        assertThat(row(db, "zendesk", "ev-1").get("outcome")).isEqualTo("enriched");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEventThatKeepsKillingItsWorkerIsDeadLetteredInsteadOfClaimedForever(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "poison", "ticket.created", "{}");
        for (int attempt = 1; attempt <= 8; attempt++) {
            assertThat(inbox.claimDue(InboxLane.TICKETS)).extracting(InboxEvent::attempts).containsExactly(attempt);
            clock.advance(LEASE.plusMillis(1));
        }

        assertThat(inbox.claimDue(InboxLane.TICKETS)).isEmpty();
        assertThat(row(db, "zendesk", "poison").get("status")).isEqualTo("DEAD");
        assertThat(db.jdbc().queryForObject("select reason from dead_letter where event_id = 'poison'", String.class))
                .startsWith("lease expired on attempt 8");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDeadLetterIsReplayedOnceEvenWhenTwoAdminsClick(Database db) throws Exception {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ev-1", "ticket.created", "{}");
        inbox.deadLetter(inbox.claimDue(InboxLane.TICKETS).get(0), "422");
        long id = db.jdbc().queryForObject("select id from dead_letter", Long.class);

        CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(() -> inbox.replay(id));
        CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(() -> inbox.replay(id));

        assertThat(List.of(a.get(20, TimeUnit.SECONDS), b.get(20, TimeUnit.SECONDS))).containsExactlyInAnyOrder(true,
                false);
    }

}
