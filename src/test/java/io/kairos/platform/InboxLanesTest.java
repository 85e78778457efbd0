package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The inbox's lanes on H2 and PostgreSQL: which events a lane claims, in which order, and parking for a rate slot. */
class InboxLanesTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Duration LEASE = Duration.ofMinutes(2);

    private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    private Inbox inbox(Database db, Map<String, InboxProperties.Lane> lanes) {
        return db.transactional(new Inbox(db.jdbc(), clock, new InboxProperties(Duration.ofMillis(250), 20, LEASE,
                8, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofDays(14), lanes)));
    }

    private Inbox inbox(Database db) {
        return inbox(db, Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eachLaneClaimsOnlyTheSourcesOfItsFlow(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ticket-1", "ticket.created", "{}");
        inbox.accept("intercom", "conversation-1", "conversation.user.created", "{}");
        inbox.accept("manual", "signal-1", "signal.OUTAGE", "{}");
        inbox.accept("salesforce", "signal-2", "Kairos_Signal__e", "{}");

        assertThat(inbox.claimDue(InboxLane.TICKETS)).extracting(InboxEvent::eventId).containsExactly("ticket-1");
        assertThat(inbox.claimDue("conversations")).extracting(InboxEvent::eventId)
                .containsExactly("conversation-1");
        assertThat(inbox.claimDue(InboxLane.SIGNALS)).extracting(InboxEvent::eventId)
                .containsExactlyInAnyOrder("signal-1", "signal-2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSourceNoLaneDrainsIsRefusedAndNothingIsStored(Database db) {
        Inbox inbox = inbox(db);

        assertThatThrownBy(() -> inbox.accept("zendesk-brand-b", "ticket-1", "ticket.created", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zendesk-brand-b");
        assertThat(db.jdbc().queryForObject("select count(*) from inbox_event", Integer.class)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void signalsAreClaimedCriticalThenHighThenTheRestByDueTime(Database db) {
        Inbox inbox = inbox(db, Map.of("signals", new InboxProperties.Lane(2, 1, Duration.ofMillis(250))));
        inbox.accept("manual", "normal-oldest", "signal.OUTAGE", "{}", 0);
        clock.advance(Duration.ofSeconds(1));
        inbox.accept("salesforce", "high", "Kairos_Signal__e", "{}", 1);
        clock.advance(Duration.ofSeconds(1));
        inbox.accept("manual", "normal-newer", "signal.OUTAGE", "{}", 0);
        clock.advance(Duration.ofSeconds(1));
        inbox.accept("manual", "critical-newest", "signal.OUTAGE", "{}", 2);

        assertThat(inbox.claimDue(InboxLane.SIGNALS)).extracting(InboxEvent::eventId)
                .containsExactly("critical-newest", "high");
        assertThat(inbox.claimDue(InboxLane.SIGNALS)).extracting(InboxEvent::eventId)
                .containsExactly("normal-oldest", "normal-newer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLaneClaimsItsOwnBatchSize(Database db) {
        Inbox inbox = inbox(db, Map.of("tickets", new InboxProperties.Lane(3, 1, Duration.ofMillis(250))));
        for (int i = 0; i < 5; i++) {
            inbox.accept("zendesk", "ticket-" + i, "ticket.created", "{}");
            inbox.accept("manual", "signal-" + i, "signal.OUTAGE", "{}");
        }

        assertThat(inbox.claimDue(InboxLane.TICKETS)).hasSize(3);
        assertThat(inbox.claimDue(InboxLane.SIGNALS)).as("the shared batch size of 20").hasSize(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aParkedEventKeepsNoLeaseSpendsNoAttemptAndIsClaimedAtItsSlotHoldingIt(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ticket-1", "ticket.created", "{}");
        InboxEvent claimed = inbox.claimDue(InboxLane.TICKETS).get(0);
        Instant slot = clock.instant().plusSeconds(40);

        assertThat(inbox.park(claimed, slot, "waits for its zendesk-ticket-updates slot")).isTrue();

        Map<String, Object> row = row(db, "ticket-1");
        assertThat(row).containsEntry("status", Inbox.PENDING).containsEntry("attempts", 0)
                .containsEntry("lease_until", null);
        assertThat(instant(row, "next_attempt_at")).isEqualTo(slot);
        assertThat(instant(row, "rate_slot")).isEqualTo(slot);

        clock.advance(Duration.ofSeconds(39));
        assertThat(inbox.claimDue(InboxLane.TICKETS)).as("not before its slot").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        InboxEvent atSlot = inbox.claimDue(InboxLane.TICKETS).get(0);

        assertThat(atSlot.attempts()).as("the parked claim was given back").isEqualTo(1);
        assertThat(atSlot.rateSlot()).isEqualTo(slot);
        assertThat(row(db, "ticket-1")).as("the slot is this claim's; a later claim takes a new one")
                .containsEntry("rate_slot", null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRetryAfterTheSlotWasUsedHoldsNoSlot(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ticket-1", "ticket.created", "{}");
        inbox.park(inbox.claimDue(InboxLane.TICKETS).get(0), clock.instant(), "waits for its slot");
        InboxEvent atSlot = inbox.claimDue(InboxLane.TICKETS).get(0);

        inbox.retryAt(atSlot, clock.instant(), "503", true);

        assertThat(inbox.claimDue(InboxLane.TICKETS)).singleElement()
                .satisfies(event -> assertThat(event.rateSlot()).isNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aWorkerWhoseLeaseWasTakenOverCannotParkTheEvent(Database db) {
        Inbox inbox = inbox(db);
        inbox.accept("zendesk", "ticket-1", "ticket.created", "{}");
        InboxEvent stale = inbox.claimDue(InboxLane.TICKETS).get(0);
        clock.advance(LEASE.plusMillis(1));
        InboxEvent current = inbox.claimDue(InboxLane.TICKETS).get(0);

        assertThat(inbox.park(stale, clock.instant().plusSeconds(5), "waits for its slot")).isFalse();
        assertThat(row(db, "ticket-1")).containsEntry("status", Inbox.PROCESSING)
                .containsEntry("attempts", current.attempts());
    }

    @Test
    void anUnknownLaneIsRefused() {
        assertThatThrownBy(() -> InboxLane.of("billing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("billing");
        assertThatThrownBy(() -> new InboxProperties(Duration.ofMillis(250), 20, LEASE, 8, Duration.ofSeconds(2),
                Duration.ofMinutes(10), Duration.ofDays(14), Map.of("tickets", new InboxProperties.Lane(20, 0,
                        Duration.ofMillis(250))))).hasMessageContaining("kairos.inbox.lanes.tickets");
    }

    private static Map<String, Object> row(Database db, String eventId) {
        return db.jdbc().queryForMap("select * from inbox_event where event_id = ?", eventId);
    }

    private static Instant instant(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value instanceof OffsetDateTime odt ? odt.toInstant() : ((Timestamp) value).toInstant();
    }
}
