package io.kairos.timing;

import static io.kairos.timing.TimingFixtures.EMAIL;
import static io.kairos.timing.TimingFixtures.recipient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.ledger.LedgerEntry;
import io.kairos.proactive.Signal;
import io.kairos.support.MutableClock;
import io.kairos.timing.Decision.Outcome;
import io.kairos.timing.TimingRules.Cap;
import io.kairos.timing.TimingRules.DedupKey;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A kind's own timing: delay after the signal happened, send window, expires-after and dedup key. */
class KindTimingTest {

    private static final Signal.Type ONBOARDING = Signal.Type.valueOf("ONBOARDING");
    private static final String BERLIN = "Europe/Berlin";
    private static final SendWindow WORKING_HOURS = new SendWindow(LocalTime.of(9, 0), LocalTime.of(17, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

    private static Signal onboarding(String id, String opportunityId, String happened) {
        return onboarding(id, opportunityId, happened, Signal.Severity.NORMAL, null);
    }

    private static Signal onboarding(String id, String opportunityId, String happened, Signal.Severity severity,
                                     Instant endsAt) {
        return new Signal(id, "dedupe-" + id, "test", ONBOARDING, opportunityId, severity, null, null, null,
                Instant.parse(happened), endsAt, null, Instant.parse(happened).plusSeconds(5));
    }

    private static Decision decide(String now, TimingRules rules, Signal signal, List<LedgerEntry> history) {
        return new TimingPolicy(new TimingPolicySettings(TimingRules.defaults(), Map.of(ONBOARDING, rules)),
                MutableClock.at(now)).decide(signal, recipient(BERLIN), "email", history, Optional.empty());
    }

    private static Decision decide(String now, TimingRules rules, Signal signal) {
        return decide(now, rules, signal, List.of());
    }

    private static void assertDeferredTo(Decision decision, ReasonCode code, String sendAt) {
        assertThat(decision.outcome()).as(decision.sentence()).isEqualTo(Outcome.DEFER);
        assertThat(decision.code()).as(decision.sentence()).isEqualTo(code);
        assertThat(decision.sendAt()).isEqualTo(Instant.parse(sendAt));
    }

    private static LedgerEntry sent(Signal.Type type, String signalId, String recordId, String at) {
        return new LedgerEntry(EMAIL, signalId, type.name(), recordId, "email", LedgerEntry.Decision.SENT, null, null,
                null, Instant.parse(at));
    }

    @Test
    void aDelayedKindWaitsThatLongAfterTheSignalHappened() {
        TimingRules rules = TimingRules.defaults().withDelay(Duration.ofDays(1));

        Decision decision = decide("2026-11-26T10:05:00Z", rules, onboarding("s1", "006A", "2026-11-26T10:00:00Z"));

        assertDeferredTo(decision, ReasonCode.DELAYED, "2026-11-27T10:00:00Z");
        assertThat(decision.sentence()).isEqualTo("Deferred to 11:00 Europe/Berlin (2026-11-27 10:00 UTC): the "
                + "ONBOARDING signal waits 1 day after it happened (2026-11-26 10:00 UTC).");
    }

    @Test
    void onceTheDelayHasPassedItIsSentAndTheReDecisionCountsFromTheSameMoment() {
        TimingRules rules = TimingRules.defaults().withDelay(Duration.ofDays(1));
        Signal signal = onboarding("s1", "006A", "2026-11-26T10:00:00Z");

        assertThat(decide("2026-11-27T09:59:59Z", rules, signal).sendAt())
                .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(decide("2026-11-27T10:00:00Z", rules, signal).outcome()).isEqualTo(Outcome.SEND);
    }

    @Test
    void aSignalWithoutAStartCountsFromWhenKairosReceivedIt() {
        Signal received = new Signal("s1", "k", "api", ONBOARDING, "006A", Signal.Severity.NORMAL, null, null, null,
                null, null, null, Instant.parse("2026-11-26T10:00:00Z"));

        assertDeferredTo(decide("2026-11-26T11:00:00Z", TimingRules.defaults().withDelay(Duration.ofHours(36)),
                received), ReasonCode.DELAYED, "2026-11-28T07:00:00Z");
    }

    @Test
    void withoutADelayASignalStartingLaterIsNotHeldBack() {
        Signal announcedAhead = onboarding("s1", "006A", "2026-11-30T10:00:00Z");

        assertThat(decide("2026-11-26T10:00:00Z", TimingRules.defaults(), announcedAhead).outcome())
                .isEqualTo(Outcome.SEND);
    }

    @Test
    void aDelayEndingInQuietHoursWaitsForTheirEnd() {
        TimingRules rules = TimingRules.defaults().withDelay(Duration.ofDays(1));

        Decision decision = decide("2026-11-26T21:00:00Z", rules, onboarding("s1", "006A", "2026-11-26T20:30:00Z"));

        assertDeferredTo(decision, ReasonCode.DELAYED, "2026-11-28T07:00:00Z");
        assertThat(decision.sentence()).endsWith("waits 1 day after it happened (2026-11-26 20:30 UTC), then quiet "
                + "hours 20:00–08:00 in the recipient's time zone.");
    }

    @Test
    void closedWonOnAFridayAfternoonIsWelcomedOnMondayMorning() {
        TimingRules rules = TimingRules.defaults().withDelay(Duration.ofDays(1)).withSendWindow(WORKING_HOURS);

        Decision decision = decide("2026-11-27T14:00:10Z", rules, onboarding("s1", "006A", "2026-11-27T14:00:00Z"));

        assertDeferredTo(decision, ReasonCode.DELAYED, "2026-11-30T08:00:00Z");
        assertThat(decision.sentence()).isEqualTo("Deferred to 09:00 Europe/Berlin (2026-11-30 08:00 UTC): the "
                + "ONBOARDING signal waits 1 day after it happened (2026-11-27 14:00 UTC), then the send window "
                + "09:00–17:00 Mon–Fri in the recipient's time zone.");
    }

    @Test
    void outsideTheSendWindowItWaitsForItsNextOpening() {
        TimingRules rules = TimingRules.defaults().withSendWindow(WORKING_HOURS);
        Signal signal = onboarding("s1", "006A", "2026-11-20T10:00:00Z");

        Decision evening = decide("2026-11-25T17:00:00Z", rules, signal);
        assertDeferredTo(evening, ReasonCode.SEND_WINDOW, "2026-11-26T08:00:00Z");
        assertThat(evening.sentence()).isEqualTo("Deferred to 09:00 Europe/Berlin (2026-11-26 08:00 UTC): the send "
                + "window 09:00–17:00 Mon–Fri in the recipient's time zone.");
        assertDeferredTo(decide("2026-11-28T10:00:00Z", rules, signal), ReasonCode.SEND_WINDOW,
                "2026-11-30T08:00:00Z");
        assertThat(decide("2026-11-25T15:59:59Z", rules, signal).outcome()).as("16:59 Berlin").isEqualTo(Outcome.SEND);
        assertThat(decide("2026-11-25T08:00:00Z", rules, signal).sentence()).as("the opening itself")
                .isEqualTo("Send now (09:00 Europe/Berlin, 2026-11-25 08:00 UTC): outside quiet hours 20:00–08:00 "
                        + "in the recipient's time zone, inside the send window 09:00–17:00 Mon–Fri and under every "
                        + "cap.");
    }

    @Test
    void aWindowOpeningInQuietHoursWaitsForTheirEnd() {
        TimingRules rules = TimingRules.defaults().withSendWindow(new SendWindow(LocalTime.of(7, 0),
                LocalTime.of(12, 0), EnumSet.allOf(DayOfWeek.class)));

        Decision decision = decide("2026-11-25T12:00:00Z", rules, onboarding("s1", "006A", "2026-11-20T10:00:00Z"));

        assertDeferredTo(decision, ReasonCode.SEND_WINDOW, "2026-11-26T07:00:00Z");
        assertThat(decision.sentence()).endsWith(": the send window 07:00–12:00 Mon–Sun in the recipient's time "
                + "zone, then quiet hours 20:00–08:00 in the recipient's time zone.");
    }

    @Test
    void windowAndQuietHoursPushEachOtherUntilAMomentSatisfiesBoth() {
        // Mondays 23:00 to Tuesday 02:00; quiet from midnight: at Tuesday 00:30 quiet hours end at 06:00, after the
        // window closed, so the next moment both allow is the next Monday 23:00.
        TimingRules rules = TimingRules.defaults().withQuietHours(LocalTime.MIDNIGHT, LocalTime.of(6, 0))
                .withSendWindow(new SendWindow(LocalTime.of(23, 0), LocalTime.of(2, 0), EnumSet.of(DayOfWeek.MONDAY)));

        Decision decision = decide("2026-11-23T23:30:00Z", rules, onboarding("s1", "006A", "2026-11-20T10:00:00Z"));

        assertDeferredTo(decision, ReasonCode.QUIET_HOURS, "2026-11-30T22:00:00Z");
        assertThat(decision.sentence()).endsWith(": quiet hours 00:00–06:00 in the recipient's time zone, then the "
                + "send window 23:00–02:00 Mon in the recipient's time zone.");
        assertThat(decide("2026-11-30T22:00:00Z", rules, onboarding("s1", "006A", "2026-11-20T10:00:00Z"))
                .outcome()).isEqualTo(Outcome.SEND);
    }

    @Test
    void aCapFreeingOnTheWeekendWaitsForMonday() {
        TimingRules rules = TimingRules.defaults().withSendWindow(WORKING_HOURS);
        List<LedgerEntry> history = List.of(sent(Signal.Type.ANNOUNCEMENT, "a1", null, "2026-11-27T12:00:00Z"));

        Decision decision = decide("2026-11-27T13:00:00Z", rules, onboarding("s1", "006A", "2026-11-27T12:30:00Z"),
                history);

        assertDeferredTo(decision, ReasonCode.CAP_REACHED, "2026-11-30T08:00:00Z");
        assertThat(decision.sentence()).endsWith(": cap of 1 message per 24 h reached until 2026-11-28 12:00 UTC, "
                + "then the send window 09:00–17:00 Mon–Fri in the recipient's time zone.");
    }

    @Test
    void criticalBypassesTheSendWindowLikeQuietHoursButNotTheDelay() {
        TimingRules rules = TimingRules.defaults().withSendWindow(WORKING_HOURS);

        Decision sunday = decide("2026-11-29T12:00:00Z", rules, onboarding("s1", "006A", "2026-11-20T10:00:00Z",
                Signal.Severity.CRITICAL, null));
        assertThat(sunday.outcome()).isEqualTo(Outcome.SEND);
        assertThat(sunday.code()).isEqualTo(ReasonCode.CRITICAL_BYPASS);
        assertThat(sunday.sentence()).isEqualTo("Send now although it is 13:00 Europe/Berlin, outside the send window "
                + "09:00–17:00 Mon–Fri in the recipient's time zone: CRITICAL signals bypass quiet hours and send "
                + "windows.");

        Decision delayed = decide("2026-11-29T12:00:00Z", rules.withDelay(Duration.ofDays(1)),
                onboarding("s1", "006A", "2026-11-29T11:00:00Z", Signal.Severity.CRITICAL, null));
        assertDeferredTo(delayed, ReasonCode.DELAYED, "2026-11-30T11:00:00Z");
    }

    @Test
    void berlinSpringForwardWeekendOpensMondayInSummerTime() {
        TimingRules rules = TimingRules.defaults().withDelay(Duration.ofDays(1)).withSendWindow(WORKING_HOURS);

        // Saturday 2026-03-28 13:00 CET; Sunday the 29th the clocks go forward; Monday 09:00 is 07:00 UTC.
        Decision decision = decide("2026-03-28T12:00:00Z", rules, onboarding("s1", "006A", "2026-03-27T15:00:00Z"));

        assertDeferredTo(decision, ReasonCode.DELAYED, "2026-03-30T07:00:00Z");
        assertThat(decision.sentence()).startsWith("Deferred to 09:00 Europe/Berlin (2026-03-30 07:00 UTC)");
    }

    @Test
    void berlinFallBackWeekendOpensMondayInWinterTime() {
        TimingRules rules = TimingRules.defaults().withDelay(Duration.ofDays(1)).withSendWindow(WORKING_HOURS);

        // Friday 2026-10-23 17:00 CEST closes; the delay ends Saturday; Sunday the 25th the clocks go back.
        Decision decision = decide("2026-10-23T15:00:00Z", rules, onboarding("s1", "006A", "2026-10-23T14:30:00Z"));

        assertDeferredTo(decision, ReasonCode.DELAYED, "2026-10-26T08:00:00Z");
    }

    @Test
    void aWindowOpeningInTheSpringForwardGapOpensRightAfterIt() {
        TimingRules rules = TimingRules.defaults().withQuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)
                .withSendWindow(new SendWindow(LocalTime.of(2, 30), LocalTime.of(5, 0), EnumSet.of(DayOfWeek.SUNDAY)));

        // 02:30 does not exist in Berlin on 2026-03-29: the window opens at 03:00 CEST, 01:00 UTC.
        assertDeferredTo(decide("2026-03-28T12:00:00Z", rules, onboarding("s1", "006A", "2026-03-20T10:00:00Z")),
                ReasonCode.SEND_WINDOW, "2026-03-29T01:00:00Z");
    }

    @Test
    void aWindowOpeningInTheFallBackOverlapOpensAtTheEarlierOffset() {
        TimingRules rules = TimingRules.defaults().withQuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)
                .withSendWindow(new SendWindow(LocalTime.of(2, 30), LocalTime.of(5, 0), EnumSet.of(DayOfWeek.SUNDAY)));

        // 02:30 happens twice in Berlin on 2026-10-25: first at CEST, 00:30 UTC.
        assertDeferredTo(decide("2026-10-24T12:00:00Z", rules, onboarding("s1", "006A", "2026-10-20T10:00:00Z")),
                ReasonCode.SEND_WINDOW, "2026-10-25T00:30:00Z");
        assertThat(decide("2026-10-25T01:45:00Z", rules, onboarding("s1", "006A", "2026-10-20T10:00:00Z"))
                .outcome()).as("02:45 CET, the second pass, still inside").isEqualTo(Outcome.SEND);
    }

