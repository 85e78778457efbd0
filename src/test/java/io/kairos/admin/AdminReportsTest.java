package io.kairos.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kairos.ledger.LedgerStore;
import io.kairos.platform.DeadLetters;
import io.kairos.platform.Inbox;
import io.kairos.platform.InboxProperties;
import io.kairos.proactive.SuppressionList;
import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin's reports and dead-letter queries on H2 (PostgreSQL mode) and on a real PostgreSQL. */
class AdminReportsTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void proactiveMessagesAndReactiveTicketsAreCountedPerUtcDay(Database db) {
        AdminFixtures fixtures = new AdminFixtures(db.jdbc());
        fixtures.ledger("a@x.example", "s", "ORDER_DELAY", "1", "intercom", "SENT", null, null,
                Instant.parse("2026-11-24T23:59:59Z"));
        fixtures.ledger("b@x.example", "s", "ORDER_DELAY", "1", "intercom", "SENT", null, null,
                Instant.parse("2026-11-25T00:00:00Z"));
        fixtures.ledger("c@x.example", "s", "ORDER_DELAY", "1", "intercom", "SUPPRESSED", "OPTED_OUT", "x",
                Instant.parse("2026-11-25T08:00:00Z"));
        fixtures.ledger("d@x.example", "s", "ORDER_DELAY", "1", "intercom", "SENT", null, null,
                Instant.parse("2026-11-20T12:00:00Z"));
        fixtures.ticket(1, "a@x.example", "late?", "open", Instant.parse("2026-11-26T09:00:00Z"));
        fixtures.ticket(2, "b@x.example", "late?", "solved", Instant.parse("2026-11-25T09:00:00Z"));

        List<ImpactReport.Day> days = new ImpactReport(db.jdbc(), clock).perDay(3);

