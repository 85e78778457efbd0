package io.kairos.timing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.ledger.LedgerEntry;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.kairos.support.MutableClock;
import io.kairos.timing.Decision.Outcome;
import io.kairos.timing.TimingRules.Cap;
import io.kairos.timing.TimingRules.OverCap;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Invariants of the timing policy over thousands of random zones, instants, rules and histories. */
class TimingPolicyPropertiesTest {

    private static final long SEED = 20261126L;
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();
    private static final Instant FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2040-01-01T00:00:00Z");

    private final Random random = new Random(SEED);

    @Test
    void singleDecisionsKeepTheirPromises() {
        for (int i = 0; i < 20_000; i++) {
            Instant now = randomInstant();
            TimingRules rules = randomRules();
            Recipient recipient = new Recipient("003", TimingFixtures.EMAIL, "Ada", randomZone(), random.nextInt(5) == 0,
                    Map.of());
            Signal signal = randomSignal("s" + i, now);
            String channel = random.nextBoolean() ? "email" : "in_app";
            List<LedgerEntry> history = randomHistory(now);
            Optional<OpenTicket> ticket = random.nextInt(10) == 0 ? Optional.of(new OpenTicket(i, "t")) : Optional.empty();
            Optional<String> listed = random.nextInt(10) == 0 ? Optional.of("listed") : Optional.empty();
            ContactFacts facts = new ContactFacts(ticket, Optional.empty(), listed);
            String input = "case " + i + ": now=" + now + " rules=" + rules + " recipient=" + recipient + " signal="
                    + signal + " channel=" + channel + " history=" + history + " facts=" + facts;

            Decision decision = policy(rules, now).decide(signal, recipient, channel, history, facts);

            assertThat(policy(rules, now).decide(signal, recipient, channel, List.copyOf(history), facts))
                    .as("deterministic, %s", input).isEqualTo(decision);
            if (listed.isPresent()) {
                assertThat(decision.outcome()).as("the suppression list wins on every channel, %s", input)
                        .isEqualTo(Outcome.SUPPRESS);
            }
            if (decision.outcome() == Outcome.HOLD_FOR_TICKET) {
                assertThat(Optional.of(decision.heldFor())).as("held for the open ticket, %s", input)
                        .isEqualTo(ticket);
            }
            checkPromises(decision, now, rules, recipient, signal, history, input);
            if (recipient.optedOutOfEmail() && ("email".equals(channel) || rules.inAppRespectsEmailOptOut())) {
                assertThat(decision.outcome()).as("opt-out wins over any severity, %s", input)
                        .isEqualTo(Outcome.SUPPRESS);
            }
        }
    }

    @Test
    void quietHoursEndingInGapsAndOverlapsDeferToTheFirstAllowedInstant() {
        List<ZoneId> zonesWithTransitions = ZONES.stream().map(ZoneId::of)
                .filter(zone -> !zone.getRules().isFixedOffset()).toList();
        int checked = 0;
        for (int i = 0; i < 5_000; i++) {
            ZoneId zone = zonesWithTransitions.get(random.nextInt(zonesWithTransitions.size()));
            ZoneOffsetTransition transition = zone.getRules().nextTransition(randomInstant());
            if (transition == null) {
                continue;
            }
            long shiftMinutes = Math.abs(transition.getDuration().toMinutes());
            LocalDateTime changeStart = transition.isGap() ? transition.getDateTimeBefore()
                    : transition.getDateTimeAfter();
            LocalTime end = changeStart.plusMinutes(random.nextLong(shiftMinutes + 1)).toLocalTime();
            LocalTime start = end.minusHours(1 + random.nextInt(12));
            TimingRules rules = TimingRules.defaults().withQuietHours(start, end).withCaps(List.of());
            Instant now = transition.getInstant().plus(Duration.ofMinutes(random.nextInt(270) - 180));
            Recipient recipient = new Recipient("003", TimingFixtures.EMAIL, "Ada", zone.getId(), false, Map.of());
            String input = "case " + i + ": zone=" + zone + " transition=" + transition + " quiet=" + start + "–" + end
                    + " now=" + now;

            Decision decision = policy(rules, now).decide(TimingFixtures.delay("s" + i, "1"), recipient, "email",
                    List.of(), Optional.empty());

            if (!isQuiet(now, rules, recipient)) {
                assertThat(decision.outcome()).as(input).isEqualTo(Outcome.SEND);
                continue;
            }
            checked++;
            assertThat(decision.outcome()).as(input).isEqualTo(Outcome.DEFER);
            assertThat(isQuiet(decision.sendAt(), rules, recipient)).as(input).isFalse();
            for (Instant t = now; t.isBefore(decision.sendAt()); t = t.plusSeconds(60)) {
                assertThat(isQuiet(t, rules, recipient)).as("no earlier allowed moment at %s, %s", t, input).isTrue();
            }
            assertThat(isQuiet(decision.sendAt().minusSeconds(1), rules, recipient)).as(input).isTrue();
        }
        assertThat(checked).isGreaterThan(1_000);
    }

