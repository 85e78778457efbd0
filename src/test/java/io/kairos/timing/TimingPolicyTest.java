package io.kairos.timing;

import static io.kairos.timing.TimingFixtures.delay;
import static io.kairos.timing.TimingFixtures.entry;
import static io.kairos.timing.TimingFixtures.optedOut;
import static io.kairos.timing.TimingFixtures.recipient;
import static io.kairos.timing.TimingFixtures.sent;
import static io.kairos.timing.TimingFixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.ledger.LedgerEntry;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.support.MutableClock;
import io.kairos.timing.Decision.Outcome;
import io.kairos.timing.TimingRules.Cap;
import io.kairos.timing.TimingRules.OverCap;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimingPolicyTest {

    private static final String BERLIN = "Europe/Berlin";
    private static final String NEW_YORK = "America/New_York";

    private static Decision decide(String now, TimingRules rules, Signal signal, Recipient recipient,
                                   List<LedgerEntry> history) {
        return policy(now, rules).decide(signal, recipient, "email", history, Optional.empty());
    }

    private static TimingPolicy policy(String now, TimingRules rules) {
        return new TimingPolicy(new TimingPolicySettings(rules, Map.of()), MutableClock.at(now));
    }

    private static Decision decideAt(String now, String zone) {
        return decide(now, TimingRules.defaults(), delay("s1", "00123"), recipient(zone), List.of());
    }

    private static Decision quietEndingAt(LocalTime end, String now, String zone) {
        return decide(now, TimingRules.defaults().withQuietHours(LocalTime.of(20, 0), end), delay("s1", "00123"),
                recipient(zone), List.of());
    }

    private static void assertDeferredTo(Decision decision, String sendAt) {
        assertThat(decision.outcome()).isEqualTo(Outcome.DEFER);
        assertThat(decision.sendAt()).isEqualTo(Instant.parse(sendAt));
    }

    @Test
    void deferInTheEveningGoesToTheNextLocalMorning() {
        Decision decision = decideAt("2026-11-26T21:00:00Z", BERLIN);

        assertDeferredTo(decision, "2026-11-27T07:00:00Z");
        assertThat(decision.code()).isEqualTo(ReasonCode.QUIET_HOURS);
        assertThat(decision.sentence()).isEqualTo("Deferred to 08:00 Europe/Berlin (2026-11-27 07:00 UTC): "
                + "quiet hours 20:00–08:00 in the recipient's time zone.");
    }

    @Test
    void afterLocalMidnightTheSameMorningIsNext() {
        assertDeferredTo(decideAt("2026-11-27T00:30:00Z", BERLIN), "2026-11-27T07:00:00Z");
    }

    @Test
    void sendsNowOutsideQuietHours() {
        Decision decision = decideAt("2026-11-26T12:00:00Z", BERLIN);

        assertThat(decision.outcome()).isEqualTo(Outcome.SEND);
        assertThat(decision.sendAt()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
        assertThat(decision.code()).isEqualTo(ReasonCode.OK);
        assertThat(decision.sentence()).startsWith("Send now (13:00 Europe/Berlin, 2026-11-26 12:00 UTC)");
    }

    @Test
    void quietEndIsAllowedAndQuietStartIsNot() {
        assertThat(decideAt("2026-11-26T07:00:00Z", BERLIN).outcome()).isEqualTo(Outcome.SEND);
        assertThat(decideAt("2026-11-26T06:59:59Z", BERLIN).outcome()).isEqualTo(Outcome.DEFER);
        assertThat(decideAt("2026-11-26T18:59:59Z", BERLIN).outcome()).isEqualTo(Outcome.SEND);
        assertThat(decideAt("2026-11-26T19:00:00Z", BERLIN).outcome()).isEqualTo(Outcome.DEFER);
    }

    @Test
    void quietHoursWithinOneDayDoNotWrap() {
        TimingRules lunch = TimingRules.defaults().withQuietHours(LocalTime.of(12, 0), LocalTime.of(13, 30));

        assertDeferredTo(decide("2026-11-26T11:15:00Z", lunch, delay("s1", "1"), recipient(BERLIN), List.of()),
                "2026-11-26T12:30:00Z");
        assertThat(decide("2026-11-26T21:00:00Z", lunch, delay("s1", "1"), recipient(BERLIN), List.of())
                .outcome()).isEqualTo(Outcome.SEND);
    }

    @Test
    void equalStartAndEndMeanNoQuietHours() {
        TimingRules none = TimingRules.defaults().withQuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

        assertThat(decide("2026-11-26T23:00:00Z", none, delay("s1", "1"), recipient(BERLIN), List.of())
                .outcome()).isEqualTo(Outcome.SEND);
    }

    @Test
    void recipientWithoutZoneUsesTheDefaultZone() {
        TimingRules rules = TimingRules.defaults().withDefaultZone(ZoneId.of(NEW_YORK));

        Decision decision = decide("2026-11-27T02:00:00Z", rules, delay("s1", "1"), recipient(null), List.of());

        assertDeferredTo(decision, "2026-11-27T13:00:00Z");
        assertThat(decision.sentence()).isEqualTo("Deferred to 08:00 America/New_York (2026-11-27 13:00 UTC): "
                + "quiet hours 20:00–08:00 in the default time zone (America/New_York).");
    }

    @Test
    void unknownZoneFallsBackLikeAMissingOne() {
        TimingRules rules = TimingRules.defaults().withDefaultZone(ZoneId.of(NEW_YORK));

        assertDeferredTo(decide("2026-11-27T02:00:00Z", rules, delay("s1", "1"), recipient("Mars/Olympus"),
                List.of()), "2026-11-27T13:00:00Z");
    }

    @Test
    void accountZoneComesBeforeTheDefaultButAfterTheRecipients() {
        TimingPolicy policy = policy("2026-11-27T02:00:00Z", TimingRules.defaults());
        Optional<ZoneId> tokyo = Optional.of(ZoneId.of("Asia/Tokyo"));

        Decision account = policy.decide(delay("s1", "1"), recipient(null), "email", List.of(), Optional.empty(),
                tokyo);
        Decision own = policy.decide(delay("s1", "1"), recipient(NEW_YORK), "email", List.of(), Optional.empty(),
                tokyo);

        assertThat(account.outcome()).isEqualTo(Outcome.SEND);
        assertThat(account.sentence()).contains("11:00 Asia/Tokyo", "the account's time zone (Asia/Tokyo)");
        assertDeferredTo(own, "2026-11-27T13:00:00Z");
    }

    @Test
    void criticalBypassesQuietHoursWhenConfigured() {
        Signal outage = signal("s1", Signal.Type.OUTAGE, "INC1", Signal.Severity.CRITICAL, null);

        Decision bypass = decide("2026-11-26T22:15:00Z", TimingRules.defaults(), outage, recipient(BERLIN),
                List.of());
        Decision strict = decide("2026-11-26T22:15:00Z",
                TimingRules.defaults().withCriticalBypassesQuietHours(false), outage, recipient(BERLIN), List.of());

        assertThat(bypass.outcome()).isEqualTo(Outcome.SEND);
        assertThat(bypass.code()).isEqualTo(ReasonCode.CRITICAL_BYPASS);
        assertThat(bypass.sendAt()).isEqualTo(Instant.parse("2026-11-26T22:15:00Z"));
        assertThat(bypass.sentence()).isEqualTo("Send now although it is 23:15 Europe/Berlin, inside quiet hours "
                + "20:00–08:00 in the recipient's time zone: CRITICAL signals bypass quiet hours.");
        assertDeferredTo(strict, "2026-11-27T07:00:00Z");
    }

    @Test
    void criticalOutsideQuietHoursIsPlainOk() {
        Signal outage = signal("s1", Signal.Type.OUTAGE, "INC1", Signal.Severity.CRITICAL, null);

        assertThat(decide("2026-11-26T12:00:00Z", TimingRules.defaults(), outage, recipient(BERLIN), List.of())
                .code()).isEqualTo(ReasonCode.OK);
    }

    @Test
    void rulesArePerSignalType() {
        TimingRules announcements = TimingRules.defaults().withQuietHours(LocalTime.of(18, 0), LocalTime.of(10, 0));
        TimingPolicy policy = new TimingPolicy(new TimingPolicySettings(TimingRules.defaults(),
                Map.of(Signal.Type.ANNOUNCEMENT, announcements)), MutableClock.at("2026-11-26T17:30:00Z"));
        Signal announcement = signal("s2", Signal.Type.ANNOUNCEMENT, null, Signal.Severity.LOW, null);

        assertThat(policy.decide(delay("s1", "1"), recipient(BERLIN), "email", List.of(), Optional.empty())
                .outcome()).isEqualTo(Outcome.SEND);
        assertDeferredTo(policy.decide(announcement, recipient(BERLIN), "email", List.of(), Optional.empty()),
                "2026-11-27T09:00:00Z");
    }

    @Test
    void berlinSpringForwardQuietEndInTheGapGoesToTheFirstInstantAfterIt() {
        // 2026-03-29 02:00 CET jumps to 03:00 CEST: 02:30 does not exist that night.
        Decision decision = quietEndingAt(LocalTime.of(2, 30), "2026-03-28T23:00:00Z", BERLIN);

        assertDeferredTo(decision, "2026-03-29T01:00:00Z");
        assertThat(decision.sentence()).startsWith("Deferred to 03:00 Europe/Berlin (2026-03-29 01:00 UTC)");
    }

    @Test
    void berlinSpringForwardQuietEndAtTheGapStart() {
        assertDeferredTo(quietEndingAt(LocalTime.of(2, 0), "2026-03-29T00:30:00Z", BERLIN),
                "2026-03-29T01:00:00Z");
    }

    @Test
    void berlinSpringForwardMorningIsInSummerTime() {
        assertDeferredTo(decideAt("2026-03-28T22:00:00Z", BERLIN), "2026-03-29T06:00:00Z");
        assertDeferredTo(decideAt("2026-03-29T04:00:00Z", BERLIN), "2026-03-29T06:00:00Z");
    }

    @Test
    void berlinFallBackQuietEndInTheOverlapTakesTheEarlierOffset() {
        // 2026-10-25 03:00 CEST falls back to 02:00 CET: 02:00–03:00 happens twice.
        Decision decision = quietEndingAt(LocalTime.of(2, 30), "2026-10-24T23:00:00Z", BERLIN);

        assertDeferredTo(decision, "2026-10-25T00:30:00Z");
        assertThat(decision.sentence()).startsWith("Deferred to 02:30 Europe/Berlin (2026-10-25 00:30 UTC)");
    }

    @Test
    void berlinFallBackSecondPassBeforeTheQuietEndTakesTheLaterOffset() {
        // 01:10 UTC is 02:10 CET, the second 02:10 of the night: quiet again until 02:30 CET.
        assertDeferredTo(quietEndingAt(LocalTime.of(2, 30), "2026-10-25T01:10:00Z", BERLIN),
                "2026-10-25T01:30:00Z");
        assertThat(quietEndingAt(LocalTime.of(2, 30), "2026-10-25T00:45:00Z", BERLIN).outcome())
                .isEqualTo(Outcome.SEND);
    }

    @Test
    void berlinFallBackMorningIsInWinterTime() {
        assertDeferredTo(decideAt("2026-10-24T20:00:00Z", BERLIN), "2026-10-25T07:00:00Z");
    }

    @Test
    void newYorkSpringForwardQuietEndInTheGap() {
        // 2026-03-08 02:00 EST jumps to 03:00 EDT.
        assertDeferredTo(quietEndingAt(LocalTime.of(2, 30), "2026-03-08T05:00:00Z", NEW_YORK),
                "2026-03-08T07:00:00Z");
        assertDeferredTo(decideAt("2026-03-08T04:00:00Z", NEW_YORK), "2026-03-08T12:00:00Z");
    }

    @Test
    void newYorkFallBackQuietEndInTheOverlap() {
        // 2026-11-01 02:00 EDT falls back to 01:00 EST: 01:00–02:00 happens twice.
        assertDeferredTo(quietEndingAt(LocalTime.of(1, 30), "2026-11-01T04:00:00Z", NEW_YORK),
                "2026-11-01T05:30:00Z");
        assertDeferredTo(quietEndingAt(LocalTime.of(1, 30), "2026-11-01T06:10:00Z", NEW_YORK),
                "2026-11-01T06:30:00Z");
        assertDeferredTo(decideAt("2026-11-01T01:00:00Z", NEW_YORK), "2026-11-01T13:00:00Z");
    }

    @Test
    void quietStartInTheGapStillStartsQuietHoursAfterIt() {
        TimingRules rules = TimingRules.defaults().withQuietHours(LocalTime.of(2, 30), LocalTime.of(6, 0));

        assertDeferredTo(decide("2026-03-29T01:05:00Z", rules, delay("s1", "1"), recipient(BERLIN), List.of()),
                "2026-03-29T04:00:00Z");
    }

    @Test
    void oneIn24HoursDefersExactlyUntilTheWindowFrees() {
        List<LedgerEntry> history = List.of(sent("old", "A1", Instant.parse("2026-11-26T09:00:00Z")));

        Decision decision = decide("2026-11-26T10:00:00Z", TimingRules.defaults(), delay("s1", "00123"),
                recipient(BERLIN), history);

        assertDeferredTo(decision, "2026-11-27T09:00:00Z");
        assertThat(decision.code()).isEqualTo(ReasonCode.CAP_REACHED);
        assertThat(decision.sentence()).isEqualTo("Deferred to 10:00 Europe/Berlin (2026-11-27 09:00 UTC): "
                + "cap of 1 message per 24 h reached until 2026-11-27 09:00 UTC.");
    }

    @Test
    void aFreedWindowInsideQuietHoursIsPushedToTheirEnd() {
        List<LedgerEntry> history = List.of(sent("old", "A1", Instant.parse("2026-11-26T05:00:00Z")));

        Decision decision = decide("2026-11-26T10:00:00Z", TimingRules.defaults(), delay("s1", "00123"),
                recipient(BERLIN), history);

        assertDeferredTo(decision, "2026-11-27T07:00:00Z");
        assertThat(decision.code()).isEqualTo(ReasonCode.CAP_REACHED);
        assertThat(decision.sentence()).isEqualTo("Deferred to 08:00 Europe/Berlin (2026-11-27 07:00 UTC): "
                + "cap of 1 message per 24 h reached until 2026-11-27 05:00 UTC, then quiet hours 20:00–08:00 "
                + "in the recipient's time zone.");
    }

    @Test
    void threeIn7DaysDefersUntilTheOldestCountedSendLeaves() {
        List<LedgerEntry> history = List.of(
                sent("a", "A1", Instant.parse("2026-11-20T12:00:00Z")),
                sent("b", "A2", Instant.parse("2026-11-23T10:00:00Z")),
                sent("c", "A3", Instant.parse("2026-11-25T09:00:00Z")),
                sent("z", "A0", Instant.parse("2026-11-10T09:00:00Z")));

        Decision decision = decide("2026-11-26T10:00:00Z", TimingRules.defaults(), delay("s1", "00123"),
                recipient(BERLIN), history);

        assertDeferredTo(decision, "2026-11-27T12:00:00Z");
        assertThat(decision.sentence()).contains("cap of 3 messages per 7 days reached until 2026-11-27 12:00 UTC");
    }

    @Test
    void theCapThatBlocksLongestWins() {
        List<LedgerEntry> history = List.of(
                sent("a", "A1", Instant.parse("2026-11-20T12:00:00Z")),
                sent("b", "A2", Instant.parse("2026-11-23T10:00:00Z")),
                sent("c", "A3", Instant.parse("2026-11-26T09:00:00Z")));

        assertDeferredTo(decide("2026-11-26T10:00:00Z", TimingRules.defaults(), delay("s1", "00123"),
                recipient(BERLIN), history), "2026-11-27T12:00:00Z");
    }

    @Test
    void sendsOutsideEveryWindowDoNotCount() {
        List<LedgerEntry> history = List.of(sent("a", "A1", Instant.parse("2026-11-25T10:00:00Z")),
                entry(delay("d", "X"), LedgerEntry.Decision.SUPPRESSED, Instant.parse("2026-11-26T09:00:00Z")),
                entry(delay("f", "Y"), LedgerEntry.Decision.FAILED, Instant.parse("2026-11-26T09:30:00Z")));

        assertThat(decide("2026-11-26T10:00:00Z", TimingRules.defaults(), delay("s1", "00123"),
                recipient(BERLIN), history).outcome()).isEqualTo(Outcome.SEND);
    }

    @Test
    void aSendAwaitingReconciliationCountsAgainstTheCap() {
        List<LedgerEntry> history = List.of(entry(delay("o", "X"), LedgerEntry.Decision.NEEDS_RECONCILE,
                Instant.parse("2026-11-26T09:00:00Z")));

        assertDeferredTo(decide("2026-11-26T10:00:00Z", TimingRules.defaults(), delay("s1", "00123"),
                recipient(BERLIN), history), "2026-11-27T09:00:00Z");
    }

    @Test
    void overCapSuppressesWhenConfigured() {
        TimingRules rules = TimingRules.defaults().withOverCap(OverCap.SUPPRESS)
                .withCaps(List.of(new Cap(2, Duration.ofHours(12))));
        List<LedgerEntry> history = List.of(sent("a", "A1", Instant.parse("2026-11-26T01:00:00Z")),
                sent("b", "A2", Instant.parse("2026-11-26T02:00:00Z")));

        Decision decision = decide("2026-11-26T10:00:00Z", rules, delay("s1", "00123"), recipient(BERLIN),
                history);

        assertThat(decision.outcome()).isEqualTo(Outcome.SUPPRESS);
        assertThat(decision.sendAt()).isNull();
        assertThat(decision.code()).isEqualTo(ReasonCode.CAP_REACHED);
        assertThat(decision.sentence()).isEqualTo("Suppressed: cap of 2 messages per 12 h reached.");
    }

    @Test
    void criticalStillRespectsCapsButNotQuietHoursAfterThem() {
        Signal outage = signal("s1", Signal.Type.OUTAGE, "INC1", Signal.Severity.CRITICAL, null);
        List<LedgerEntry> history = List.of(sent("a", "A1", Instant.parse("2026-11-26T01:00:00Z")));

        assertDeferredTo(decide("2026-11-26T10:00:00Z", TimingRules.defaults(), outage, recipient(BERLIN),
                history), "2026-11-27T01:00:00Z");
    }

    @Test
    void repeatedDeliveriesReachTheContactOnce() {
        MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
        TimingPolicy policy = new TimingPolicy(TimingPolicySettings.standard(), clock);
        Signal signal = delay("s1", "00123");
        List<LedgerEntry> history = new ArrayList<>();

        Decision first = policy.decide(signal, recipient(BERLIN), "email", history, Optional.empty());
        history.add(entry(signal, LedgerEntry.Decision.SENT, clock.instant()));
        clock.advance(Duration.ofDays(3));
        Decision again = policy.decide(signal, recipient(BERLIN), "email", history, Optional.empty());
        Decision otherEvent = policy.decide(delay("s2", "00123"), recipient(BERLIN), "in_app", history,
                Optional.empty());

        assertThat(first.outcome()).isEqualTo(Outcome.SEND);
        assertThat(again.code()).isEqualTo(ReasonCode.DUPLICATE);
        assertThat(again.outcome()).isEqualTo(Outcome.SUPPRESS);
        assertThat(again.sentence()).isEqualTo("Suppressed: the contact was already sent the ORDER_DELAY signal "
                + "00123 at 2026-11-26 10:00 UTC.");
        assertThat(otherEvent.code()).isEqualTo(ReasonCode.DUPLICATE);
    }

    @Test
    void aPendingDeferralOfAnotherDeliveryIsADuplicate() {
        List<LedgerEntry> history = List.of(entry(delay("s0", "00123"), LedgerEntry.Decision.DEFERRED,
                Instant.parse("2026-11-25T21:00:00Z")));

        Decision decision = decide("2026-11-25T21:05:00Z", TimingRules.defaults(), delay("s1", "00123"),
                recipient(BERLIN), history);

        assertThat(decision.code()).isEqualTo(ReasonCode.DUPLICATE);
        assertThat(decision.sentence()).contains("already deferred");
    }

    @Test
    void aDeferralStaysPendingWhateverLaterDeliveriesWereDecided() {
        List<LedgerEntry> history = List.of(
                entry(delay("s0", "00123"), LedgerEntry.Decision.DEFERRED, Instant.parse("2026-11-25T21:00:00Z")),
                entry(delay("s2", "00123"), LedgerEntry.Decision.SUPPRESSED, Instant.parse("2026-11-25T21:05:00Z")));

        assertThat(decide("2026-11-25T21:10:00Z", TimingRules.defaults(), delay("s3", "00123"), recipient(BERLIN),
                history).code()).isEqualTo(ReasonCode.DUPLICATE);
    }

    @Test
    void theSignalsOwnDeferralIsRecheckedNotADuplicate() {
        Signal signal = delay("s1", "00123");
        List<LedgerEntry> history = List.of(entry(signal, LedgerEntry.Decision.DEFERRED,
                Instant.parse("2026-11-25T21:00:00Z")));

        assertThat(decide("2026-11-26T07:00:00Z", TimingRules.defaults(), signal, recipient(BERLIN), history)
                .outcome()).isEqualTo(Outcome.SEND);
    }

    @Test
    void aDeferralThatEndedInFailureIsNoLongerPending() {
        Signal earlier = delay("s0", "00123");
        List<LedgerEntry> history = List.of(
                entry(earlier, LedgerEntry.Decision.DEFERRED, Instant.parse("2026-11-25T21:00:00Z")),
                entry(earlier, LedgerEntry.Decision.FAILED, Instant.parse("2026-11-26T07:00:00Z")));

        assertThat(decide("2026-11-26T12:00:00Z", TimingRules.defaults(), delay("s1", "00123"),
                recipient(BERLIN), history).outcome()).isEqualTo(Outcome.SEND);
    }

    @Test
    void anAdminsReplayOfAnUnreconciledSendLetsTheSignalGoOutAgain() {
        Signal signal = delay("s0", "00123");
        List<LedgerEntry> history = List.of(
                entry(signal, LedgerEntry.Decision.NEEDS_RECONCILE, Instant.parse("2026-11-20T10:00:00Z")),
                entry(signal, LedgerEntry.Decision.REPLAYED, Instant.parse("2026-11-26T11:00:00Z")));

        assertThat(decide("2026-11-26T12:00:00Z", TimingRules.defaults(), signal, recipient(BERLIN), history)
                .outcome()).isEqualTo(Outcome.SEND);
    }

    @Test
    void aSendAfterTheReplayIsADuplicateAgain() {
        Signal signal = delay("s0", "00123");
        List<LedgerEntry> history = List.of(
                entry(signal, LedgerEntry.Decision.FAILED, Instant.parse("2026-11-25T10:00:00Z")),
                entry(signal, LedgerEntry.Decision.REPLAYED, Instant.parse("2026-11-25T11:00:00Z")),
                entry(signal, LedgerEntry.Decision.SENT, Instant.parse("2026-11-25T11:01:00Z")));

        assertThat(decide("2026-11-26T12:00:00Z", TimingRules.defaults(), delay("s1", "00123"), recipient(BERLIN),
                history).code()).isEqualTo(ReasonCode.DUPLICATE);
    }

    @Test
    void aSendAwaitingReconciliationIsNeverRepeated() {
        List<LedgerEntry> history = List.of(entry(delay("s0", "00123"), LedgerEntry.Decision.NEEDS_RECONCILE,
                Instant.parse("2026-11-20T10:00:00Z")));

        assertThat(decide("2026-11-26T12:00:00Z", TimingRules.defaults(), delay("s1", "00123"),
                recipient(BERLIN), history).code()).isEqualTo(ReasonCode.DUPLICATE);
    }

    /** Salesforce sends an id in 15 characters (case-sensitive) or 18 (its case encoded): the same Order either way. */
    @Test
    void theSameOrderIdIn15Or18CharactersIsADuplicateButAnotherCaseIsAnotherOrder() {
        List<LedgerEntry> history = List.of(entry(delay("s0", "8017a00002556lh"), LedgerEntry.Decision.SENT,
                Instant.parse("2026-11-24T10:00:00Z")));

        assertThat(decide("2026-11-26T12:00:00Z", TimingRules.defaults(), delay("s1", "8017a00002556lhAAA"),
                recipient(BERLIN), history).code()).isEqualTo(ReasonCode.DUPLICATE);
        assertThat(decide("2026-11-26T12:00:00Z", TimingRules.defaults(), delay("s1", "8017a00002556LHAAA"),
                recipient(BERLIN), history).code()).as("the 18-character form compares ignoring case")
                .isEqualTo(ReasonCode.DUPLICATE);
        assertThat(decide("2026-11-26T12:00:00Z", TimingRules.defaults(), delay("s1", "8017a00002556LH"),
                recipient(BERLIN), history).outcome()).as("a 15-character id is case-sensitive")
                .isEqualTo(Outcome.SEND);
    }

    @Test
    void anotherRecordOrTypeIsNotADuplicate() {
        List<LedgerEntry> history = List.of(
                entry(delay("s0", "00999"), LedgerEntry.Decision.SENT, Instant.parse("2026-11-20T10:00:00Z")),
                entry(signal("s9", Signal.Type.KNOWN_ISSUE, "00123", Signal.Severity.LOW, null),
                        LedgerEntry.Decision.SENT, Instant.parse("2026-11-18T10:00:00Z")));

        assertThat(decide("2026-11-26T12:00:00Z", TimingRules.defaults(), delay("s1", "00123"),
                recipient(BERLIN), history).outcome()).isEqualTo(Outcome.SEND);
    }

    @Test
    void signalsWithoutRecordAreMatchedBySignalId() {
        Signal announcement = signal("s1", Signal.Type.ANNOUNCEMENT, null, Signal.Severity.LOW, null);
        List<LedgerEntry> otherAnnouncement = List.of(entry(
                signal("s0", Signal.Type.ANNOUNCEMENT, null, Signal.Severity.LOW, null),
                LedgerEntry.Decision.SENT, Instant.parse("2026-11-10T10:00:00Z")));
        List<LedgerEntry> sameAnnouncement = List.of(entry(announcement, LedgerEntry.Decision.SENT,
                Instant.parse("2026-11-10T10:00:00Z")));

        assertThat(decide("2026-11-26T12:00:00Z", TimingRules.defaults(), announcement, recipient(BERLIN),
                otherAnnouncement).outcome()).isEqualTo(Outcome.SEND);
        assertThat(decide("2026-11-26T12:00:00Z", TimingRules.defaults(), announcement, recipient(BERLIN),
                sameAnnouncement).code()).isEqualTo(ReasonCode.DUPLICATE);
    }

    @Test
    void emailOptOutSuppressesEvenCritical() {
        Signal critical = signal("s1", Signal.Type.OUTAGE, "INC1", Signal.Severity.CRITICAL, null);

        Decision decision = decide("2026-11-26T12:00:00Z", TimingRules.defaults(), critical, optedOut(BERLIN),
                List.of());

        assertThat(decision.outcome()).isEqualTo(Outcome.SUPPRESS);
        assertThat(decision.code()).isEqualTo(ReasonCode.OPTED_OUT);
        assertThat(decision.sentence()).isEqualTo("Suppressed: the contact opted out of email.");
    }

    @Test
    void inAppIgnoresTheEmailOptOutUnlessConfigured() {
        TimingPolicy lenient = policy("2026-11-26T12:00:00Z", TimingRules.defaults());
        TimingPolicy strict = policy("2026-11-26T12:00:00Z",
                TimingRules.defaults().withInAppRespectsEmailOptOut(true));

        assertThat(lenient.decide(delay("s1", "1"), optedOut(BERLIN), "in_app", List.of(), Optional.empty())
                .outcome()).isEqualTo(Outcome.SEND);
        assertThat(strict.decide(delay("s1", "1"), optedOut(BERLIN), "in_app", List.of(), Optional.empty())
                .code()).isEqualTo(ReasonCode.OPTED_OUT);
    }

    @Test
    void unknownChannelIsRejected() {
        assertThatThrownBy(() -> policy("2026-11-26T12:00:00Z", TimingRules.defaults())
                .decide(delay("s1", "1"), recipient(BERLIN), "sms", List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sms");
    }

    @Test
    void openTicketHoldsTheMessageForANote() {
        Decision decision = policy("2026-11-26T21:00:00Z", TimingRules.defaults()).decide(delay("s1", "00123"),
                recipient(BERLIN), "email", List.of(), Optional.of(new OpenTicket(4711, "Where is my order?")));

        assertThat(decision.outcome()).isEqualTo(Outcome.HOLD_FOR_TICKET);
        assertThat(decision.code()).isEqualTo(ReasonCode.OPEN_TICKET);
        assertThat(decision.sendAt()).isNull();
        assertThat(decision.sentence()).isEqualTo("Held back: ticket #4711 (\"Where is my order?\") is open about "
                + "this ORDER_DELAY signal 00123; it gets an internal note instead.");
    }

    @Test
    void optOutAndDuplicateComeBeforeTheOpenTicket() {
        TimingPolicy policy = policy("2026-11-26T12:00:00Z", TimingRules.defaults());
        Optional<OpenTicket> ticket = Optional.of(new OpenTicket(1, "Help"));
        Signal signal = delay("s1", "00123");

        assertThat(policy.decide(signal, optedOut(BERLIN), "email", List.of(), ticket).code())
                .isEqualTo(ReasonCode.OPTED_OUT);
        assertThat(policy.decide(signal, recipient(BERLIN), "email",
                List.of(entry(signal, LedgerEntry.Decision.SENT, Instant.parse("2026-11-20T10:00:00Z"))), ticket)
                .code()).isEqualTo(ReasonCode.DUPLICATE);
    }

    @Test
    void theHoldNamesItsTicketAndNoOtherDecisionDoes() {
        TimingPolicy policy = policy("2026-11-26T12:00:00Z", TimingRules.defaults());
        OpenTicket ticket = new OpenTicket(4711, "Where is my order?");

        assertThat(policy.decide(delay("s1", "00123"), recipient(BERLIN), "email", List.of(), Optional.of(ticket))
                .heldFor()).isEqualTo(ticket);
        assertThat(policy.decide(delay("s1", "00123"), recipient(BERLIN), "email", List.of(), Optional.empty())
                .heldFor()).isNull();
        assertThatThrownBy(() -> new Decision(Outcome.HOLD_FOR_TICKET, null, ReasonCode.OPEN_TICKET, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNoteAlreadyWrittenAboutTheSameOrderIsADuplicate() {
        Signal signal = delay("s2", "00123");
        LedgerEntry noted = new LedgerEntry("jane@acme.example", "s1", "ORDER_DELAY", "00123", "intercom",
                LedgerEntry.Decision.NOTED, "OPEN_TICKET", "noted", null, Instant.parse("2026-11-25T10:00:00Z"));

        Decision decision = policy("2026-11-26T12:00:00Z", TimingRules.defaults()).decide(signal, recipient(BERLIN),
                "email", List.of(noted), Optional.of(new OpenTicket(4711, "Where is my order?")));

        assertThat(decision.code()).isEqualTo(ReasonCode.DUPLICATE);
        assertThat(decision.sentence()).isEqualTo("Suppressed: the contact's open ticket got an internal note about "
                + "the ORDER_DELAY signal 00123 at 2026-11-25 10:00 UTC instead of a message.");
    }

    @Test
    void theSuppressionListHoldsOnEveryChannelAndForEverySeverity() {
        TimingPolicy policy = policy("2026-11-26T12:00:00Z", TimingRules.defaults());
        Signal critical = signal("s1", Signal.Type.OUTAGE, "INC1", Signal.Severity.CRITICAL, null);
        ContactFacts listed = new ContactFacts(Optional.of(new OpenTicket(1, "Help")), Optional.empty(),
                Optional.of("legal hold"));

        for (String channel : List.of("email", "in_app")) {
            Decision decision = policy.decide(critical, recipient(BERLIN), channel, List.of(), listed);
            assertThat(decision.code()).as(channel).isEqualTo(ReasonCode.SUPPRESSION_LIST);
            assertThat(decision.sentence()).isEqualTo(
                    "Suppressed: the contact is on Kairos's suppression list (legal hold).");
        }
        assertThat(policy.decide(critical, recipient(BERLIN), "email",
                List.of(entry(critical, LedgerEntry.Decision.SENT, Instant.parse("2026-11-26T11:00:00Z"))), listed)
                .code()).as("a duplicate is reported as such first").isEqualTo(ReasonCode.DUPLICATE);
    }

    @Test
    void anOutageWhoseMaintenanceIsOverExpires() {
        Signal outage = signal("s1", Signal.Type.OUTAGE, "MAINT-7", Signal.Severity.CRITICAL,
                Instant.parse("2026-11-26T11:00:00Z"));

        Decision decision = decide("2026-11-26T12:00:00Z", TimingRules.defaults(), outage, optedOut(BERLIN),
                List.of());

        assertThat(decision.outcome()).isEqualTo(Outcome.SUPPRESS);
        assertThat(decision.code()).isEqualTo(ReasonCode.EXPIRED);
        assertThat(decision.sentence()).isEqualTo("Suppressed: the OUTAGE signal MAINT-7 ended at "
                + "2026-11-26 11:00 UTC, before 2026-11-26 12:00 UTC.");
    }

    @Test
    void aDeferralPastTheSignalsEndExpires() {
        Signal maintenance = signal("s1", Signal.Type.OUTAGE, "MAINT-8", Signal.Severity.NORMAL,
                Instant.parse("2026-11-26T23:00:00Z"));

        Decision decision = decide("2026-11-26T20:00:00Z", TimingRules.defaults(), maintenance,
                recipient(BERLIN), List.of());

        assertThat(decision.outcome()).isEqualTo(Outcome.SUPPRESS);
        assertThat(decision.code()).isEqualTo(ReasonCode.EXPIRED);
        assertThat(decision.sentence()).isEqualTo("Suppressed: the earliest allowed moment, 08:00 Europe/Berlin "
                + "(2026-11-27 07:00 UTC), is not before the OUTAGE signal MAINT-8 ends at 2026-11-26 23:00 UTC "
                + "(quiet hours 20:00–08:00 in the recipient's time zone).");
    }

    @Test
    void aSignalStillRunningIsDecidedNormally() {
        Signal maintenance = signal("s1", Signal.Type.OUTAGE, "MAINT-9", Signal.Severity.NORMAL,
                Instant.parse("2026-11-28T00:00:00Z"));

        assertDeferredTo(decide("2026-11-26T20:00:00Z", TimingRules.defaults(), maintenance, recipient(BERLIN),
                List.of()), "2026-11-27T07:00:00Z");
    }

    @Test
    void defaultsAreThoseOfTheIssue() {
        TimingRules rules = TimingPolicySettings.standard().forType(Signal.Type.KNOWN_ISSUE);

        assertThat(rules.quietStart()).isEqualTo(LocalTime.of(20, 0));
        assertThat(rules.quietEnd()).isEqualTo(LocalTime.of(8, 0));
        assertThat(rules.caps()).containsExactly(new Cap(1, Duration.ofHours(24)), new Cap(3, Duration.ofDays(7)));
        assertThat(rules.overCap()).isEqualTo(OverCap.DEFER);
        assertThat(rules.criticalBypassesQuietHours()).isTrue();
        assertThat(rules.inAppRespectsEmailOptOut()).isFalse();
    }

    @Test
    void aKindsOwnCapCountsOnlyItsOwnSendsOnTopOfTheCapsOverEveryKind() {
        Signal.Type churn = Signal.Type.valueOf("CHURN_RISK");
        TimingRules rules = TimingRules.defaults().withQuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)
                .withKindCaps(List.of(new Cap(1, Duration.ofDays(30)))).withOverCap(OverCap.SUPPRESS);
        Signal checkIn = signal("s2", churn, "001000000000001AAA", Signal.Severity.NORMAL, null);
        Signal earlierCheckIn = signal("s1", churn, "001000000000002AAA", Signal.Severity.NORMAL, null);

        Decision afterAnOrderDelay = decide("2026-03-20T10:00:00Z", rules, checkIn, recipient(BERLIN),
                List.of(entry(delay("d1", "00123"), LedgerEntry.Decision.SENT,
                        Instant.parse("2026-03-10T10:00:00Z"))));
        Decision afterACheckIn = decide("2026-03-20T10:00:00Z", rules, checkIn, recipient(BERLIN),
                List.of(entry(earlierCheckIn, LedgerEntry.Decision.SENT,
                        Instant.parse("2026-03-10T10:00:00Z"))));

        assertThat(afterAnOrderDelay.outcome()).as("another kind's send is not this kind's").isEqualTo(Outcome.SEND);
        assertThat(afterACheckIn.outcome()).isEqualTo(Outcome.SUPPRESS);
        assertThat(afterACheckIn.code()).isEqualTo(ReasonCode.CAP_REACHED);
        assertThat(afterACheckIn.sentence()).contains("cap of 1 message per 30 days reached");
    }
}
