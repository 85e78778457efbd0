package io.kairos.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.TicketTopics;
import io.kairos.support.ControlGroupSeed;
import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The control-group comparison read from the ledger, on H2 and on PostgreSQL: the issue's population (2,000 held out
 * with a 20 % ticket rate, 18,000 notified with 12 %) checked against Wilson and Newcombe worked out here, apart from
 * {@link ControlGroupComparison}.
 */
class ControlGroupReportTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final double Z = 1.959963984540054;

    private final MutableClock clock = new MutableClock(NOW);

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theIssuesPopulationGivesTheFiguresAndIntervalWorkedOutIndependently(Database db) {
        ControlGroupSeed seed = new ControlGroupSeed(db.jdbc());
        Instant received = NOW.minus(Duration.ofDays(20));
        seed.signal("ki", "KNOWN_ISSUE", "KI-0042", received);
        List<String> aboutIt = TicketTopics.ofTicket(List.of(), List.of(
                new CustomerContext.KnownIssue("KI-0042", "Open", "Sync App", "Sync fails", null, "a0P5e000001")));
        seed.ledger("held", 2_000, "ki", "HELD_OUT", received);
        seed.ledger("told", 18_000, "ki", "SENT", received);
        // Held out: 400 (20 %) about it within the window, 200 more with another ticket in it (any: 30 %), 100 about
        // it but a day after the window, 50 who had asked before the signal.
        seed.tickets("held", 1, 400, received.plus(Duration.ofDays(2)), aboutIt);
        seed.tickets("held", 401, 600, received.plus(Duration.ofDays(6)), List.of("ORDER_DELAY:801A"));
        seed.tickets("held", 601, 700, received.plus(Duration.ofDays(8)), aboutIt);
        seed.tickets("held", 701, 750, received.minus(Duration.ofHours(1)), aboutIt);
        // Notified: 2,160 (12 %) about it, 1,080 more with another ticket (any: 18 %), 360 too late.
        seed.tickets("told", 1, 2_160, received.plus(Duration.ofHours(3)), aboutIt);
        seed.tickets("told", 2_161, 3_240, received.plus(Duration.ofDays(1)), List.of());
        seed.tickets("told", 3_241, 3_600, received.plus(Duration.ofDays(7)), aboutIt);
        // Neither group: a suppressed customer with a ticket about it.
        seed.ledger("quiet", 10, "ki", "SUPPRESSED", received);
        seed.tickets("quiet", 1, 10, received.plus(Duration.ofDays(1)), aboutIt);

        ControlGroupReport.ControlGroups groups = report(db, 100).compare(30, 7);

        assertThat(groups.kinds()).hasSize(1);
        ControlGroupReport.Kind kind = groups.kinds().get(0);
        assertThat(kind.signals()).hasSize(1);
        ControlGroupReport.Row signal = kind.signals().get(0);
        assertThat(signal.windowOpen()).isFalse();
        for (ControlGroupReport.Row row : List.of(kind.total(), signal)) {
            expect(row.aboutIt(), 18_000, 2_160, 2_000, 400);
            expect(row.anyTicket(), 18_000, 3_240, 2_000, 600);
        }
        assertThat(groups.sentence(kind.total(), ControlGroupReport.Outcome.ABOUT_IT)).isEqualTo("KNOWN_ISSUE: 12.0 "
                + "% of notified customers opened a ticket about it within 7 days, 20.0 % of held-out ones: 8.0 points "
                + "fewer (95 % CI " + points(newcombe(2_000, 400, 18_000, 2_160)[0]) + " to "
                + points(newcombe(2_000, 400, 18_000, 2_160)[1]) + "), about 1,440 tickets avoided");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aKindPoolsItsSignalsWithAControlGroupAndOutagesHaveOnlyTheAnyTicketFigure(Database db) {
        ControlGroupSeed seed = new ControlGroupSeed(db.jdbc());
        Instant received = NOW.minus(Duration.ofDays(3));
        seed.signal("od1", "ORDER_DELAY", "801A", received);
        seed.signal("od2", "ORDER_DELAY", "801B", received.minus(Duration.ofDays(1)));
        seed.signal("od-critical", "ORDER_DELAY", "801C", received);
        seed.signal("out", "OUTAGE", null, received);
        seed.ledger("a", 3, "od1", "SENT", received);
        seed.ledger("b", 2, "od1", "HELD_OUT", received);
        seed.ledger("c", 1, "od2", "SENT", received);
        seed.ledger("d", 1, "od2", "HELD_OUT", received);
        seed.ledger("e", 5, "od-critical", "SENT", received);
        seed.ledger("f", 4, "out", "SENT", received);
        seed.ledger("g", 1, "out", "HELD_OUT", received);
        seed.tickets("a", 1, 1, received.plus(Duration.ofHours(1)), List.of("ORDER_DELAY:801A"));
        seed.tickets("b", 1, 2, received.plus(Duration.ofHours(1)), List.of("ORDER_DELAY:801A"));
        seed.tickets("c", 1, 1, received.plus(Duration.ofHours(1)), List.of("ORDER_DELAY:801A"));
        seed.tickets("e", 1, 5, received.plus(Duration.ofHours(1)), List.of("ORDER_DELAY:801C"));
        seed.tickets("g", 1, 1, received.plus(Duration.ofHours(1)), List.of());
        seed.ledger("a", 1, "od1", "SENT", received.plusSeconds(60));

        ControlGroupReport.ControlGroups groups = report(db, 3).compare(30, 7);

        assertThat(groups.kinds()).extracting(k -> k.total().kind()).containsExactlyInAnyOrder("ORDER_DELAY",
                "OUTAGE");
        ControlGroupReport.Kind orders = groups.kinds().stream().filter(k -> k.total().kind().equals("ORDER_DELAY"))
                .findFirst().orElseThrow();
        assertThat(orders.signals()).extracting(ControlGroupReport.Row::signalId)
                .as("the critical signal has no control group").containsExactly("od1", "od2");
        // od2's notified contact's ticket is about 801A, not its 801B: any ticket, not about it.
        expect(orders.total().aboutIt(), 4, 1, 3, 2);
        expect(orders.total().anyTicket(), 4, 2, 3, 2);
        assertThat(orders.total().windowOpen()).isTrue();
        assertThat(groups.sentence(orders.total(), ControlGroupReport.Outcome.ABOUT_IT))
                .startsWith("ORDER_DELAY: 25.0 % of notified customers opened a ticket about it within 7 days, "
                        + "66.7 % of held-out ones: 41.7 points fewer");
        ControlGroupReport.Kind outage = groups.kinds().stream().filter(k -> k.total().kind().equals("OUTAGE"))
                .findFirst().orElseThrow();
        assertThat(outage.total().aboutIt()).isNull();
        assertThat(groups.sentence(outage.total(), ControlGroupReport.Outcome.ABOUT_IT)).isNull();
        expect(outage.total().anyTicket(), 4, 0, 1, 1);
        assertThat(groups.sentence(outage.total(), ControlGroupReport.Outcome.ANY_TICKET))
                .isEqualTo("OUTAGE: not enough data yet: 1 held out, 3 needed");
    }

    /**
     * The send-time experiment on a seeded population: 1,600 sent at their active hour (arm send-time:active) of whom
     * 160 (10 %) opened a ticket about it and 80 more another ticket, 400 sent at once (send-time:at-once, their reason
     * code a language fallback, which the report does not read) with 60 (15 %)
     * about it and 20 more another one; a signal's held-out, its OK sends (no history) and a signal without an at-once
     * arm count for nothing here, while the control-group report is unchanged by the SENT reason codes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSendTimeExperimentComparesTheActiveHourArmWithTheAtOnceArm(Database db) {
        ControlGroupSeed seed = new ControlGroupSeed(db.jdbc());
        Instant received = NOW.minus(Duration.ofDays(10));
        seed.signal("od", "ORDER_DELAY", "801A", received);
        seed.signal("od-off", "ORDER_DELAY", "801B", received);
        seed.ledger("active", 1_600, "od", "SENT", null, "send-time:active", received.plus(Duration.ofHours(4)));
        seed.ledger("once", 400, "od", "SENT", "LANGUAGE_FALLBACK", "send-time:at-once", received);
        seed.ledger("plain", 300, "od", "SENT", null, received);
        seed.ledger("held", 200, "od", "HELD_OUT", received);
        seed.ledger("other", 50, "od-off", "SENT", null, "send-time:active", received);
        seed.tickets("active", 1, 160, received.plus(Duration.ofDays(1)), List.of("ORDER_DELAY:801A"));
        seed.tickets("active", 161, 240, received.plus(Duration.ofDays(2)), List.of());
        seed.tickets("once", 1, 60, received.plus(Duration.ofHours(2)), List.of("ORDER_DELAY:801A"));
        seed.tickets("once", 61, 80, received.plus(Duration.ofDays(3)), List.of());
        seed.tickets("plain", 1, 300, received.plus(Duration.ofDays(1)), List.of("ORDER_DELAY:801A"));

        ControlGroupReport.ControlGroups groups = report(db, 100).compare(30, 7, Experiment.SEND_TIME);

        assertThat(groups.experiment()).isEqualTo(Experiment.SEND_TIME);
        assertThat(groups.note()).isEqualTo("read: not measured — Intercom does not report reads by webhook");
        assertThat(kind(groups).total().answered()).as("no outbox row: nothing went through Intercom").isNull();
        assertThat(groups.kinds()).hasSize(1);
        ControlGroupReport.Kind kind = kind(groups);
        assertThat(kind.signals()).extracting(ControlGroupReport.Row::signalId).containsExactly("od");
        expect(kind.total().aboutIt(), 1_600, 160, 400, 60);
        expect(kind.total().anyTicket(), 1_600, 240, 400, 80);
        assertThat(groups.sentence(kind.total(), ControlGroupReport.Outcome.ABOUT_IT)).isEqualTo("ORDER_DELAY: 10.0 "
                + "% of customers sent at their active hour opened a ticket about it within 7 days, 15.0 % of those "
                + "sent at once: 5.0 points fewer (95 % CI " + points(newcombe(400, 60, 1_600, 160)[0]) + " to "
                + points(newcombe(400, 60, 1_600, 160)[1]) + "), about 80 tickets avoided");
        ControlGroupReport.ControlGroups few = report(db, 500).compare(30, 7, Experiment.SEND_TIME);
        assertThat(few.sentence(few.kinds().get(0).total(), ControlGroupReport.Outcome.ANY_TICKET)).as("the words of a shortfall follow the experiment")
                .isEqualTo("ORDER_DELAY: not enough data yet: 400 sent at once, 500 needed");

        ControlGroupReport.ControlGroups control = report(db, 100).compare(30, 7);
        assertThat(control.note()).isNull();
        expect(control.kinds().get(0).total().anyTicket(), 2_300, 240 + 80 + 300, 200, 0);
    }

    /**
     * Answered within 7 days of the send, per arm, from the outbox rows Kairos marks when Intercom reports the answer:
     * 1,000 sent through Intercom at their active hour (4 hours after the signal) of whom 300 answered within the 7
     * days and 50 more only on the 8th day; 250 sent at once, 50 answered; 100 more at the active hour through Zendesk,
     * which cannot be answered and count only for tickets. The control-group report has no answered figure.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSendTimeExperimentComparesTheShareAnsweredWithinTheWindowAfterTheSend(Database db) {
        ControlGroupSeed seed = new ControlGroupSeed(db.jdbc());
        Instant received = NOW.minus(Duration.ofDays(20));
        Instant activeHour = received.plus(Duration.ofHours(4));
        seed.signal("od", "ORDER_DELAY", "801A", received);
        seed.ledger("active", 1_000, "od", "SENT", null, "send-time:active", activeHour);
        seed.ledger("once", 250, "od", "SENT", "LANGUAGE_FALLBACK", "send-time:at-once", received);
        seed.ledger("zd", 100, "od", "SENT", null, "send-time:active", activeHour);
        seed.ledger("held", 40, "od", "HELD_OUT", received);
        // Within 7 days of the active-hour send, though after 7 days of the signal for the last ones.
        seed.sent("active", 1, 300, "od", "intercom", activeHour.plus(Duration.ofDays(7)).minusSeconds(60));
        seed.sent("active", 301, 350, "od", "intercom", activeHour.plus(Duration.ofDays(8)));
        seed.sent("active", 351, 1_000, "od", "intercom", null);
        seed.sent("once", 1, 50, "od", "intercom", received.plus(Duration.ofHours(1)));
        seed.sent("once", 51, 250, "od", "intercom", null);
        seed.sent("zd", 1, 100, "od", "zendesk", null);

        ControlGroupReport.ControlGroups groups = report(db, 100).compare(30, 7, Experiment.SEND_TIME);

        ControlGroupComparison answered = kind(groups).total().answered();
        assertThat(answered.notified().customers()).isEqualTo(1_000);
        assertThat(answered.notified().ticketed()).as("answered").isEqualTo(300);
        assertThat(answered.heldOut().customers()).isEqualTo(250);
        assertThat(answered.heldOut().ticketed()).isEqualTo(50);
        assertThat(kind(groups).signals().get(0).answered().notified().ticketed()).isEqualTo(300);
        assertThat(kind(groups).total().anyTicket().notified().customers()).as("tickets: every active-hour send")
                .isEqualTo(1_100);
        double[] interval = newcombe(250, 50, 1_000, 300);
        assertThat(groups.sentence(kind(groups).total(), ControlGroupReport.Outcome.ANSWERED)).isEqualTo(
                "ORDER_DELAY: 30.0 % of customers sent at their active hour answered the message within 7 days, "
                        + "20.0 % of those sent at once: 10.0 points more (95 % CI " + points(-interval[1]) + " to "
                        + points(-interval[0]) + ")");

        ControlGroupReport.ControlGroups control = report(db, 10).compare(30, 7);
        assertThat(kind(control).total().answered()).isNull();
        assertThat(control.sentence(kind(control).total(), ControlGroupReport.Outcome.ANSWERED)).isNull();
    }

    /**
     * Answers count from each send, so the send-time experiment's window stays open until the last send's N days
     * have passed: a signal received 8 days ago whose active-hour messages went 2 days after it is still open at 7
     * days; one whose messages went 12 hours after it is closed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSendTimeWindowIsOpenUntilTheLastSendsDaysHavePassed(Database db) {
        ControlGroupSeed seed = new ControlGroupSeed(db.jdbc());
        Instant received = NOW.minus(Duration.ofDays(8));
        seed.signal("late", "ORDER_DELAY", "801A", received);
        seed.ledger("once-late", 3, "late", "SENT", null, "send-time:at-once", received);
        seed.ledger("active-late", 3, "late", "SENT", null, "send-time:active", received.plus(Duration.ofDays(2)));
        seed.signal("soon", "KNOWN_ISSUE", "KI-1", received);
        seed.ledger("once-soon", 3, "soon", "SENT", null, "send-time:at-once", received);
        seed.ledger("active-soon", 3, "soon", "SENT", null, "send-time:active", received.plus(Duration.ofHours(12)));

        ControlGroupReport.ControlGroups groups = report(db, 1).compare(30, 7, Experiment.SEND_TIME);

        assertThat(groups.kinds()).extracting(k -> k.total().kind() + "=" + k.total().windowOpen())
                .containsExactly("KNOWN_ISSUE=false", "ORDER_DELAY=true");
        assertThat(report(db, 1).compare(30, 7, Experiment.SEND_TIME).kinds().get(1).signals().get(0).windowOpen())
                .isTrue();
    }

    private static ControlGroupReport.Kind kind(ControlGroupReport.ControlGroups groups) {
        assertThat(groups.kinds()).hasSize(1);
        return groups.kinds().get(0);
    }

    private ControlGroupReport report(Database db, int minGroupSize) {
        return new ControlGroupReport(db.jdbc(), clock, new ImpactProperties(minGroupSize, 90));
    }

    /** The counts, and the shares and reduction interval as worked out below. */
    private static void expect(ControlGroupComparison c, long told, long toldX, long held, long heldX) {
        assertThat(c.notified().customers()).isEqualTo(told);
        assertThat(c.notified().ticketed()).isEqualTo(toldX);
        assertThat(c.heldOut().customers()).isEqualTo(held);
        assertThat(c.heldOut().ticketed()).isEqualTo(heldX);
        double[] interval = newcombe(held, heldX, told, toldX);
        assertThat(c.reduction().estimate()).isCloseTo((double) heldX / held - (double) toldX / told, within(1e-12));
        assertThat(c.reduction().low()).isCloseTo(interval[0], within(1e-9));
        assertThat(c.reduction().high()).isCloseTo(interval[1], within(1e-9));
        assertThat(c.avoided().estimate()).isCloseTo(c.reduction().estimate() * told, within(1e-6));
    }

    /**
     * Wilson's bounds as the roots of (1 + z²/n) p² - (2x/n + z²/n) p + (x/n)² = 0, that is (x/n - p)² = z² p(1-p)/n.
     */
    private static double[] wilson(long n, long x) {
        double a = 1 + Z * Z / n;
        double b = -(2.0 * x / n + Z * Z / n);
        double c = ((double) x / n) * ((double) x / n);
        double root = Math.sqrt(Math.max(0, b * b - 4 * a * c));
        return new double[] {(-b - root) / (2 * a), (-b + root) / (2 * a)};
    }

    /** Newcombe's method 10 for p1 - p2: (lower, upper). */
    private static double[] newcombe(long n1, long x1, long n2, long x2) {
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double[] w1 = wilson(n1, x1);
        double[] w2 = wilson(n2, x2);
        double d = p1 - p2;
        return new double[] {d - Math.hypot(p1 - w1[0], w2[1] - p2), d + Math.hypot(w1[1] - p1, p2 - w2[0])};
    }

    private static String points(double share) {
        return String.format(java.util.Locale.ENGLISH, "%.1f", share * 100);
    }
}