    @Test
    void delaysAndSendWindowsDeferToTheEarliestMomentEveryRuleAllows() {
        int checked = 0;
        for (int i = 0; i < 200; i++) {
            Instant now = randomInstant();
            Recipient recipient = new Recipient("003", TimingFixtures.EMAIL, "Ada", randomZone(), false, Map.of());
            EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (DayOfWeek day : DayOfWeek.values()) {
                if (random.nextInt(3) > 0) {
                    days.add(day);
                }
            }
            LocalTime from = randomTime();
            LocalTime to = randomTime();
            TimingRules rules;
            try {
                rules = TimingRules.defaults().withCaps(List.of()).withQuietHours(randomTime(), randomTime())
                        .withDelay(Duration.ofMinutes(random.nextInt(3 * 24 * 60)))
                        .withSendWindow(days.isEmpty() || from.equals(to) ? null : new SendWindow(from, to, days));
            } catch (IllegalArgumentException windowInsideQuietHours) {
                continue;
            }
            Signal signal = new Signal("s" + i, "k" + i, "test", Signal.Type.valueOf("ONBOARDING"), "rec",
                    Signal.Severity.NORMAL, null, null, null, now.minus(Duration.ofMinutes(random.nextInt(2 * 24 * 60))),
                    null, null, now);
            String input = "case " + i + ": now=" + now + " rules=" + rules + " recipient=" + recipient + " signal="
                    + signal;

            Decision decision = policy(rules, now).decide(signal, recipient, "email", List.of(), Optional.empty());

            Instant notBefore = signal.startsAt().plus(rules.delay());
            Instant earliest = notBefore.isAfter(now) ? notBefore : now;
            assertThat(decision.outcome()).as(input).isIn(Outcome.SEND, Outcome.DEFER);
            assertThat(allowed(decision.sendAt(), rules, recipient) && !decision.sendAt().isBefore(earliest))
                    .as("%s allowed, %s", decision.sendAt(), input).isTrue();
            for (Instant t = earliest; t.isBefore(decision.sendAt()); t = t.plusSeconds(60)) {
                assertThat(allowed(t, rules, recipient)).as("no earlier allowed moment at %s, %s", t, input).isFalse();
            }
            checked += decision.outcome() == Outcome.DEFER ? 1 : 0;
        }
        assertThat(checked).isGreaterThan(50);
    }

    /** Outside quiet hours and inside the send window, read straight from the rules. */
    private static boolean allowed(Instant instant, TimingRules rules, Recipient recipient) {
        return RulesOracle.allowed(instant, rules, zoneOf(rules, recipient));
    }