    @Test
    void aSignalWithoutAnEndExpiresAfterItsKindsExpiresAfter() {
        TimingRules rules = TimingRules.defaults().withExpiresAfter(Duration.ofDays(7));

        Decision decision = decide("2026-11-27T10:00:00Z", rules, onboarding("s1", "006A", "2026-11-20T10:00:00Z"));

        assertThat(decision.outcome()).isEqualTo(Outcome.SUPPRESS);
        assertThat(decision.code()).isEqualTo(ReasonCode.EXPIRED);
        assertThat(decision.sentence()).isEqualTo("Suppressed: the ONBOARDING signal 006A expired at 2026-11-27 10:00 "
                + "UTC, 7 days after it happened, before 2026-11-27 10:00 UTC.");
        assertThat(decide("2026-11-27T09:59:00Z", rules, onboarding("s1", "006A", "2026-11-20T10:00:00Z")).outcome())
                .isEqualTo(Outcome.SEND);
    }

    @Test
    void aDeferralLandingAfterExpiryIsSuppressed() {
        TimingRules rules = TimingRules.defaults().withDelay(Duration.ofDays(1)).withSendWindow(WORKING_HOURS)
                .withExpiresAfter(Duration.ofDays(2));

        Decision decision = decide("2026-11-27T14:00:10Z", rules, onboarding("s1", "006A", "2026-11-27T14:00:00Z"));

        assertThat(decision.code()).isEqualTo(ReasonCode.EXPIRED);
        assertThat(decision.sentence()).startsWith("Suppressed: the earliest allowed moment, 09:00 Europe/Berlin "
                + "(2026-11-30 08:00 UTC), is not before the ONBOARDING signal 006A expires at 2026-11-29 14:00 UTC, "
                + "2 days after it happened (the ONBOARDING signal waits 1 day");
    }

