package io.kairos.timing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.support.MutableClock;
import io.kairos.timing.ActivityHistogram.ZoneSource;
import io.kairos.timing.Decision.Outcome;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Send-time's promises over random histories, zones, clocks and rules, daylight-saving days included: never before
 * now, never in quiet hours or outside the send window unless CRITICAL, never at or past expiry, never later than the
 * window past the moment the rules allowed without it, CRITICAL untouched, and the re-decision at the chosen moment
 * sends.
 */
class SendTimePropertiesTest {

    private static final long SEED = 20261207L;
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();
    private static final List<ZoneId> DST_ZONES = List.of(ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"));

    private final Random random = new Random(SEED);

    @Test
    void sendTimeKeepsEveryPromise() {
        int moved = 0;
        int dstDays = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean dst = random.nextInt(3) == 0;
            ZoneId zone = dst ? DST_ZONES.get(random.nextInt(DST_ZONES.size())) : ZoneId.of(ZONES.get(
                    random.nextInt(ZONES.size())));
            Instant now = dst ? aroundDstChange(zone) : Instant.parse("2024-01-01T00:00:00Z")
                    .plus(Duration.ofMinutes(random.nextInt(6 * 365 * 24 * 60)));
            dstDays += dst ? 1 : 0;
            TimingRules rules = randomRules(zone);
            SendTimeRules sendTime = new SendTimeRules(true, Duration.ofHours(1 + random.nextInt(48)),
                    Duration.ofHours(1 + random.nextInt(6)));
            TimingPolicySettings settings = new TimingPolicySettings(rules, Map.of()).withSendTime(sendTime, Map.of());
            Recipient recipient = new Recipient("003", TimingFixtures.EMAIL, "Ada",
                    random.nextInt(5) == 0 ? null : zone.getId(), false, Map.of());
            Signal signal = randomSignal("s" + i, now);
            ActivityHistogram activity = randomHistory(now, zone);
            ContactFacts without = ContactFacts.none();
            ContactFacts with = without.withActivity(Optional.of(activity));
            String input = "case " + i + ": now=" + now + " rules=" + rules + " sendTime=" + sendTime + " zone="
                    + recipient.timeZone() + " signal=" + signal + " activity=" + activity;

            TimingPolicy policy = new TimingPolicy(settings, new MutableClock(now));
            Decision base = policy.decide(signal, recipient, "email", List.of(), without);
            Decision decision = policy.decide(signal, recipient, "email", List.of(), with);

            if (base.outcome() == Outcome.SEND || base.outcome() == Outcome.DEFER) {
                assertThat(decision.outcome()).as("sent or deferred as before, %s", input)
                        .isIn(Outcome.SEND, Outcome.DEFER);
            } else {
                assertThat(decision).as("suppressed or held as before, %s", input).isEqualTo(base);
            }
            if (signal.severity() == Signal.Severity.CRITICAL) {
                assertThat(decision).as("CRITICAL untouched, %s", input).isEqualTo(base);
            }
            if (decision.outcome() != Outcome.SEND && decision.outcome() != Outcome.DEFER) {
                continue;
            }
            Instant at = decision.sendAt();
            Duration window = signal.severity() == Signal.Severity.HIGH ? sendTime.highWindow() : sendTime.window();
            assertThat(at).as("never before now, %s", input).isAfterOrEqualTo(now);
            assertThat(at).as("never before the rules allow, %s", input).isAfterOrEqualTo(base.sendAt());
            assertThat(at).as("never later than the window, %s", input).isBeforeOrEqualTo(base.sendAt().plus(window));
            if (signal.severity() != Signal.Severity.CRITICAL) {
                ZoneId decisionZone = recipient.timeZone() == null ? rules.defaultZone() : zone;
                assertThat(RulesOracle.isQuiet(at, rules, decisionZone)).as("never in quiet hours, %s", input)
                        .isFalse();
                assertThat(RulesOracle.inSendWindow(at, rules.sendWindow(), decisionZone))
                        .as("inside the send window, %s", input).isTrue();
            }
            if (signal.endsAt() != null) {
                assertThat(at).as("before the end, %s", input).isBefore(signal.endsAt());
            }
            if (decision.code() == ReasonCode.SEND_TIME || !at.equals(base.sendAt())) {
                assertThat(decision.sentence()).as("says why, %s", input).contains("usually active ");
                moved++;
                Decision atDispatch = new TimingPolicy(settings, new MutableClock(at))
                        .decide(signal, recipient, "email", List.of(), with);
                assertThat(atDispatch.outcome()).as("the re-decision at the chosen moment sends, %s", input)
                        .isEqualTo(Outcome.SEND);
            }
        }
        assertThat(moved).as("send-time moved enough cases to mean something").isGreaterThan(2_000);
        assertThat(dstDays).isGreaterThan(5_000);
    }

