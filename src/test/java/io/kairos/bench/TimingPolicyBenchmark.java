package io.kairos.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.ledger.LedgerEntry;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.kairos.timing.ContactFacts;
import io.kairos.timing.Decision;
import io.kairos.timing.OpenTicket;
import io.kairos.timing.TimingPolicy;
import io.kairos.timing.TimingPolicySettings;
import io.kairos.timing.TimingRules;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Timing decisions per second on one thread, for realistic history sizes: each contact has 0, 5, 20 or 100 ledger
 * entries of the last 7 days (0–3 of them sends, as the caps allow; some about the same record), zones
 * drawn from 12 IANA zones, one contact in 50 on the suppression list, one in 20 with an open ticket, one in 10 opted
 * out, over a day's worth of clock times so quiet hours, caps and dedup all fire.
 *
 * <p>The baseline in the same run is the cheapest policy worth having: quiet hours only, read in the contact's zone
 * with {@code java.time} (what any proactive tool does); the difference is what the full rule set costs.
 *
 * <p>Not part of the test suite; run it by name:
 * <pre>./mvnw -q test -Dtest=TimingPolicyBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * Knobs: {@code bench.contacts} (100000 decisions per round), {@code bench.rounds} (5).
 */
class TimingPolicyBenchmark {

    private static final int CONTACTS = Integer.getInteger("bench.contacts", 100_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int[] HISTORY_SIZES = {0, 5, 20, 100};
    private static final List<String> ZONES = List.of("Europe/Berlin", "Europe/London", "America/New_York",
            "America/Los_Angeles", "America/Sao_Paulo", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney",
            "Africa/Lagos", "Pacific/Auckland", "UTC", "Not/AZone");
    private static final Instant DAY = Instant.parse("2026-11-26T00:00:00Z");

    private long sink;

    @Test
    void decisionsPerSecond() throws IOException {
        BenchReport out = new BenchReport();
        out.line("%n=== TimingPolicyBenchmark: %d decisions per round, %d rounds, one thread ===%n", CONTACTS, ROUNDS);
        out.line("%-9s %18s %18s %12s %10s  %s%n", "history", "policy dec/s (med)", "baseline dec/s", "policy/base",
                "100k in", "outcomes of the last round");
        for (int size : HISTORY_SIZES) {
            Case[] cases = cases(size, new Random(42 + size));
            double[] policy = new double[ROUNDS];
            double[] baseline = new double[ROUNDS];
            Map<Decision.Outcome, Integer> outcomes = new EnumMap<>(Decision.Outcome.class);
            run(cases, true, outcomes); // warm-up
            run(cases, false, null);
            for (int r = 0; r < ROUNDS; r++) {
                outcomes.clear();
                // Alternating, so drift (JIT, GC, neighbours) falls on both alike.
                policy[r] = run(cases, true, outcomes);
                baseline[r] = run(cases, false, null);
            }
            double p = median(policy);
            double b = median(baseline);
            out.line("%-9s %,18.0f %,18.0f %11.2fx %9.2fs  %s%n", size + " entries", p, b, p / b, 100_000 / p,
                    outcomes);
            assertThat(outcomes.keySet()).as("every outcome occurs, so every rule ran, %s entries", size).contains(
                    Decision.Outcome.SEND, Decision.Outcome.DEFER, Decision.Outcome.SUPPRESS,
                    Decision.Outcome.HOLD_FOR_TICKET);
        }
        out.line("(sink %d)%n", sink);
        System.out.println("(also written to " + out.write("TimingPolicyBenchmark") + ")");
    }

    /** @return decisions per second */
    private double run(Case[] cases, boolean full, Map<Decision.Outcome, Integer> outcomes) {
        long start = System.nanoTime();
        for (Case c : cases) {
            if (full) {
                Decision d = c.policy.decide(c.signal, c.recipient, "email", c.history, c.facts);
                sink += d.sentence().length();
                if (outcomes != null) {
                    outcomes.merge(d.outcome(), 1, Integer::sum);
                }
            } else {
                sink += quietOnly(c) ? 1 : 0;
            }
        }
        return cases.length / ((System.nanoTime() - start) / 1e9);
    }

    /** The baseline: is it inside 20:00–08:00 in the contact's zone (UTC when unknown)? */
    private static boolean quietOnly(Case c) {
        ZoneId zone;
        try {
            zone = ZoneId.of(c.recipient.timeZone());
        } catch (RuntimeException unknown) {
            zone = ZoneOffset.UTC;
        }
        LocalTime local = c.now.atZone(zone).toLocalTime();
        return !local.isBefore(LocalTime.of(20, 0)) || local.isBefore(LocalTime.of(8, 0));
    }

    private static Case[] cases(int historySize, Random random) {
        TimingPolicySettings settings = TimingPolicySettings.standard();
        Case[] cases = new Case[CONTACTS];
        // One policy per clock minute of the day: the clock is injected, as in the app.
        TimingPolicy[] policies = new TimingPolicy[24 * 60];
        for (int m = 0; m < policies.length; m++) {
            policies[m] = new TimingPolicy(settings, Clock.fixed(DAY.plus(Duration.ofMinutes(m)), ZoneOffset.UTC));
        }
        Signal.Type[] types = SignalCatalog.BUILT_IN.types().toArray(Signal.Type[]::new);
        for (int i = 0; i < CONTACTS; i++) {
            int minute = random.nextInt(policies.length);
            Instant now = DAY.plus(Duration.ofMinutes(minute));
            Signal.Type type = types[random.nextInt(types.length)];
            String record = "R" + random.nextInt(50);
            Signal signal = new Signal("sig-" + i, "k-" + i, "bench", type, record,
                    random.nextInt(10) == 0 ? Signal.Severity.CRITICAL : Signal.Severity.NORMAL, "Title", null,
                    "Widget Pro", null, random.nextInt(20) == 0 ? now.minusSeconds(60) : null, null, now);
            String email = "c" + i + "@example.com";
            Recipient recipient = new Recipient("003" + i, email, "Contact " + i, ZONES.get(random.nextInt(ZONES.size())),
                    random.nextInt(10) == 0, Map.of());
            List<LedgerEntry> history = new ArrayList<>(historySize);
            // Caps keep real histories at a few sends a week; the rest are deferrals and suppressions.
            int sends = Math.min(historySize, random.nextInt(4));
            for (int h = 0; h < historySize; h++) {
                LedgerEntry.Decision decision = h < sends ? LedgerEntry.Decision.SENT
                        : random.nextBoolean() ? LedgerEntry.Decision.DEFERRED : LedgerEntry.Decision.SUPPRESSED;
                history.add(new LedgerEntry(email, "old-" + h, types[random.nextInt(types.length)].name(),
                        "R" + random.nextInt(50), "intercom", decision, null, null, null,
                        now.minusSeconds(random.nextInt(7 * 24 * 3600))));
            }
            ContactFacts facts = new ContactFacts(
                    random.nextInt(20) == 0 ? Optional.of(new OpenTicket(35000 + i, "Ticket")) : Optional.empty(),
                    Optional.empty(), random.nextInt(50) == 0 ? Optional.of("listed") : Optional.empty());
            cases[i] = new Case(policies[minute], now, signal, recipient, history, facts);
        }
        return cases;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private record Case(TimingPolicy policy, Instant now, Signal signal, Recipient recipient,
                        List<LedgerEntry> history, ContactFacts facts) { }
}