    @Test
    void theSignalsOwnEndComesBeforeExpiresAfter() {
        TimingRules rules = TimingRules.defaults().withExpiresAfter(Duration.ofDays(1));
        Signal lasting = onboarding("s1", "006A", "2026-11-20T10:00:00Z", Signal.Severity.NORMAL,
                Instant.parse("2026-12-01T00:00:00Z"));

        assertThat(decide("2026-11-27T10:00:00Z", rules, lasting).outcome()).isEqualTo(Outcome.SEND);
    }

    @Test
    void byDefaultTheSameRecordIsTheSameSignalAndAnotherRecordIsNot() {
        List<LedgerEntry> history = List.of(sent(ONBOARDING, "s0", "006A", "2026-11-20T10:00:00Z"));
        TimingRules noCaps = TimingRules.defaults().withCaps(List.of());

        assertThat(decide("2026-11-27T10:00:00Z", noCaps, onboarding("s1", "006A", "2026-11-27T09:00:00Z"), history)
                .code()).isEqualTo(ReasonCode.DUPLICATE);
        assertThat(decide("2026-11-27T10:00:00Z", noCaps, onboarding("s1", "006B", "2026-11-27T09:00:00Z"), history)
                .code()).isEqualTo(ReasonCode.OK);
    }

    @Test
    void dedupBySignalLetsAnotherSignalAboutTheSameRecordThrough() {
        List<LedgerEntry> history = List.of(sent(ONBOARDING, "s0", "006A", "2026-11-20T10:00:00Z"));
        TimingRules rules = TimingRules.defaults().withCaps(List.of()).withDedup(DedupKey.SIGNAL, null);

        assertThat(decide("2026-11-27T10:00:00Z", rules, onboarding("s1", "006A", "2026-11-27T09:00:00Z"), history)
                .code()).isEqualTo(ReasonCode.OK);
        assertThat(decide("2026-11-27T10:00:00Z", rules, onboarding("s0", "006A", "2026-11-27T09:00:00Z"), history)
                .code()).isEqualTo(ReasonCode.DUPLICATE);
    }

