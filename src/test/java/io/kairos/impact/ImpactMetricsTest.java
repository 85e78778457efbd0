package io.kairos.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kairos.support.ControlGroupSeed;
import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The control-group gauges per kind, read from the store at most once a minute. */
class ImpactMetricsTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void sharesAndTicketsAvoidedPerKindAreReadAtMostOnceAMinute(Database db) {
        JdbcTemplate jdbc = db.jdbc();
        Instant received = NOW.minus(Duration.ofDays(10));
        ControlGroupSeed seed = new ControlGroupSeed(jdbc);
        seed.signal("od", "ORDER_DELAY", "801A", received);
        // 4 notified, 1 of them with a ticket about it; 2 held out, both with one: 75 points, 3 tickets avoided.
        seed.ledger("told", 4, "od", "SENT", received);
        seed.ledger("held", 2, "od", "HELD_OUT", received);
        seed.tickets("told", 1, 1, received.plus(Duration.ofDays(1)), List.of("ORDER_DELAY:801A"));
        seed.tickets("held", 1, 2, received.plus(Duration.ofDays(1)), List.of("ORDER_DELAY:801A"));
        new ImpactMetrics(new ControlGroupReport(jdbc, clock, new ImpactProperties(2, 90)), new ImpactProperties(2,
                90), meters, clock, 7);

        assertThat(kinds("control-group")).isEqualTo(1.0);
        assertThat(share("ORDER_DELAY", "about", "notified")).isEqualTo(0.25);
        assertThat(share("ORDER_DELAY", "about", "held_out")).isEqualTo(1.0);
        assertThat(share("ORDER_DELAY", "any", "held_out")).isEqualTo(1.0);
        assertThat(avoided("ORDER_DELAY", "about")).isCloseTo(3.0, within(1e-9));

        // A new held-out customer without a ticket changes nothing until the minute has passed.
        jdbc.update("""
                insert into ledger_entry (contact_email, signal_id, signal_type, decision, occurred_at)
                values ('c7@x.example', 'od', 'ORDER_DELAY', 'HELD_OUT', ?)""", received.atOffset(ZoneOffset.UTC));
        clock.advance(Duration.ofSeconds(59));
        assertThat(share("ORDER_DELAY", "about", "held_out")).isEqualTo(1.0);
        clock.advance(Duration.ofSeconds(1));
        assertThat(share("ORDER_DELAY", "about", "held_out")).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(avoided("ORDER_DELAY", "about")).isCloseTo((2.0 / 3 - 0.25) * 4, within(1e-9));
    }

    /**
     * The send-time experiment through the same gauges, tagged experiment=send-time: 4 sent at their active hour, 1
     * with a ticket about it; 2 sent at once, both with one (75 points, 3 tickets avoided); 3 of the 4 and 1 of the 2
     * answered; no HELD_OUT entry, so the control-group gauges find no kind.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSendTimeExperimentHasTheSameGaugesTaggedWithItsName(Database db) {
        JdbcTemplate jdbc = db.jdbc();
        Instant received = NOW.minus(Duration.ofDays(10));
        ControlGroupSeed seed = new ControlGroupSeed(jdbc);
        seed.signal("od", "ORDER_DELAY", "801A", received);
        seed.ledger("active", 4, "od", "SENT", null, "send-time:active", received);
        seed.ledger("once", 2, "od", "SENT", "LANGUAGE_FALLBACK", "send-time:at-once", received);
        seed.tickets("active", 1, 1, received.plus(Duration.ofDays(1)), List.of("ORDER_DELAY:801A"));
        seed.tickets("once", 1, 2, received.plus(Duration.ofDays(1)), List.of("ORDER_DELAY:801A"));
        // Sent through Intercom; 3 of the 4 at the active hour and 1 of the 2 at once answered it.
        seed.sent("active", 1, 3, "od", "intercom", received.plus(Duration.ofHours(2)));
        seed.sent("active", 4, 4, "od", "intercom", null);
        seed.sent("once", 1, 1, "od", "intercom", received.plus(Duration.ofHours(2)));
        seed.sent("once", 2, 2, "od", "intercom", null);
        new ImpactMetrics(new ControlGroupReport(jdbc, clock, new ImpactProperties(2, 90)), new ImpactProperties(2,
                90), meters, clock, 7);

        assertThat(kinds("send-time")).isEqualTo(1.0);
        assertThat(meters.get(ImpactMetrics.ANSWERED).tags("experiment", "send-time", "kind", "ORDER_DELAY",
                "outcome", "answered", "group", "notified").gauge().value()).isEqualTo(0.75);
        assertThat(meters.get(ImpactMetrics.ANSWERED).tags("experiment", "send-time", "kind", "ORDER_DELAY",
                "outcome", "answered", "group", "held_out").gauge().value()).isEqualTo(0.5);
        assertThat(kinds("control-group")).isZero();
        assertThat(share("send-time", "ORDER_DELAY", "about", "notified")).isEqualTo(0.25);
        assertThat(share("send-time", "ORDER_DELAY", "about", "held_out")).isEqualTo(1.0);
        assertThat(avoided("send-time", "ORDER_DELAY", "about")).isCloseTo(3.0, within(1e-9));
        assertThat(meters.find(ImpactMetrics.SHARE).tags("experiment", "control-group").gauges()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void belowTheMinimumSampleNoTicketsAvoidedAreClaimed(Database db) {
        JdbcTemplate jdbc = db.jdbc();
        jdbc.update("""
                insert into signal (id, dedupe_key, source, type, severity, title, status, planned_count, received_at)
                values ('out', 'key-out', 'manual', 'OUTAGE', 'NORMAL', 'Down', 'DONE', 0, ?)""",
                NOW.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC));
        jdbc.update("""
                insert into ledger_entry (contact_email, signal_id, signal_type, decision, occurred_at)
                values ('h@x.example', 'out', 'OUTAGE', 'HELD_OUT', ?)""", NOW.atOffset(ZoneOffset.UTC));
        new ImpactMetrics(new ControlGroupReport(jdbc, clock, new ImpactProperties(100, 90)),
                new ImpactProperties(100, 90), meters, clock, 7);

        assertThat(kinds("control-group")).isEqualTo(1.0);
        assertThat(avoided("OUTAGE", "any")).isNaN();
        assertThat(share("OUTAGE", "any", "held_out")).isZero();
        assertThat(share("OUTAGE", "about", "held_out")).as("no ticket can be about an outage").isNaN();
    }

    private double share(String kind, String outcome, String group) {
        return share("control-group", kind, outcome, group);
    }

    private double share(String experiment, String kind, String outcome, String group) {
        return meters.get(ImpactMetrics.SHARE).tags("experiment", experiment, "kind", kind, "outcome", outcome,
                "group", group).gauge().value();
    }

    private double avoided(String kind, String outcome) {
        return avoided("control-group", kind, outcome);
    }

    private double avoided(String experiment, String kind, String outcome) {
        return meters.get(ImpactMetrics.AVOIDED).tags("experiment", experiment, "kind", kind, "outcome", outcome)
                .gauge().value();
    }

    private double kinds(String experiment) {
        return meters.get(ImpactMetrics.KINDS).tags("experiment", experiment).gauge().value();
    }
}
