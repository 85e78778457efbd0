package io.kairos.timing;

import static io.kairos.timing.TimingFixtures.EMAIL;
import static io.kairos.timing.TimingFixtures.optedOut;
import static io.kairos.timing.TimingFixtures.recipient;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.ledger.LedgerEntry;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.support.MutableClock;
import io.kairos.timing.Decision.Outcome;
import io.kairos.timing.TimingRules.Cap;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The policy's control group: an eligible contact drawn by the kind's holdout share is held out, before caps, delay,
 * send window and quiet hours, never for CRITICAL signals or obligatory kinds. The draws used here
 * ({@link HoldoutTest} checks them against SHA-256 computed outside Java): s7 with ada@example.com is 0.067 of 2^64,
 * below a 10 % share; s1 with ada@example.com is 0.707, above every allowed share.
 */
class ControlGroupTest {

    private static final Signal.Type KNOWN_ISSUE = Signal.Type.KNOWN_ISSUE;
    private static final String BERLIN = "Europe/Berlin";
    /** A Thursday, 11:05 in Berlin: outside quiet hours, inside working hours. */
    private static final String DAYTIME = "2026-11-26T10:05:00Z";
    private static final String SENTENCE = "Held out: drawn into the control group of KNOWN_ISSUE (10 % of eligible "
            + "contacts); not messaged, so the message's effect can be measured.";

    private static TimingRules tenPercent() {
        return TimingRules.defaults().withHoldout(new Holdout(new BigDecimal("0.10"), false));
    }

    private static Signal issue(String id, Signal.Severity severity) {
        return issue(id, severity, null);
    }

    private static Signal issue(String id, Signal.Severity severity, Instant endsAt) {
        // The key the draw uses is the signal's dedupe key: here the same as its id.
        return new Signal(id, id, "test", KNOWN_ISSUE, "KI-0042", severity, "Sync fails", null, "Widget",
                Instant.parse("2026-11-26T09:00:00Z"), endsAt, null, Instant.parse("2026-11-26T09:00:05Z"));
    }

    private static Decision decide(String now, TimingRules rules, Signal signal, Recipient recipient,
                                   List<LedgerEntry> history, ContactFacts facts) {
        return new TimingPolicy(new TimingPolicySettings(TimingRules.defaults(), Map.of(KNOWN_ISSUE, rules)),
                MutableClock.at(now)).decide(signal, recipient, "email", history, facts);
    }

    private static Decision decide(String now, TimingRules rules, Signal signal) {
        return decide(now, rules, signal, recipient(BERLIN), List.of(), ContactFacts.none());
    }

    private static LedgerEntry sentAt(String at) {
        return new LedgerEntry(EMAIL, "other", "ORDER_DELAY", "00123", "email", LedgerEntry.Decision.SENT, null, null,
                null, Instant.parse(at));
    }

    @Test
    void anEligibleContactDrawnIntoTheControlGroupIsHeldOutWithTheReason() {
        Decision decision = decide(DAYTIME, tenPercent(), issue("s7", Signal.Severity.NORMAL));

        assertThat(decision.outcome()).isEqualTo(Outcome.HOLD_OUT);
        assertThat(decision.code()).isEqualTo(ReasonCode.CONTROL_GROUP);
        assertThat(decision.sendAt()).isNull();
        assertThat(decision.sentence()).isEqualTo(SENTENCE);
    }

    @Test
    void aContactTheDrawLeavesOutIsToldAsWithoutAHoldout() {
        TimingRules half = TimingRules.defaults().withHoldout(new Holdout(new BigDecimal("0.5"), false));

        Decision decision = decide(DAYTIME, half, issue("s1", Signal.Severity.NORMAL));

        assertThat(decision).isEqualTo(decide(DAYTIME, TimingRules.defaults(), issue("s1", Signal.Severity.NORMAL)));
        assertThat(decision.outcome()).isEqualTo(Outcome.SEND);
    }

    @Test
    void aCriticalSignalIsNeverHeldOut() {
        Decision decision = decide(DAYTIME, tenPercent(), issue("s7", Signal.Severity.CRITICAL));

        assertThat(decision.outcome()).isEqualTo(Outcome.SEND);
        assertThat(decision.code()).isEqualTo(ReasonCode.OK);
    }

    @Test
    void anObligatoryKindIsNeverHeldOut() {
        TimingRules obligatory = TimingRules.defaults().withHoldout(new Holdout(BigDecimal.ZERO, true));

        assertThat(decide(DAYTIME, obligatory, issue("s7", Signal.Severity.LOW)).outcome()).isEqualTo(Outcome.SEND);
        assertThat(decide(DAYTIME, TimingRules.defaults(), issue("s7", Signal.Severity.LOW)).outcome())
                .as("nor a kind without a holdout").isEqualTo(Outcome.SEND);
    }

