package io.kairos.timing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Objects;

/**
 * When a contact (or an account) is usually active: 24 hourly buckets of local time of day in one zone, each event
 * adding 1 and older weight halving every {@link #HALF_LIFE}, so last month's habits fade behind this week's.
 */
public final class ActivityHistogram {

    /** How fast old activity fades: the weight of an event halves every two weeks. */
    public static final Duration HALF_LIFE = Duration.ofDays(14);
    /** The total weight from which the histogram says something: about three recent events. */
    public static final double ENOUGH = 3.0;
    public static final int HOURS = 24;

    private final double[] weights;
    private final ZoneId zone;
    private final ZoneSource zoneSource;
    private final Instant updatedAt;

    /** Whose zone the buckets are read in; a better source replaces a worse one, never the other way round. */
    public enum ZoneSource {
        /** The default zone (UTC): neither the contact's nor the account's was known. */
        DEFAULT,
        /** The account's zone, the contact having none. */
        ACCOUNT,
        /** The contact's own zone. */
        CONTACT
    }

    private ActivityHistogram(double[] weights, ZoneId zone, ZoneSource zoneSource, Instant updatedAt) {
        if (weights.length != HOURS) {
            throw new IllegalArgumentException("an activity histogram has 24 hourly buckets, was " + weights.length);
        }
        this.weights = weights;
        this.zone = Objects.requireNonNull(zone, "zone");
        this.zoneSource = Objects.requireNonNull(zoneSource, "zoneSource");
        this.updatedAt = updatedAt;
    }

    /** A histogram without activity, in this zone. */
    public static ActivityHistogram empty(ZoneId zone, ZoneSource source) {
        return new ActivityHistogram(new double[HOURS], zone, source, null);
    }

    /** A stored histogram: its weights as decayed up to {@code updatedAt}. */
    public static ActivityHistogram of(double[] weights, ZoneId zone, ZoneSource source, Instant updatedAt) {
        return new ActivityHistogram(weights.clone(), zone, source, Objects.requireNonNull(updatedAt, "updatedAt"));
    }

    /**
     * This histogram with one more event at {@code at}: w = w · 2^(−Δt/half-life) + 1. An event older than the last
     * update (a redelivery, a retry) adds its own decayed weight instead, so the result does not depend on the order
     * events arrive in. A zone from a source at least as good as the histogram's (the contact's over the account's
     * over the default) moves the buckets to it first.
     */
    public ActivityHistogram record(Instant at, ZoneId eventZone, ZoneSource eventSource) {
        Objects.requireNonNull(at, "at");
        ActivityHistogram base = eventSource.compareTo(zoneSource) >= 0 && !eventZone.equals(zone)
                ? rebased(eventZone, eventSource, at) : this;
        if (base.updatedAt == null) {
            double[] next = new double[HOURS];
            next[hourOf(at, base.zone)] = 1;
            return new ActivityHistogram(next, base.zone, base.zoneSource, at);
        }
        if (at.isBefore(base.updatedAt)) {
            double[] next = base.weights.clone();
            next[hourOf(at, base.zone)] += decay(Duration.between(at, base.updatedAt));
            return new ActivityHistogram(next, base.zone, base.zoneSource, base.updatedAt);
        }
        double factor = decay(Duration.between(base.updatedAt, at));
        double[] next = new double[HOURS];
        for (int hour = 0; hour < HOURS; hour++) {
            next[hour] = base.weights[hour] * factor;
        }
        next[hourOf(at, base.zone)] += 1;
        return new ActivityHistogram(next, base.zone, base.zoneSource, at);
    }

    /** The weights as they stand at {@code now}: decayed from the last update (never grown by a clock behind it). */
    public double[] weightsAt(Instant now) {
        double factor = updatedAt == null || !now.isAfter(updatedAt) ? 1 : decay(Duration.between(updatedAt, now));
        double[] at = new double[HOURS];
        for (int hour = 0; hour < HOURS; hour++) {
            at[hour] = weights[hour] * factor;
        }
        return at;
    }

    public double totalAt(Instant now) {
        return Arrays.stream(weightsAt(now)).sum();
    }

    /** Whether there is enough recent activity to choose a moment by: a total weight of {@link #ENOUGH} or more. */
    public boolean isEnough(Instant now) {
        return totalAt(now) >= ENOUGH;
    }

    /** The stored weights, decayed up to {@link #updatedAt()}. */
    public double[] weights() {
        return weights.clone();
    }

    public ZoneId zone() {
        return zone;
    }

    public ZoneSource zoneSource() {
        return zoneSource;
    }

    /** When the last event was added; null for an empty histogram. */
    public Instant updatedAt() {
        return updatedAt;
    }

    static int hourOf(Instant at, ZoneId zone) {
        return at.atZone(zone).getHour();
    }

    private static double decay(Duration elapsed) {
        return Math.pow(2, -(double) elapsed.toMillis() / HALF_LIFE.toMillis());
    }

    /** The same activity read in another zone: each bucket moves by the offsets' difference at {@code at}, in hours. */
    private ActivityHistogram rebased(ZoneId to, ZoneSource source, Instant at) {
        int shift = Math.round((to.getRules().getOffset(at).getTotalSeconds()
                - zone.getRules().getOffset(at).getTotalSeconds()) / 3600f);
        double[] moved = new double[HOURS];
        for (int hour = 0; hour < HOURS; hour++) {
            moved[Math.floorMod(hour + shift, HOURS)] = weights[hour];
        }
        return new ActivityHistogram(moved, to, source, updatedAt);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ActivityHistogram that && Arrays.equals(weights, that.weights)
                && zone.equals(that.zone) && zoneSource == that.zoneSource && Objects.equals(updatedAt, that.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(weights), zone, zoneSource, updatedAt);
    }

    @Override
    public String toString() {
        return "ActivityHistogram[" + zone + " (" + zoneSource + "), updated " + updatedAt + ", "
                + Arrays.toString(weights) + "]";
    }
}