        assertThat(days).containsExactly(
                new ImpactReport.Day(LocalDate.parse("2026-11-24"), 1, 0),
                new ImpactReport.Day(LocalDate.parse("2026-11-25"), 1, 1),
                new ImpactReport.Day(LocalDate.parse("2026-11-26"), 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theDeflectionCountsTicketsAboutTheSignalWithinTheWindowPerGroup(Database db) {
        AdminFixtures fixtures = new AdminFixtures(db.jdbc());
        Instant received = NOW.minus(Duration.ofDays(10));
        fixtures.signal("ki", "KNOWN_ISSUE", "KI-0042", "Sync App", "Sync fails", received);
        fixtures.message("ki", "told@x.example", "intercom", "SENT", null, null, received);
        fixtures.message("ki", "told-asked@x.example", "intercom", "SENT", null, null, received);
        fixtures.message("ki", "quiet@x.example", "intercom", "SUPPRESSED", "CAP_REACHED", "cap", received);
        fixtures.message("ki", "failed@x.example", "intercom", "FAILED", "HTTP_400", "bad", received);
        fixtures.message("ki", "pending@x.example", "intercom", "PLANNED", "QUIET_HOURS", "night", received);
        fixtures.message("ki", "held@x.example", "zendesk_note", "NOTED", "OPEN_TICKET", "held", received);
        fixtures.ticket(1, "told-asked@x.example", "sync", "open", received.plus(Duration.ofDays(1)),
                "KNOWN_ISSUE_NAME:ki-0042");
        fixtures.ticket(2, "quiet@x.example", "sync", "open", received.plus(Duration.ofDays(6)),
                "KNOWN_ISSUE_PRODUCT:sync app");
        fixtures.ticket(3, "failed@x.example", "sync", "open", received.plus(Duration.ofDays(8)),
                "KNOWN_ISSUE_NAME:ki-0042");
        fixtures.ticket(4, "told@x.example", "other", "open", received.plus(Duration.ofDays(1)),
                "ORDER_DELAY:801A");
        fixtures.signal("out", "OUTAGE", null, null, "Down", received);
        fixtures.message("out", "told@x.example", "intercom", "SENT", null, null, received);

        ImpactReport.Impact impact = new ImpactReport(db.jdbc(), clock).impact(30, 7);

        assertThat(impact.signals()).extracting(ImpactReport.Deflection::signalId,
                        ImpactReport.Deflection::measurable, ImpactReport.Deflection::notified,
                        ImpactReport.Deflection::notNotified, ImpactReport.Deflection::leftOut)
                .containsExactlyInAnyOrder(
                        // KI-0042 by name matches; a product topic does not when the signal names its record.
                        tuple("ki", true, new ImpactReport.Group(2, 1), new ImpactReport.Group(2, 0), 2L),
                        tuple("out", false, new ImpactReport.Group(1, 0), new ImpactReport.Group(0, 0), 0L));
        assertThat(impact.byType()).containsExactly(new ImpactReport.TypeTotal("KNOWN_ISSUE",
                new ImpactReport.Group(2, 1), new ImpactReport.Group(2, 0)));
        assertThat(new ImpactReport.Group(2, 1).share()).isEqualTo(0.5);
        assertThat(new ImpactReport.Group(0, 0).share()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void signalsAreTotalledByStatusAndReason(Database db) {
        AdminFixtures fixtures = new AdminFixtures(db.jdbc());
        fixtures.signal("ki", "KNOWN_ISSUE", "KI-0042", "Sync App", "Sync fails", NOW);
        fixtures.signal("od", "ORDER_DELAY", "801A", null, "Late", NOW.minus(Duration.ofHours(1)));
        fixtures.message("ki", "a@x.example", "intercom", "SUPPRESSED", "OPTED_OUT", "x", NOW);
        fixtures.message("ki", "b@x.example", "intercom", "SUPPRESSED", "OPTED_OUT", "x", NOW);
        fixtures.message("ki", "c@x.example", "intercom", "PLANNED", "QUIET_HOURS", "night", NOW);

        List<SignalReport.SignalRow> signals = new SignalReport(db.jdbc()).recent(10);

        assertThat(signals).extracting(SignalReport.SignalRow::id, SignalReport.SignalRow::audience)
                .containsExactly(tuple("ki", 3L), tuple("od", 0L));
        assertThat(signals.get(0).totals()).containsExactly(new SignalReport.Total("SUPPRESSED", "OPTED_OUT", 2),
                new SignalReport.Total("PLANNED", "QUIET_HOURS", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void deadLettersAreFilteredBySourceAndReasonTextAndAReplayIsInTheLedger(Database db) {
        AdminFixtures fixtures = new AdminFixtures(db.jdbc());
        long percent = fixtures.deadLetter("zendesk", "e1", "ticket.created", "100% broken_thing", "{}", NOW);
        long other = fixtures.deadLetter("zendesk", "e2", "ticket.created", "100 broken things", "{}",
                NOW.plusSeconds(1));
        long intercom = fixtures.deadLetter("intercom", "n1", "conversation.user.replied", "no ticket", "{}",
                NOW.plusSeconds(2));
        Inbox inbox = db.transactional(new Inbox(db.jdbc(), clock, new InboxProperties(Duration.ofMillis(250), 20,
                Duration.ofMinutes(2), 8, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofDays(14))));
        DeadLetters letters = new DeadLetters(db.jdbc(), inbox, new LedgerStore(db.jdbc()), clock, List.of(),
                db.transaction());

        assertThat(ids(letters.list(new DeadLetters.Query(null, null, false, 100))))
                .containsExactly(intercom, other, percent);
        assertThat(ids(letters.list(new DeadLetters.Query("zendesk", "0% BROKEN_", false, 100))))
                .as("% and _ are matched literally, case ignored").containsExactly(percent);
        assertThat(letters.openBySource()).containsExactly(Map.entry("zendesk", 2L),
                Map.entry("intercom", 1L));

        assertThat(letters.replayAll(List.of(intercom, intercom, 999L), "admin 'ops'")).containsExactly(intercom);

        assertThat(ids(letters.list(new DeadLetters.Query("intercom", null, false, 100)))).isEmpty();
        assertThat(ids(letters.list(new DeadLetters.Query("intercom", null, true, 100)))).containsExactly(intercom);
        assertThat(letters.replays(10)).singleElement().satisfies(entry -> {
            assertThat(entry.contactEmail()).isNull();
            assertThat(entry.recordId()).isEqualTo("n1");
            assertThat(entry.channel()).isEqualTo("intercom");
            assertThat(entry.reason()).isEqualTo("Replayed by admin 'ops': dead letter #" + intercom
                    + " goes through processing again (it failed with: no ticket)");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theTimelineOfACustomerHoldsTheSuppressionListToo(Database db) {
        AdminFixtures fixtures = new AdminFixtures(db.jdbc());
        SuppressionList suppressions = new SuppressionList(db.jdbc(), clock);
        suppressions.add("jane@acme.example", "complaint by phone", "ops");
        fixtures.signal("od", "ORDER_DELAY", "801A", null, "Late", NOW.minus(Duration.ofHours(1)));
        fixtures.message("od", "jane@acme.example", "intercom", "SUPPRESSED", "SUPPRESSION_LIST",
                "the contact is on Kairos's suppression list (complaint by phone).", NOW.minus(Duration.ofHours(1)));

        CustomerTimeline.Timeline timeline = new CustomerTimeline(db.jdbc(), new LedgerStore(db.jdbc()), suppressions)
                .of(" Jane@Acme.example ");

        assertThat(timeline.suppression().reason()).isEqualTo("complaint by phone");
        assertThat(timeline.signals()).singleElement().extracting(CustomerTimeline.SignalOutcome::verdict)
                .isEqualTo("Not told: the contact is on Kairos's suppression list (complaint by phone).");
        assertThat(timeline.events()).extracting(CustomerTimeline.Event::kind).containsExactly("suppression", "signal");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aHeldOutMessageIsShownAsTheControlGroupNeverAsAFailure(Database db) {
        AdminFixtures fixtures = new AdminFixtures(db.jdbc());
        String heldOut = "Held out: drawn into the control group of KNOWN_ISSUE (10 % of eligible contacts); not "
                + "messaged, so the message's effect can be measured.";
        fixtures.signal("ki", "KNOWN_ISSUE", "KI-0042", "Sync App", "Sync fails", NOW);
        fixtures.message("ki", "jane@acme.example", "intercom", "HELD_OUT", "CONTROL_GROUP", heldOut, NOW);
        fixtures.message("ki", "bob@acme.example", "intercom", "SENT", null, null, NOW);

        assertThat(new SignalReport(db.jdbc()).recent(10).get(0).totals())
                .contains(new SignalReport.Total("HELD_OUT", "CONTROL_GROUP", 1));
        assertThat(new OutboxOverview(db.jdbc(), clock).overview(10).byStatus())
                .containsEntry("HELD_OUT", 1L).containsEntry("FAILED", 0L).containsEntry("SENT", 1L);
        CustomerTimeline.Timeline timeline = new CustomerTimeline(db.jdbc(), new LedgerStore(db.jdbc()),
                new SuppressionList(db.jdbc(), clock)).of("jane@acme.example");
        assertThat(timeline.signals()).singleElement().extracting(CustomerTimeline.SignalOutcome::verdict)
                .isEqualTo("Not told, on purpose: " + heldOut);
    }

    private static List<Long> ids(List<DeadLetters.Letter> letters) {
        return letters.stream().map(DeadLetters.Letter::id).toList();
    }
}
