package io.kairos.timing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.support.MutableClock;
import io.kairos.timing.ActivityHistogram.ZoneSource;
import io.kairos.timing.Decision.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Send-time through the policy: the contact's usual active hour, bounded by the other rules and the windows. */
class SendTimeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);
    private static final Recipient ADA = new Recipient("003A", TimingFixtures.EMAIL, "Ada", "Europe/Berlin", false,
            Map.of());

    @Test
    void normalWaitsForTheMostActiveHour() {
        Instant now = berlin(10, 0);
        ActivityHistogram activity = activeAt(now, 14, 5);

        Decision decision = decide(signal(Signal.Severity.NORMAL, now), now, activity, TimingPolicySettings.standard());

        assertThat(decision.outcome()).isEqualTo(Outcome.DEFER);
        assertThat(decision.code()).isEqualTo(ReasonCode.SEND_TIME);
        assertThat(decision.sendAt()).isEqualTo(berlin(14, 0));
        assertThat(decision.sentence()).isEqualTo("Deferred to 14:00 Europe/Berlin (2026-11-24 13:00 UTC): usually "
                + "active 14:00–15:00 Europe/Berlin; sending at 14:00.");
    }

    @Test
    void insideTheActiveHourItGoesAtOnceSoTheReDecisionAtDispatchSends() {
        Instant now = berlin(14, 0).plusSeconds(20);
        ActivityHistogram activity = activeAt(berlin(10, 0), 14, 5);

        Decision decision = decide(signal(Signal.Severity.LOW, berlin(10, 0)), now, activity,
                TimingPolicySettings.standard());

        assertThat(decision.outcome()).isEqualTo(Outcome.SEND);
        assertThat(decision.code()).isEqualTo(ReasonCode.SEND_TIME);
        assertThat(decision.sendAt()).isEqualTo(now);
        assertThat(decision.sentence()).startsWith("Send now (14:00 Europe/Berlin, 2026-11-24 13:00 UTC): usually "
                + "active 14:00–15:00 Europe/Berlin; sending at 14:00, outside quiet hours 20:00–08:00");
    }

    @Test
    void theActiveRunIsNamed() {
        Instant now = berlin(8, 15);
        ActivityHistogram activity = activeAt(now, 9, 4).record(berlin(10, 30).minus(Duration.ofDays(1)), BERLIN,
                ZoneSource.CONTACT).record(berlin(10, 40).minus(Duration.ofDays(1)), BERLIN, ZoneSource.CONTACT)
                .record(berlin(10, 50).minus(Duration.ofDays(1)), BERLIN, ZoneSource.CONTACT);

        Decision decision = decide(signal(Signal.Severity.NORMAL, now), now, activity, TimingPolicySettings.standard());

        assertThat(decision.sendAt()).isEqualTo(berlin(9, 0));
        assertThat(decision.sentence()).contains("usually active 09:00–11:00 Europe/Berlin; sending at 09:00");
    }

    @Test
    void withoutEnoughHistoryNothingChanges() {
        Instant now = berlin(10, 0);
        TimingPolicySettings settings = TimingPolicySettings.standard();
        Signal signal = signal(Signal.Severity.NORMAL, now);

        Decision none = decide(signal, now, null, settings);
        Decision little = decide(signal, now, activeAt(now, 14, 2), settings);

        assertThat(none.code()).isEqualTo(ReasonCode.OK);
        assertThat(little).isEqualTo(none);
        assertThat(little.sendAt()).isEqualTo(now);
    }

    @Test
    void criticalGoesAtOnce() {
        Instant now = berlin(10, 0);

        Decision decision = decide(signal(Signal.Severity.CRITICAL, now), now, activeAt(now, 14, 5),
                TimingPolicySettings.standard());

        assertThat(decision.outcome()).isEqualTo(Outcome.SEND);
        assertThat(decision.code()).isEqualTo(ReasonCode.OK);
    }

    @Test
    void highTakesTheNextActiveHourWithinFourHoursElseGoesNow() {
        Instant now = berlin(10, 0);
        ActivityHistogram soonAndPeak = activeAt(now, 16, 4);
        for (int i = 1; i <= 3; i++) {
            soonAndPeak = soonAndPeak.record(berlin(11, 10 * i).minus(Duration.ofDays(i)), BERLIN, ZoneSource.CONTACT);
        }

        Decision soon = decide(signal(Signal.Severity.HIGH, now), now, soonAndPeak, TimingPolicySettings.standard());
        Decision far = decide(signal(Signal.Severity.HIGH, now), now, activeAt(now, 16, 5),
                TimingPolicySettings.standard());
        Decision normal = decide(signal(Signal.Severity.NORMAL, now), now, soonAndPeak,
                TimingPolicySettings.standard());

        assertThat(soon.sendAt()).as("11:00 is active (3 of a peak of 4)").isEqualTo(berlin(11, 0));
        assertThat(soon.code()).isEqualTo(ReasonCode.SEND_TIME);
        assertThat(far.code()).as("16:00 is beyond HIGH's 4 h").isEqualTo(ReasonCode.OK);
        assertThat(far.sendAt()).isEqualTo(now);
        assertThat(normal.sendAt()).as("NORMAL waits for the peak").isEqualTo(berlin(16, 0));
    }

    @Test
    void offKeepsTodaysBehaviourGloballyOrPerKind() {
        Instant now = berlin(10, 0);
        Signal signal = signal(Signal.Severity.NORMAL, now);
        TimingPolicySettings off = TimingPolicySettings.standard()
                .withSendTime(SendTimeRules.defaults().withOn(false), Map.of());
        TimingPolicySettings offForKind = TimingPolicySettings.standard().withSendTime(SendTimeRules.defaults(),
                Map.of(signal.type(), SendTimeRules.defaults().withOn(false)));

        assertThat(decide(signal, now, activeAt(now, 14, 5), off).code()).isEqualTo(ReasonCode.OK);
        assertThat(decide(signal, now, activeAt(now, 14, 5), offForKind).code()).isEqualTo(ReasonCode.OK);
    }

    @Test
    void aShorterWindowOrAnEarlierExpiryRulesTheHourOut() {
        Instant now = berlin(10, 0);
        TimingPolicySettings twoHours = TimingPolicySettings.standard()
                .withSendTime(SendTimeRules.defaults().withWindow(Duration.ofHours(2)), Map.of());
        Signal endsAtNoon = new Signal("s1", "d1", "test", Signal.Type.ANNOUNCEMENT, null, Signal.Severity.NORMAL,
                "T", "B", null, null, berlin(12, 0), null, now);

        assertThat(decide(signal(Signal.Severity.NORMAL, now), now, activeAt(now, 14, 5), twoHours).sendAt())
                .isEqualTo(now);
        assertThat(decide(endsAtNoon, now, activeAt(now, 14, 5), TimingPolicySettings.standard()).sendAt())
                .isEqualTo(now);
    }

    @Test
    void anActiveHourInsideQuietHoursIsNeverChosen() {
        Instant now = berlin(10, 0);
        ActivityHistogram nightOwl = activeAt(now, 23, 6).record(berlin(18, 10).minus(Duration.ofDays(1)), BERLIN,
                ZoneSource.CONTACT);

        Decision decision = decide(signal(Signal.Severity.NORMAL, now), now, nightOwl,
                TimingPolicySettings.standard());

        assertThat(decision.sendAt()).as("18:00, the best hour quiet hours leave").isEqualTo(berlin(18, 0));
    }

    @Test
    void afterQuietHoursItStillWaitsForTheActiveHourAndSaysBoth() {
        Instant now = berlin(22, 0);
        ActivityHistogram activity = activeAt(now, 10, 5);

        Decision decision = decide(signal(Signal.Severity.NORMAL, now), now, activity,
                TimingPolicySettings.standard());

        assertThat(decision.sendAt()).isEqualTo(berlin(10, 0).plus(Duration.ofDays(1)));
        assertThat(decision.code()).as("the first rule that made it wait").isEqualTo(ReasonCode.QUIET_HOURS);
        assertThat(decision.sentence()).contains("quiet hours 20:00–08:00 in the recipient's time zone, then "
                + "usually active 10:00–11:00 Europe/Berlin; sending at 10:00");
    }

    @Test
    void aSignalReceivedLongAgoIsNotHeldAnotherWindow() {
        Instant now = berlin(10, 0);
        Signal old = signal(Signal.Severity.NORMAL, now.minus(Duration.ofDays(2)));

        Decision decision = decide(old, now, activeAt(now, 14, 5), TimingPolicySettings.standard());

        assertThat(decision.code()).isEqualTo(ReasonCode.OK);
    }

    /** {@code events} events in the local hour {@code hour} on the days before {@code now}. */
    static ActivityHistogram activeAt(Instant now, int hour, int events) {
        ActivityHistogram h = ActivityHistogram.empty(BERLIN, ZoneSource.CONTACT);
        for (int day = events; day >= 1; day--) {
            Instant at = ZonedDateTime.of(now.atZone(BERLIN).toLocalDate().minusDays(day), LocalTime.of(hour, 20),
                    BERLIN).toInstant();
            h = h.record(at, BERLIN, ZoneSource.CONTACT);
        }
        return h;
    }

    static Instant berlin(int hour, int minute) {
        return ZonedDateTime.of(DAY, LocalTime.of(hour, minute), BERLIN).toInstant();
    }

    static Signal signal(Signal.Severity severity, Instant receivedAt) {
        return new Signal("s1", "d1", "test", Signal.Type.ANNOUNCEMENT, null, severity, "T", "B", null, null, null,
                null, receivedAt);
    }

    private static Decision decide(Signal signal, Instant now, ActivityHistogram activity,
                                   TimingPolicySettings settings) {
        ContactFacts facts = ContactFacts.none().withActivity(Optional.ofNullable(activity));
        return new TimingPolicy(settings, new MutableClock(now)).decide(signal, ADA, "email", List.of(), facts);
    }
}
