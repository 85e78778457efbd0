package io.kairos.timing;

import io.kairos.proactive.Signal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Chooses the moment within a window when the contact is usually active: for NORMAL and LOW the start of their most
 * active hour (the earliest of equals), for HIGH the first active hour; each candidate first settled by the other
 * rules (send window, quiet hours) and kept only if that still falls inside its hour, the window and before expiry.
 */
final class SendTime {

    /** An hour is "active" when its weight is at least half the contact's busiest hour's. */
    static final double ACTIVE_SHARE = 0.5;

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

    private SendTime() {
    }

    /** The chosen moment and the sentence's part: "usually active 09:00–11:00 Europe/Berlin; sending at 09:00". */
    record Choice(Instant at, String reason) {
    }

    /**
     * The moment to send, or empty when the contact's activity says nothing inside the window (no active hour the
     * other rules allow): then the message keeps its earliest allowed moment.
     *
     * @param from    the earliest moment every other rule allows
     * @param latest  the last moment the message may wait for (inclusive)
     * @param expiry  when the signal is over (candidates must be before it), or null
     * @param settle  the earliest moment at or after an instant that the send window and quiet hours allow
     */
    static Optional<Choice> choose(ActivityHistogram activity, Signal.Severity severity, Instant from, Instant latest,
                                   Instant expiry, Instant now, UnaryOperator<Instant> settle) {
        double[] weights = activity.weightsAt(now);
        double peak = 0;
        for (double weight : weights) {
            peak = Math.max(peak, weight);
        }
        if (peak <= 0) {
            return Optional.empty();
        }
        Instant best = null;
        int bestHour = -1;
        ZonedDateTime slot = from.atZone(activity.zone()).truncatedTo(ChronoUnit.HOURS);
        // At most one slot per hour of the window, plus the one it starts in.
        for (int i = 0; i <= Duration.between(from, latest).toHours() + 1 && !slot.toInstant().isAfter(latest); i++) {
            ZonedDateTime next = slot.plusHours(1);
            Instant start = slot.toInstant().isBefore(from) ? from : slot.toInstant();
            int hour = slot.getHour();
            double weight = weights[hour];
            if (weight > 0 && (bestHour < 0 || weight > weights[bestHour])) {
                Instant candidate = settle.apply(start);
                if (candidate.isBefore(next.toInstant()) && !candidate.isAfter(latest)
                        && (expiry == null || candidate.isBefore(expiry))) {
                    if (severity == Signal.Severity.HIGH) {
                        if (weight >= ACTIVE_SHARE * peak) {
                            return Optional.of(new Choice(candidate, reason(weights, hour, activity, candidate)));
                        }
                    } else {
                        best = candidate;
                        bestHour = hour;
                    }
                }
            }
            slot = next;
        }
        return best == null ? Optional.empty()
                : Optional.of(new Choice(best, reason(weights, bestHour, activity, best)));
    }

    /** The run of hours around the chosen one at least half as busy as it, and the moment chosen. */
    private static String reason(double[] weights, int hour, ActivityHistogram activity, Instant at) {
        int hours = ActivityHistogram.HOURS;
        double floor = weights[hour] * ACTIVE_SHARE;
        int first = hour;
        int length = 1;
        while (length < hours && weights[Math.floorMod(first - 1, hours)] >= floor) {
            first = Math.floorMod(first - 1, hours);
            length++;
        }
        while (length < hours && weights[(first + length) % hours] >= floor) {
            length++;
        }
        String zone = activity.zone().getId();
        return "usually active " + String.format("%02d:00–%02d:00", first, (first + length) % ActivityHistogram.HOURS)
                + " " + zone + "; sending at " + HOUR.format(at.atZone(activity.zone()));
    }
}