    @Test
    void aStreamOfSignalsNeverExceedsACapNorRepeatsASignal() {
        for (int run = 0; run < 300; run++) {
            TimingRules rules = randomRules().withOverCap(OverCap.DEFER);
            Recipient recipient = new Recipient("003", TimingFixtures.EMAIL, "Ada", randomZone(), false, Map.of());
            MutableClock clock = new MutableClock(randomInstant());
            TimingPolicy policy = new TimingPolicy(new TimingPolicySettings(rules, Map.of()), clock);
            List<LedgerEntry> history = new ArrayList<>();
            List<Instant> dueDeferrals = new ArrayList<>();
            List<Signal> deferred = new ArrayList<>();
            String input = "run " + run + ": rules=" + rules + " zone=" + recipient.timeZone();

            for (int step = 0; step < 40; step++) {
                clock.advance(Duration.ofMinutes(random.nextInt(24 * 60)));
                // Deferred messages come due first, as the dispatcher would re-check them.
                for (int d = 0; d < deferred.size(); d++) {
                    if (!dueDeferrals.get(d).isAfter(clock.instant())) {
                        Signal signal = deferred.remove(d);
                        dueDeferrals.remove(d);
                        d--;
                        apply(policy, clock, rules, signal, recipient, history, deferred, dueDeferrals, input);
                    }
                }
                // Redeliveries of an earlier order's signal come as new signal ids about the same record.
                String order = "order-" + random.nextInt(15);
                Signal signal = TimingFixtures.signal(run + "-" + step, Signal.Type.ORDER_DELAY, order,
                        random.nextInt(8) == 0 ? Signal.Severity.CRITICAL : Signal.Severity.NORMAL, null);
                apply(policy, clock, rules, signal, recipient, history, deferred, dueDeferrals, input);
            }

            List<LedgerEntry> sends = history.stream().filter(e -> e.decision() == LedgerEntry.Decision.SENT).toList();
            assertThat(sends.stream().map(LedgerEntry::recordId).distinct().count())
                    .as("one send per signal, %s", input).isEqualTo(sends.size());
            for (Cap cap : rules.caps()) {
                for (LedgerEntry send : sends) {
                    long inWindow = sends.stream().filter(s -> !s.occurredAt().isAfter(send.occurredAt())
                            && s.occurredAt().isAfter(send.occurredAt().minus(cap.window()))).count();
                    assertThat(inWindow).as("cap %s at %s, %s", cap, send.occurredAt(), input)
                            .isLessThanOrEqualTo(cap.max());
                }
            }
        }
    }

    private void apply(TimingPolicy policy, MutableClock clock, TimingRules rules, Signal signal, Recipient recipient,
                       List<LedgerEntry> history, List<Signal> deferred, List<Instant> dueDeferrals, String input) {
        Decision decision = policy.decide(signal, recipient, "email", history, Optional.empty());
        checkPromises(decision, clock.instant(), rules, recipient, signal, history, input);
        switch (decision.outcome()) {
            case SEND -> history.add(TimingFixtures.entry(signal, LedgerEntry.Decision.SENT, clock.instant()));
            case DEFER -> {
                history.add(TimingFixtures.entry(signal, LedgerEntry.Decision.DEFERRED, clock.instant()));
                deferred.add(signal);
                dueDeferrals.add(decision.sendAt());
            }
            default -> history.add(TimingFixtures.entry(signal, LedgerEntry.Decision.SUPPRESSED, clock.instant()));
        }
    }

    private static void checkPromises(Decision decision, Instant now, TimingRules rules, Recipient recipient,
                                      Signal signal, List<LedgerEntry> history, String input) {
        boolean mayBypass = signal.severity() == Signal.Severity.CRITICAL && rules.criticalBypassesQuietHours();
        switch (decision.outcome()) {
            case SEND -> {
                assertThat(decision.sendAt()).as("send now, %s", input).isEqualTo(now);
                if (decision.code() == ReasonCode.CRITICAL_BYPASS) {
                    assertThat(mayBypass).as("bypass only for CRITICAL, %s", input).isTrue();
                } else {
                    assertThat(isQuiet(now, rules, recipient)).as("no send in quiet hours, %s", input).isFalse();
                }
            }
            case DEFER -> {
                assertThat(decision.sendAt()).as("deferred into the future, %s", input).isAfter(now);
                if (!mayBypass) {
                    assertThat(isQuiet(decision.sendAt(), rules, recipient))
                            .as("deferred out of quiet hours, %s", input).isFalse();
                }
                if (decision.code() == ReasonCode.QUIET_HOURS) {
                    assertThat(isQuiet(decision.sendAt().minusSeconds(1), rules, recipient))
                            .as("deferred to the first moment quiet hours end, %s", input).isTrue();
                }
                if (signal.endsAt() != null) {
                    assertThat(decision.sendAt()).as("deferred before the end, %s", input).isBefore(signal.endsAt());
                }
            }
            default -> assertThat(decision.sendAt()).as("no send-at, %s", input).isNull();
        }
        if ((decision.outcome() == Outcome.SEND || decision.outcome() == Outcome.DEFER)) {
            for (Cap cap : rules.caps()) {
                long counted = history.stream()
                        .filter(e -> e.decision() == LedgerEntry.Decision.SENT
                                || e.decision() == LedgerEntry.Decision.NEEDS_RECONCILE)
                        .filter(e -> e.occurredAt().isAfter(decision.sendAt().minus(cap.window())))
                        .count();
                assertThat(counted).as("room under %s, %s", cap, input).isLessThan(cap.max());
            }
        }
        if (decision.outcome() == Outcome.SEND || decision.outcome() == Outcome.DEFER) {
            assertThat(signal.endsAt() == null || signal.endsAt().isAfter(now)).as("not expired, %s", input).isTrue();
        }
    }