    @Test
    void theIneligibleAreSuppressedOrHeldForTheirOwnReasonFirst() {
        Signal signal = issue("s7", Signal.Severity.NORMAL);
        Signal ended = issue("s7", Signal.Severity.NORMAL, Instant.parse("2026-11-26T10:00:00Z"));
        LedgerEntry alreadySent = new LedgerEntry(EMAIL, "s6", KNOWN_ISSUE.name(), "KI-0042", "email",
                LedgerEntry.Decision.SENT, null, null, null, Instant.parse("2026-11-25T10:00:00Z"));

        assertThat(decide(DAYTIME, tenPercent(), ended).code()).isEqualTo(ReasonCode.EXPIRED);
        assertThat(decide(DAYTIME, tenPercent(), signal, recipient(BERLIN), List.of(alreadySent),
                ContactFacts.none()).code()).isEqualTo(ReasonCode.DUPLICATE);
        assertThat(decide(DAYTIME, tenPercent(), signal, recipient(BERLIN), List.of(), new ContactFacts(
                Optional.empty(), Optional.empty(), Optional.of("complaint"))).code())
                .isEqualTo(ReasonCode.SUPPRESSION_LIST);
        assertThat(decide(DAYTIME, tenPercent(), signal, optedOut(BERLIN), List.of(), ContactFacts.none()).code())
                .isEqualTo(ReasonCode.OPTED_OUT);
        Decision held = decide(DAYTIME, tenPercent(), signal, recipient(BERLIN), List.of(), new ContactFacts(
                Optional.of(new OpenTicket(35437, "Sync fails")), Optional.empty(), Optional.empty()));
        assertThat(held.outcome()).isEqualTo(Outcome.HOLD_FOR_TICKET);
    }

    @Test
    void aContactIsHeldOutWheneverTheyWouldHaveBeenMessagedWhateverCapsDelayWindowOrQuietHoursSay() {
        Signal signal = issue("s7", Signal.Severity.NORMAL);
        TimingRules capped = tenPercent().withCaps(List.of(new Cap(1, Duration.ofDays(1))));
        TimingRules delayedInAWindow = tenPercent().withDelay(Duration.ofDays(2)).withSendWindow(new SendWindow(
                LocalTime.of(9, 0), LocalTime.of(17, 0), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)));

        assertThat(decide(DAYTIME, capped, signal, recipient(BERLIN), List.of(sentAt("2026-11-26T08:00:00Z")),
                ContactFacts.none()).sentence()).isEqualTo(SENTENCE);
        assertThat(decide(DAYTIME, capped.withOverCap(TimingRules.OverCap.SUPPRESS), signal, recipient(BERLIN),
                List.of(sentAt("2026-11-26T08:00:00Z")), ContactFacts.none()).code())
                .isEqualTo(ReasonCode.CONTROL_GROUP);
        assertThat(decide(DAYTIME, delayedInAWindow, signal).code()).isEqualTo(ReasonCode.CONTROL_GROUP);
        assertThat(decide("2026-11-26T22:30:00Z", tenPercent(), signal).code()).as("inside quiet hours")
                .isEqualTo(ReasonCode.CONTROL_GROUP);
    }

    @Test
    void everyReDecisionDrawsTheSame() {
        Signal signal = issue("s7", Signal.Severity.NORMAL);
        Recipient spelledOtherwise = new Recipient("003A", "  Ada@Example.COM ", "Ada", "America/New_York", false,
                Map.of());
        TimingRules rules = tenPercent().withDefaultZone(ZoneId.of("Asia/Tokyo"));

        for (String now : List.of(DAYTIME, "2026-11-26T22:30:00Z", "2026-11-28T07:00:00Z", "2026-12-24T12:00:00Z")) {
            assertThat(decide(now, rules, signal).sentence()).as(now).isEqualTo(SENTENCE);
            assertThat(decide(now, rules, signal, spelledOtherwise, List.of(), ContactFacts.none()).sentence())
                    .as("another spelling of the address, at " + now).isEqualTo(SENTENCE);
            assertThat(decide(now, rules, issue("s1", Signal.Severity.NORMAL)).outcome()).as(now)
                    .isNotEqualTo(Outcome.HOLD_OUT);
        }
    }

    @Test
    void aContactHeldOutOfASignalStaysOutOfItsRepeatsByTheKindsDedupKey() {
        Signal repeat = issue("s1", Signal.Severity.NORMAL);
        LedgerEntry heldOut = new LedgerEntry(EMAIL, "s7", KNOWN_ISSUE.name(), "KI-0042", "email",
                LedgerEntry.Decision.HELD_OUT, "CONTROL_GROUP", SENTENCE, null, Instant.parse("2026-11-25T10:00:00Z"));

        Decision decision = decide(DAYTIME, tenPercent(), repeat, recipient(BERLIN), List.of(heldOut),
                ContactFacts.none());

        assertThat(decision.outcome()).isEqualTo(Outcome.HOLD_OUT);
        assertThat(decision.code()).isEqualTo(ReasonCode.CONTROL_GROUP);
        assertThat(decision.sentence()).isEqualTo("Held out: the contact is in the control group of the same "
                + "KNOWN_ISSUE signal KI-0042 since 2026-11-25 10:00 UTC; not messaged, so the message's effect can "
                + "be measured.");
        assertThat(decide(DAYTIME, tenPercent().withDedup(TimingRules.DedupKey.SIGNAL, null), repeat,
                recipient(BERLIN), List.of(heldOut), ContactFacts.none()).outcome())
                .as("dedup by signal: another signal of the record is another experiment").isEqualTo(Outcome.SEND);
        assertThat(decide(DAYTIME, tenPercent().withDedup(TimingRules.DedupKey.RECORD, Duration.ofHours(12)),
                repeat, recipient(BERLIN), List.of(heldOut), ContactFacts.none()).outcome())
                .as("outside the dedup window").isEqualTo(Outcome.SEND);
        assertThat(decide(DAYTIME, TimingRules.defaults(), repeat, recipient(BERLIN), List.of(heldOut),
                ContactFacts.none()).outcome()).as("the kind has no holdout any more").isEqualTo(Outcome.SEND);
        assertThat(decide(DAYTIME, tenPercent(), issue("s1", Signal.Severity.CRITICAL), recipient(BERLIN),
                List.of(heldOut), ContactFacts.none()).outcome()).isEqualTo(Outcome.SEND);
    }
}