    /** A moment within a day of a daylight-saving change of the zone (Berlin: last Sundays of March and October). */
    private Instant aroundDstChange(ZoneId zone) {
        int year = 2024 + random.nextInt(6);
        boolean spring = random.nextBoolean();
        LocalDate day = zone.getId().equals("Europe/Berlin")
                ? LocalDate.of(year, spring ? 3 : 10, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY))
                : spring ? LocalDate.of(year, 3, 1).with(TemporalAdjusters.dayOfWeekInMonth(2, DayOfWeek.SUNDAY))
                : LocalDate.of(year, 11, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.SUNDAY));
        return ZonedDateTime.of(day, LocalTime.MIDNIGHT, zone).toInstant()
                .plus(Duration.ofMinutes(random.nextInt(48 * 60) - 24 * 60));
    }

    private TimingRules randomRules(ZoneId zone) {
        TimingRules rules = new TimingRules(randomTime(), randomTime(), random.nextBoolean() ? zone : ZoneId.of("UTC"),
                List.of(), TimingRules.OverCap.DEFER, random.nextBoolean(), false);
        if (random.nextInt(4) == 0) {
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (DayOfWeek day : DayOfWeek.values()) {
                if (random.nextInt(3) > 0) {
                    days.add(day);
                }
            }
            days.add(DayOfWeek.values()[random.nextInt(7)]);
            SendWindow window = new SendWindow(LocalTime.of(6 + random.nextInt(5), 0),
                    LocalTime.of(15 + random.nextInt(4), 30), days);
            try {
                rules = rules.withSendWindow(window);
            } catch (IllegalArgumentException whollyQuiet) {
                // A window wholly inside these quiet hours is refused at load: keep the rules without one.
            }
        }
        if (random.nextInt(4) == 0) {
            rules = rules.withExpiresAfter(Duration.ofMinutes(30 + random.nextInt(3 * 24 * 60)));
        }
        return rules;
    }

    private LocalTime randomTime() {
        return LocalTime.of(random.nextInt(24), random.nextInt(4) * 15);
    }

    private Signal randomSignal(String id, Instant now) {
        Signal.Severity severity = Signal.Severity.values()[random.nextInt(Signal.Severity.values().length)];
        Instant endsAt = random.nextInt(4) == 0 ? now.plus(Duration.ofMinutes(1 + random.nextInt(3 * 24 * 60))) : null;
        Instant received = now.minus(Duration.ofMinutes(random.nextInt(90)));
        return new Signal(id, "d-" + id, "test", Signal.Type.ANNOUNCEMENT, null, severity, "T", "B", null, null,
                endsAt, null, received);
    }

    /** A contact busy in one to three favourite hours, with some noise, over the last eight weeks. */
    private ActivityHistogram randomHistory(Instant now, ZoneId contactZone) {
        ZoneSource source = ZoneSource.values()[random.nextInt(ZoneSource.values().length)];
        ZoneId zone = source == ZoneSource.DEFAULT ? ZoneId.of("UTC") : contactZone;
        ActivityHistogram h = ActivityHistogram.empty(zone, source);
        int[] favourites = {random.nextInt(24), random.nextInt(24), random.nextInt(24)};
        for (int e = 3 + random.nextInt(30); e > 0; e--) {
            ZonedDateTime day = now.minus(Duration.ofDays(random.nextInt(56))).atZone(zone);
            int hour = random.nextInt(5) == 0 ? random.nextInt(24) : favourites[random.nextInt(favourites.length)];
            Instant at = day.withHour(hour).withMinute(random.nextInt(60)).toInstant();
            h = h.record(at.isAfter(now) ? now : at, zone, source);
        }
        return h;
    }
}
