package io.kairos.impact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * Notified customers against the held-out control group for one outcome (a ticket within N days): both shares
 * with 95 % Wilson score intervals, the reduction (held-out share minus notified share) with a 95 % interval by
 * Newcombe's hybrid score method (Newcombe 1998, method 10: built from the two Wilson intervals, so it stays inside
 * [-1, 1] and behaves at 0 and n events where the textbook Wald interval does not), and the tickets avoided among
 * the notified. Below the minimum sample, in either group, the figures are there but {@link #enough()} is false:
 * say "not enough data yet" rather than a number.
 *
 * @param reduction    held-out share minus notified share; positive when the message means fewer tickets
 * @param avoided      reduction × notified customers, with the interval's bounds × notified customers
 * @param minGroupSize the customers each group needs before the comparison says anything
 */
public record ControlGroupComparison(Share notified, Share heldOut, Interval reduction, Interval avoided,
                                     int minGroupSize, @JsonIgnore Experiment experiment) {

    public ControlGroupComparison {
        experiment = experiment == null ? Experiment.CONTROL_GROUP : experiment;
    }

    /** z for a two-sided 95 % interval. */
    static final double Z = 1.959963984540054;

    /** Customers in a group, how many had the outcome, the share and its 95 % Wilson score interval. */
    public record Share(long customers, long ticketed, double share, double low, double high) {

        /** NaN share and bounds for an empty group. */
        public static Share of(long customers, long ticketed) {
            if (customers < 0 || ticketed < 0 || ticketed > customers) {
                throw new IllegalArgumentException("ticketed must be 0 to customers: " + ticketed + " of "
                        + customers);
            }
            if (customers == 0) {
                return new Share(0, 0, Double.NaN, Double.NaN, Double.NaN);
            }
            double n = customers;
            double p = ticketed / n;
            double z2 = Z * Z;
            double centre = p + z2 / (2 * n);
            double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
            double scale = 1 + z2 / n;
            // At 0 and n events the bound is exactly 0 or 1; rounding must not push it past the estimate.
            return new Share(customers, ticketed, p, Math.min(p, (centre - half) / scale),
                    Math.max(p, (centre + half) / scale));
        }
    }

    /** An estimate and its 95 % interval. */
    public record Interval(double estimate, double low, double high) { }

    public static ControlGroupComparison of(long notified, long notifiedTicketed, long heldOut, long heldOutTicketed,
                                            int minGroupSize) {
        return of(notified, notifiedTicketed, heldOut, heldOutTicketed, minGroupSize, Experiment.CONTROL_GROUP);
    }

    /**
     * For the send-time experiment "notified" is the active-hour arm and "held out" the at-once arm: the same
     * arithmetic, the experiment's words.
     */
    public static ControlGroupComparison of(long notified, long notifiedTicketed, long heldOut, long heldOutTicketed,
                                            int minGroupSize, Experiment experiment) {
        Share told = Share.of(notified, notifiedTicketed);
        Share held = Share.of(heldOut, heldOutTicketed);
        double d = held.share() - told.share();
        // Newcombe's method 10 for p1 - p2 with p1 the held-out share, p2 the notified one.
        double low = d - Math.sqrt(square(held.share() - held.low()) + square(told.high() - told.share()));
        double high = d + Math.sqrt(square(held.high() - held.share()) + square(told.share() - told.low()));
        Interval reduction = new Interval(d, low, high);
        Interval avoided = new Interval(d * notified, low * notified, high * notified);
        return new ControlGroupComparison(told, held, reduction, avoided, Math.max(1, minGroupSize), experiment);
    }

    /** Both groups hold at least the minimum sample. */
    @JsonProperty
    public boolean enough() {
        return notified.customers() >= minGroupSize && heldOut.customers() >= minGroupSize;
    }

    /** "not enough data yet: 40 held out, 100 needed" (the short group first), or null when there is enough. */
    @JsonProperty
    public String shortfall() {
        if (enough()) {
            return null;
        }
        boolean heldShort = heldOut.customers() < minGroupSize;
        return "not enough data yet: %s %s, %s needed".formatted(count(heldShort ? heldOut.customers()
                : notified.customers()), heldShort ? experiment.controlShort() : experiment.treatedShort(),
                count(minGroupSize));
    }

    /**
     * The plain sentence: "KNOWN_ISSUE: 12.0 % of notified customers opened a ticket about it within 7 days, 20.0 %
     * of held-out ones: 8.0 points fewer (95 % CI 6.1 to 9.9), about 1,440 tickets avoided", or the shortfall.
     *
     * @param outcome what the customers did, as it reads after "opened": "a ticket about it", "any ticket"
     */
    public String sentence(String subject, String outcome, int withinDays) {
        return sentence(subject, "opened " + outcome, withinDays, true);
    }

    /**
     * The same for any outcome: {@code did} reads after the group ("answered the message"); {@code tickets} adds the
     * tickets avoided, which only a ticket outcome has.
     */
    public String sentence(String subject, String did, int withinDays, boolean tickets) {
        if (!enough()) {
            return subject + ": " + shortfall();
        }
        boolean fewer = reduction.estimate() >= 0;
        // "points more" reads with the interval of the increase, so both bounds keep the sentence's direction.
        double from = fewer ? reduction.low() : -reduction.high();
        double to = fewer ? reduction.high() : -reduction.low();
        String avoidedText = Math.round(avoided.estimate()) > 0
                ? "about " + count(Math.round(avoided.estimate())) + " tickets avoided"
                : "no tickets avoided";
        return ("%s: %s %% of %s %s within %d days, %s %% of %s: %s points %s (95 %% CI %s to %s)%s")
                .formatted(subject, percent(notified.share()), experiment.treatedWords(), did, withinDays,
                        percent(heldOut.share()), experiment.controlWords(),
                        percent(Math.abs(reduction.estimate())), fewer ? "fewer" : "more", percent(from), percent(to),
                        tickets ? ", " + avoidedText : "");
    }

    private static String percent(double share) {
        return String.format(Locale.ENGLISH, "%.1f", share * 100);
    }

    private static String count(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    private static double square(double x) {
        return x * x;
    }
}
