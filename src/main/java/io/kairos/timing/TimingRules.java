package io.kairos.timing;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The timing rules of one signal type: quiet hours, frequency caps and how severity and opt-out bend them.
 *
 * @param quietStart the local time quiet hours begin; equal to {@code quietEnd} means no quiet hours
 * @param quietEnd   the local time quiet hours end; before {@code quietStart} means they cross midnight
 * @param defaultZone the zone used when neither the recipient nor the account has one
 * @param caps       at most {@code max} sends per contact in any rolling {@code window}, over all signal types
 * @param overCap    what a message over a cap becomes
 */
public record TimingRules(
        LocalTime quietStart,
        LocalTime quietEnd,
        ZoneId defaultZone,
        List<Cap> caps,
        OverCap overCap,
        boolean criticalBypassesQuietHours,
        boolean inAppRespectsEmailOptOut,
        List<Cap> kindCaps) {

    private static final TimingRules DEFAULTS = new TimingRules(LocalTime.of(20, 0), LocalTime.of(8, 0),
            ZoneId.of("UTC"), List.of(new Cap(1, Duration.ofHours(24)), new Cap(3, Duration.ofDays(7))),
            OverCap.DEFER, true, false);

    public TimingRules {
        Objects.requireNonNull(quietStart, "quietStart");
        Objects.requireNonNull(quietEnd, "quietEnd");
        Objects.requireNonNull(defaultZone, "defaultZone");
        caps = caps == null ? List.of() : List.copyOf(caps);
        Objects.requireNonNull(overCap, "overCap");
        kindCaps = kindCaps == null ? List.of() : List.copyOf(kindCaps);
    }

    /** Rules without caps of a kind's own. */
    public TimingRules(LocalTime quietStart, LocalTime quietEnd, ZoneId defaultZone, List<Cap> caps, OverCap overCap,
                       boolean criticalBypassesQuietHours, boolean inAppRespectsEmailOptOut) {
        this(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours, inAppRespectsEmailOptOut,
                List.of());
    }

    /** Quiet hours 20:00–08:00 in UTC unless the recipient has a zone, 1 per 24 h and 3 per 7 days, deferred. */
    public static TimingRules defaults() {
        return DEFAULTS;
    }

    public TimingRules withQuietHours(LocalTime start, LocalTime end) {
        return new TimingRules(start, end, defaultZone, caps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps);
    }

    public TimingRules withDefaultZone(ZoneId zone) {
        return new TimingRules(quietStart, quietEnd, zone, caps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps);
    }

    public TimingRules withCaps(List<Cap> newCaps) {
        return new TimingRules(quietStart, quietEnd, defaultZone, newCaps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps);
    }

    public TimingRules withOverCap(OverCap newOverCap) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, newOverCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps);
    }

    public TimingRules withCriticalBypassesQuietHours(boolean bypass) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, overCap, bypass, inAppRespectsEmailOptOut,
                kindCaps);
    }

    public TimingRules withInAppRespectsEmailOptOut(boolean respects) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours,
                respects, kindCaps);
    }

    /**
     * Caps over the contact's sends of this kind only, on top of {@link #caps()} (which count every kind's): e.g. a
     * check-in at most once per 30 days, whatever else the contact got.
     */
    public TimingRules withKindCaps(List<Cap> newKindCaps) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, newKindCaps);
    }

    /** At most {@code max} proactive sends to one contact in any rolling {@code window}. */
    public record Cap(int max, Duration window) {

        public Cap {
            if (max < 1) {
                throw new IllegalArgumentException("a cap allows at least one message, was " + max);
            }
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a cap window must be positive, was " + window);
            }
        }
    }

    /** What a message over a frequency cap becomes. */
    public enum OverCap { DEFER, SUPPRESS }
}