    @Test
    void dedupByContactKeepsAnySignalOfTheKindFromTheContactWithinTheWindow() {
        TimingRules rules = TimingRules.defaults().withCaps(List.of())
                .withDedup(DedupKey.CONTACT, Duration.ofDays(30));
        Signal another = onboarding("s1", "006B", "2026-11-27T09:00:00Z");

        Decision decision = decide("2026-11-27T10:00:00Z", rules, another,
                List.of(sent(ONBOARDING, "s0", "006A", "2026-11-07T10:00:00Z")));
        assertThat(decision.code()).isEqualTo(ReasonCode.DUPLICATE);
        assertThat(decision.sentence()).isEqualTo("Suppressed: the contact was already sent the ONBOARDING signal "
                + "(one per contact in 30 days) at 2026-11-07 10:00 UTC.");
        assertThat(decide("2026-11-27T10:00:00Z", rules, another,
                List.of(sent(ONBOARDING, "s0", "006A", "2026-10-27T10:00:00Z"))).code())
                .as("31 days ago: outside the window").isEqualTo(ReasonCode.OK);
        assertThat(decide("2026-11-27T10:00:00Z", rules, another,
                List.of(sent(Signal.Type.ANNOUNCEMENT, "a0", null, "2026-11-20T10:00:00Z"))).code())
                .as("another kind").isEqualTo(ReasonCode.OK);
    }

