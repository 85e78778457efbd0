package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.platform.Inbox;
import io.kairos.platform.InboxProperties;
import io.kairos.platform.LeaderTerms;
import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;

/** The Streaming API replay position and gaps on H2 (PostgreSQL mode) and a real PostgreSQL, with the intake. */
class ReplayPositionsTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final String CHANNEL = "/event/Kairos_Signal__e";
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void positionMovesForwardOnly(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        Instant created = T0.minusSeconds(30);

        assertThat(positions.find(CHANNEL)).isEmpty();
        assertThat(positions.advance(CHANNEL, 7, "uuid-7", created, 0)).isTrue();
        assertThat(positions.advance(CHANNEL, 8, "uuid-8", created.plusSeconds(1), 0)).isTrue();
        assertThat(positions.advance(CHANNEL, 7, "uuid-7", created, 0)).as("an older event").isFalse();
        assertThat(positions.advance(CHANNEL, 8, "uuid-8", created.plusSeconds(1), 0)).as("the same event").isFalse();

        ReplayPosition position = positions.find(CHANNEL).orElseThrow();
        assertThat(position.replayId()).isEqualTo(8);
        assertThat(position.eventUuid()).isEqualTo("uuid-8");
        assertThat(position.eventCreatedAt()).isEqualTo(created.plusSeconds(1));
        assertThat(position.updatedAt()).isEqualTo(T0);
        assertThat(positions.find("/data/OrderChangeEvent")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentAdvancesEndAtTheHighestReplayId(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);

        List<CompletableFuture<Void>> writers = IntStream.rangeClosed(1, 40)
                .mapToObj(id -> CompletableFuture.runAsync(() -> positions.advance(CHANNEL, id, "uuid-" + id, T0,
                        0)))
                .toList();
        writers.forEach(CompletableFuture::join);

        assertThat(positions.find(CHANNEL).orElseThrow().replayId()).isEqualTo(40);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aStaleSubscriberTermCannotMoveThePosition(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        LeaderTerms terms = new LeaderTerms(db.jdbc(), db.transaction(), clock);
        long old = beginTerm(db, terms, positions, "kairos-a");
        assertThat(positions.advance(CHANNEL, 7, "uuid-7", T0, old)).isTrue();

        long current = beginTerm(db, terms, positions, "kairos-b");

        assertThat(current).isGreaterThan(old);
        assertThatThrownBy(() -> positions.advance(CHANNEL, 8, "uuid-8", T0, old))
                .isInstanceOfSatisfying(StaleSubscriberException.class, stale -> {
                    assertThat(stale.epoch()).isEqualTo(old);
                    assertThat(stale.newerEpoch()).isEqualTo(current);
                });
        assertThat(positions.find(CHANNEL).orElseThrow().replayId()).as("the stale leader moved nothing").isEqualTo(7);
        assertThat(positions.advance(CHANNEL, 8, "uuid-8", T0, current)).isTrue();
        assertThatThrownBy(() -> positions.advance(CHANNEL, 9, "uuid-9", T0, old))
                .isInstanceOf(StaleSubscriberException.class);
        assertThat(positions.find(CHANNEL).orElseThrow().replayId()).isEqualTo(8);
        assertThat(db.jdbc().queryForObject("select epoch from replay_position where channel = ?", Long.class,
                CHANNEL)).isEqualTo(current);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aStaleSubscriberTermCannotStoreTheFirstPositionOfAChannel(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        LeaderTerms terms = new LeaderTerms(db.jdbc(), db.transaction(), clock);
        long old = beginTerm(db, terms, positions, "kairos-a");
        long current = beginTerm(db, terms, positions, "kairos-b");

        assertThatThrownBy(() -> positions.advance(CHANNEL, 3, "uuid-3", T0, old))
                .isInstanceOf(StaleSubscriberException.class);

        assertThat(positions.find(CHANNEL)).isEmpty();
        assertThat(positions.advance(CHANNEL, 3, "uuid-3", T0, current)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aStaleSubscriberStoresNoEventAndStandsDown(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        LeaderTerms terms = new LeaderTerms(db.jdbc(), db.transaction(), clock);
        SubscriberTerm term = new SubscriberTerm();
        List<StaleSubscriberException> stood = new ArrayList<>();
        term.onStale(stood::add);
        term.begin(beginTerm(db, terms, positions, "kairos-a"));
        SalesforceSignalIntake intake = new SalesforceSignalIntake(inbox(db), positions, db.transaction(),
                new SubscriptionHolds(), term, new SalesforceSignalEvents(SalesforceSignalEventsTest.properties(), clock));
        assertThat(intake.accept(SalesforceSignalEventsTest.fixture("signal-known-issue.json"))).isTrue();

        beginTerm(db, terms, positions, "kairos-b");

        assertThat(intake.accept(SalesforceSignalEventsTest.fixture("signal-order-delay.json"))).isFalse();
        assertThat(stood).singleElement().satisfies(stale -> assertThat(stale.channel()).isEqualTo(CHANNEL));
        assertThat(db.jdbc().queryForList("select event_id from inbox_event", String.class))
                .as("the inbox row rolled back with the refused position")
                .containsExactly("4b3c8a52-0c4e-4a4f-9d0e-6f0f1b0c0a07");
        assertThat(positions.find(CHANNEL).orElseThrow().replayId()).isEqualTo(7);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void intakeStoresTheEventOnceAndItsPosition(Database db) {
        SalesforceSignalIntake intake = intake(db);
        String seven = SalesforceSignalEventsTest.fixture("signal-known-issue.json");
        String eight = SalesforceSignalEventsTest.fixture("signal-order-delay.json");

        assertThat(intake.accept(seven)).isTrue();
        assertThat(intake.accept(eight)).isTrue();
        assertThat(intake.accept(eight)).as("redelivery").isFalse();
        assertThat(intake.accept(seven)).as("late redelivery").isFalse();

        assertThat(db.jdbc().queryForList("select event_id from inbox_event where source = 'salesforce' "
                + "order by event_id", String.class))
                .containsExactly("4b3c8a52-0c4e-4a4f-9d0e-6f0f1b0c0a07", "9f1d2e3c-4b5a-4c6d-8e7f-0a1b2c3d4e08");
        assertThat(db.jdbc().queryForObject("select event_type from inbox_event where event_id = ?", String.class,
                "4b3c8a52-0c4e-4a4f-9d0e-6f0f1b0c0a07")).isEqualTo("Kairos_Signal__e");
        ReplayPosition position = new ReplayPositions(db.jdbc(), clock).find(CHANNEL).orElseThrow();
        assertThat(position.replayId()).isEqualTo(8);
        assertThat(position.eventUuid()).isEqualTo("9f1d2e3c-4b5a-4c6d-8e7f-0a1b2c3d4e08");
        assertThat(position.eventCreatedAt()).isEqualTo(Instant.parse("2026-11-26T09:05:00Z"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aSignalIsStoredWithItsSeverityAsItsInboxPriority(Database db) {
        intake(db).accept(SalesforceSignalEventsTest.fixture("signal-known-issue.json"));
        intake(db).accept(SalesforceSignalEventsTest.fixture("order-change-delayed.json"));

        assertThat(db.jdbc().queryForList("select priority from inbox_event order by priority desc", Integer.class))
                .as("the HIGH known issue first; a delay from a change event is NORMAL").containsExactly(1, 0);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void changeEventIsKeyedByTransactionAndRecord(Database db) {
        intake(db).accept(SalesforceSignalEventsTest.fixture("order-change-delayed.json"));

        assertThat(db.jdbc().queryForObject("select event_id from inbox_event", String.class))
                .isEqualTo("cdc:000046c7-a642-11e2-c29b-229c6786473e:801000000000102AAA");
        assertThat(new ReplayPositions(db.jdbc(), clock).find("/data/OrderChangeEvent").orElseThrow().replayId())
                .isEqualTo(31);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void inboxRowAndPositionCommitTogether(Database db) {
        // event_uuid holds 100 characters, the inbox's event id 200: the position write fails after the insert.
        String longId = "x".repeat(150);
        String raw = SalesforceSignalEventsTest.fixture("signal-order-delay.json")
                .replace("9f1d2e3c-4b5a-4c6d-8e7f-0a1b2c3d4e08", longId);

        assertThatThrownBy(() -> intake(db).accept(raw)).isInstanceOf(DataIntegrityViolationException.class);

        assertThat(db.jdbc().queryForObject("select count(*) from inbox_event", Integer.class)).isZero();
        assertThat(new ReplayPositions(db.jdbc(), clock).find(CHANNEL)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void failedEventHoldsTheChannelSoTheStoredPositionNeverPassesIt(Database db) {
        SubscriptionHolds holds = new SubscriptionHolds();
        List<String> resubscribed = new ArrayList<>();
        holds.onHold(resubscribed::add);
        SalesforceSignalIntake intake = intake(db, holds);
        String seven = SalesforceSignalEventsTest.fixture("signal-known-issue.json");
        String eight = SalesforceSignalEventsTest.fixture("signal-order-delay.json");
        db.jdbc().execute("alter table inbox_event add constraint no_seven check (event_id <> "
                + "'4b3c8a52-0c4e-4a4f-9d0e-6f0f1b0c0a07')");

        assertThatThrownBy(() -> intake.accept(seven)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(intake.accept(eight)).as("a later event while the channel is held").isFalse();
        assertThat(intake.accept(seven)).as("redelivered before the restart: one hold, one restart").isFalse();

        assertThat(resubscribed).containsExactly(CHANNEL);
        assertThat(holds.floor(CHANNEL)).isEqualTo(7);
        assertThat(db.jdbc().queryForObject("select count(*) from inbox_event", Integer.class)).isZero();
        assertThat(new ReplayPositions(db.jdbc(), clock).find(CHANNEL)).as("nothing stored, nothing passed").isEmpty();

        db.jdbc().execute("alter table inbox_event drop constraint no_seven");
        holds.release(CHANNEL);
        String six = seven.replace("4b3c8a52-0c4e-4a4f-9d0e-6f0f1b0c0a07", "uuid-six").replace("\"replayId\":7",
                "\"replayId\":6");
        assertThat(intake.accept(six)).as("retained before Kairos subscribed, replayed from -2").isFalse();
        assertThat(intake.accept(seven)).isTrue();
        assertThat(intake.accept(eight)).isTrue();

        assertThat(holds.floor(CHANNEL)).isNull();
        assertThat(db.jdbc().queryForList("select event_id from inbox_event", String.class))
                .containsExactlyInAnyOrder("4b3c8a52-0c4e-4a4f-9d0e-6f0f1b0c0a07",
                        "9f1d2e3c-4b5a-4c6d-8e7f-0a1b2c3d4e08");
        assertThat(new ReplayPositions(db.jdbc(), clock).find(CHANNEL).orElseThrow().replayId()).isEqualTo(8);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void refusedReplayIdRecordsTheGapFromTheStoredPosition(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        Instant lastEvent = T0.minus(Duration.ofHours(30));
        positions.advance(CHANNEL, 8, "uuid-8", lastEvent, 0);

        replay(positions).rejected(CHANNEL, "400::The replayId {8} you provided was invalid.");
        // CometD may repeat the refused subscribe before Kairos switches: the same gap, counted once.
        replay(positions).rejected(CHANNEL, "400::The replayId {8} you provided was invalid.");

        assertThat(gapCount()).isEqualTo(1);
        assertThat(positions.openGaps()).containsExactly(new ReplayGap(CHANNEL, lastEvent, T0));
        assertThat(ReplayRejections.isRefusedReplayId(false, "400::The replayId {8} you provided was invalid.  "
                + "Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.")).isTrue();
        assertThat(ReplayRejections.isRefusedReplayId(false, "403::Unknown client")).isFalse();
        assertThat(ReplayRejections.isRefusedReplayId(true, null)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void subscriptionResumesAfterTheStoredPosition(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        SubscriptionReplay replay = replay(positions);

        assertThat(replay.startFrom(CHANNEL)).as("never seen: new events only").isEqualTo(-1);
        positions.advance(CHANNEL, 8, "uuid-8", T0.minus(Duration.ofHours(71)), 0);
        assertThat(replay.startFrom(CHANNEL)).isEqualTo(8);
        assertThat(positions.openGaps()).isEmpty();
        assertThat(gapCount()).isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void expiredPositionResumesFromEarliestRetainedAndRecordsTheGap(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        SubscriptionReplay replay = replay(positions);
        Instant lastEvent = T0.minus(Duration.ofHours(73));
        positions.advance(CHANNEL, 8, "uuid-8", lastEvent, 0);

        assertThat(replay.startFrom(CHANNEL)).isEqualTo(-2);

        assertThat(gapCount()).isEqualTo(1);
        assertThat(positions.openGaps()).containsExactly(new ReplayGap(CHANNEL, lastEvent, T0));
        assertThat(positions.find(CHANNEL).orElseThrow().replayId()).as("the position itself is kept").isEqualTo(8);

        clock.advance(Duration.ofHours(1));
        positions.recordGap(CHANNEL, lastEvent.plusSeconds(60));
        assertThat(positions.openGaps()).as("the older gap covers a later one")
                .containsExactly(new ReplayGap(CHANNEL, lastEvent, T0));

        assertThat(positions.closeGap(CHANNEL)).isTrue();
        assertThat(positions.openGaps()).isEmpty();
        assertThat(positions.closeGap(CHANNEL)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPubSubEventIsStoredWithItsOpaqueReplayIdApartFromTheCometDPosition(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        positions.advance(CHANNEL, 8, "uuid-8", T0, 0);
        SalesforceSignalIntake intake = intake(db);
        PubSubEvents pubSub = new PubSubEvents();

        String outage = pubSub.toStreamMessage(StreamEventTest.signal(Map.of("CreatedDate", T0.toEpochMilli(),
                "CreatedById", "005000000000001AAA", "Type__c", "OUTAGE", "Severity__c", "CRITICAL",
                "Title__c", "Checkout down")), "AAAAAAAAAAk=", "ps-1", CHANNEL);

        assertThat(intake.accept(outage)).isTrue();
        assertThat(intake.accept(outage)).as("redelivery").isFalse();

        assertThat(db.jdbc().queryForList("select event_id from inbox_event where source = 'salesforce'",
                String.class)).containsExactly("ps-1");
        assertThat(positions.findPubSub(CHANNEL)).hasValue(new PubSubPosition(CHANNEL, "AAAAAAAAAAk=", "ps-1", T0,
                T0));
        assertThat(positions.find(CHANNEL).orElseThrow().replayId()).as("the CometD position").isEqualTo(8);
        assertThat(positions.openGaps()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aStaleSubscriberTermCannotMoveThePubSubPosition(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        LeaderTerms terms = new LeaderTerms(db.jdbc(), db.transaction(), clock);
        long old = beginTerm(db, terms, positions, "kairos-a");
        long current = beginTerm(db, terms, positions, "kairos-b");

        assertThatThrownBy(() -> positions.advancePubSub(CHANNEL, "AQ==", "e-1", T0, old))
                .as("not even the first position").isInstanceOf(StaleSubscriberException.class);
        positions.advancePubSub(CHANNEL, "Ag==", "e-2", T0, current);
        long next = beginTerm(db, terms, positions, "kairos-c");

        assertThatThrownBy(() -> positions.advancePubSub(CHANNEL, "Aw==", "e-3", T0, current))
                .isInstanceOfSatisfying(StaleSubscriberException.class,
                        stale -> assertThat(stale.newerEpoch()).isEqualTo(next));
        assertThat(positions.findPubSub(CHANNEL).orElseThrow().replayId()).isEqualTo("Ag==");
        positions.forgetPubSub(CHANNEL, current);
        assertThat(positions.findPubSub(CHANNEL)).as("a stale term forgets nothing").isPresent();
        positions.forgetPubSub(CHANNEL, next);
        assertThat(positions.findPubSub(CHANNEL)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPubSubSubscriptionStartsAfterTheStoredIdOrFromEarliest(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        SubscriptionReplay replay = replay(positions);

        assertThat(replay.pubSubStartFrom(CHANNEL)).as("never seen: EARLIEST").isNull();
        positions.advancePubSub(CHANNEL, "AAAAAAAAAAg=", "uuid-8", T0.minus(Duration.ofHours(71)), 0);
        assertThat(replay.pubSubStartFrom(CHANNEL)).isEqualTo("AAAAAAAAAAg=");
        assertThat(gapCount()).isZero();

        clock.advance(Duration.ofHours(2));
        assertThat(replay.pubSubStartFrom(CHANNEL)).as("older than the retention: EARLIEST").isNull();
        assertThat(gapCount()).isEqualTo(1);
        assertThat(positions.openGaps()).containsExactly(new ReplayGap(CHANNEL, T0.minus(Duration.ofHours(71)),
                T0.plus(Duration.ofHours(2))));

        replay.pubSubRejected(CHANNEL, "Corrupt replay id");
        assertThat(gapCount()).as("the gap is open already").isEqualTo(1);
    }

    private SalesforceSignalIntake intake(Database db) {
        return intake(db, new SubscriptionHolds());
    }

    private SalesforceSignalIntake intake(Database db, SubscriptionHolds holds) {
        return new SalesforceSignalIntake(inbox(db), new ReplayPositions(db.jdbc(), clock), db.transaction(), holds,
                new SubscriberTerm(), new SalesforceSignalEvents(SalesforceSignalEventsTest.properties(), clock));
    }

    private Inbox inbox(Database db) {
        return new Inbox(db.jdbc(), clock, new InboxProperties(Duration.ofMillis(250), 20,
                Duration.ofMinutes(2), 8, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofDays(14)));
    }

    /** What the stream starter does when this replica becomes the subscriber: a new term that claims the positions. */
    private static long beginTerm(Database db, LeaderTerms terms, ReplayPositions positions, String holder) {
        return db.transaction().execute(status -> {
            long epoch = terms.begin(ReplayPositions.SUBSCRIBER_ROLE, holder);
            positions.claim(epoch);
            return epoch;
        });
    }

    private SubscriptionReplay replay(ReplayPositions positions) {
        return new SubscriptionReplay(positions, SalesforceSignalEventsTest.properties(), clock, meters);
    }

    private double gapCount() {
        return meters.find(SubscriptionReplay.GAP_COUNTER).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