    /** Quiet hours read straight from the rules, independently of the policy's own implementation. */
    private static boolean isQuiet(Instant instant, TimingRules rules, Recipient recipient) {
        return RulesOracle.isQuiet(instant, rules, zoneOf(rules, recipient));
    }

    private static ZoneId zoneOf(TimingRules rules, Recipient recipient) {
        return ZoneId.getAvailableZoneIds().contains(recipient.timeZone())
                ? ZoneId.of(recipient.timeZone()) : rules.defaultZone();
    }

    private static TimingPolicy policy(TimingRules rules, Instant now) {
        return new TimingPolicy(new TimingPolicySettings(rules, Map.of()), new MutableClock(now));
    }

    private Instant randomInstant() {
        return FROM.plusSeconds((long) (random.nextDouble() * Duration.between(FROM, TO).toSeconds()));
    }

    private String randomZone() {
        return random.nextInt(10) == 0 ? null : ZONES.get(random.nextInt(ZONES.size()));
    }

    private LocalTime randomTime() {
        // Half of the ends fall on the half hour DST gaps and overlaps are made of.
        return random.nextBoolean() ? LocalTime.of(random.nextInt(24), random.nextBoolean() ? 0 : 30)
                : LocalTime.of(random.nextInt(24), random.nextInt(60));
    }

    private TimingRules randomRules() {
        List<Cap> caps = new ArrayList<>();
        for (int c = random.nextInt(3); c > 0; c--) {
            caps.add(new Cap(1 + random.nextInt(4), Duration.ofHours(1 + random.nextInt(24 * 8))));
        }
        return new TimingRules(randomTime(), randomTime(), ZoneId.of(ZONES.get(random.nextInt(ZONES.size()))), caps,
                random.nextBoolean() ? OverCap.DEFER : OverCap.SUPPRESS, random.nextBoolean(), random.nextBoolean());
    }

    private Signal randomSignal(String id, Instant now) {
        Signal.Type type = SignalCatalog.BUILT_IN.types().toArray(Signal.Type[]::new)[random.nextInt(SignalCatalog.BUILT_IN.types().toArray(Signal.Type[]::new).length)];
        Signal.Severity severity = Signal.Severity.values()[random.nextInt(Signal.Severity.values().length)];
        Instant endsAt = random.nextInt(4) == 0 ? now.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60) - 600)) : null;
        return TimingFixtures.signal(id, type, random.nextInt(5) == 0 ? null : "rec-" + random.nextInt(6), severity,
                endsAt);
    }

    private List<LedgerEntry> randomHistory(Instant now) {
        List<LedgerEntry> history = new ArrayList<>();
        for (int e = random.nextInt(8); e > 0; e--) {
            Signal earlier = randomSignal("h" + random.nextInt(4), now);
            LedgerEntry.Decision decision = LedgerEntry.Decision.values()[random.nextInt(
                    LedgerEntry.Decision.values().length)];
            history.add(TimingFixtures.entry(earlier, decision, now.minus(Duration.ofMinutes(random.nextInt(
                    10 * 24 * 60)))));
        }
        return history;
    }
}