    @Test
    void theHistoryLookedUpReachesBackOverTheLongestDedupWindow() {
        TimingRules contact = TimingRules.defaults().withDedup(DedupKey.CONTACT, Duration.ofDays(90));

        assertThat(TimingPolicySettings.standard().lookback()).isEqualTo(Duration.ofDays(7));
        assertThat(new TimingPolicySettings(TimingRules.defaults(), Map.of(ONBOARDING, contact)).lookback())
                .isEqualTo(Duration.ofDays(90));
        assertThat(new TimingPolicySettings(TimingRules.defaults(), Map.of(ONBOARDING, TimingRules.defaults()
                .withKindCaps(List.of(new Cap(1, Duration.ofDays(30)))))).lookback()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void rulesThatCouldNeverWorkAreRejected() {
        assertThatThrownBy(() -> new SendWindow(LocalTime.of(9, 0), LocalTime.of(9, 0), EnumSet.of(DayOfWeek.MONDAY)))
                .hasMessageContaining("from and to must differ");
        assertThatThrownBy(() -> new SendWindow(LocalTime.of(9, 0), LocalTime.of(17, 0), EnumSet.noneOf(DayOfWeek.class)))
                .hasMessageContaining("at least one day");
        assertThatThrownBy(() -> TimingRules.defaults().withDelay(Duration.ofHours(-1)))
                .hasMessageContaining("a delay must not be negative");
        assertThatThrownBy(() -> TimingRules.defaults().withExpiresAfter(Duration.ZERO))
                .hasMessageContaining("expires-after must be positive");
        assertThatThrownBy(() -> TimingRules.defaults().withDedup(DedupKey.CONTACT, null))
                .hasMessageContaining("dedup: contact needs a dedup-window");
        assertThatThrownBy(() -> TimingRules.defaults().withSendWindow(new SendWindow(LocalTime.of(21, 0),
                LocalTime.of(23, 0), EnumSet.allOf(DayOfWeek.class))))
                .hasMessageContaining("lies wholly inside quiet hours 20:00–08:00");
    }
}
