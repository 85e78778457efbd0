package io.kairos.timing;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The timing rules of one signal type: quiet hours, frequency caps and how severity and opt-out bend them, and
 * the kind's own delay, send window, expiry and dedup key.
 *
 * @param quietStart the local time quiet hours begin; equal to {@code quietEnd} means no quiet hours
 * @param quietEnd   the local time quiet hours end; before {@code quietStart} means they cross midnight
 * @param defaultZone the zone used when neither the recipient nor the account has one
 * @param caps       at most {@code max} sends per contact in any rolling {@code window}, over all signal types
 * @param overCap    what a message over a cap becomes
 * @param kindCaps   caps over the contact's sends of this kind only, on top of {@code caps}
 * @param delay      how long after the signal happened its messages may go at the earliest (zero: at once)
 * @param sendWindow the local hours and days messages may go, or null for any time outside quiet hours
 * @param expiresAfter how long after it happened a signal without its own end is over, or null: never
 * @param dedup      what makes two signals the same for a contact, so the second is a duplicate
 * @param dedupWindow how far back a same signal counts, or null: as far as the history reaches
 * @param holdout    the kind's control group share, or that it is obligatory
 */
public record TimingRules(
        LocalTime quietStart,
        LocalTime quietEnd,
        ZoneId defaultZone,
        List<Cap> caps,
        OverCap overCap,
        boolean criticalBypassesQuietHours,
        boolean inAppRespectsEmailOptOut,
        List<Cap> kindCaps,
        Duration delay,
        SendWindow sendWindow,
        Duration expiresAfter,
        DedupKey dedup,
        Duration dedupWindow,
        Holdout holdout) {

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
        delay = delay == null ? Duration.ZERO : delay;
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay must not be negative, was " + delay);
        }
        requirePositive("expires-after", expiresAfter);
        dedup = dedup == null ? DedupKey.RECORD : dedup;
        requirePositive("dedup-window", dedupWindow);
        holdout = holdout == null ? Holdout.NONE : holdout;
        if (dedup == DedupKey.CONTACT && dedupWindow == null) {
            throw new IllegalArgumentException("dedup: contact needs a dedup-window (e.g. 30d): how long one message "
                    + "of the kind keeps the others from the contact");
        }
        if (sendWindow != null && !sendWindow.leavesTimeOutside(new QuietHours(quietStart, quietEnd, defaultZone))) {
            throw new IllegalArgumentException("the send window " + sendWindow.describe() + " lies wholly inside "
                    + "quiet hours " + quietStart + "–" + quietEnd + ": no message could ever go");
        }
    }

    private static void requirePositive(String key, Duration duration) {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException(key + " must be positive, was " + duration);
        }
    }

    /** Rules without caps of a kind's own. */
    public TimingRules(LocalTime quietStart, LocalTime quietEnd, ZoneId defaultZone, List<Cap> caps, OverCap overCap,
                       boolean criticalBypassesQuietHours, boolean inAppRespectsEmailOptOut) {
        this(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours, inAppRespectsEmailOptOut,
                List.of(), Duration.ZERO, null, null, DedupKey.RECORD, null, Holdout.NONE);
    }

    /** Quiet hours 20:00–08:00 in UTC unless the recipient has a zone, 1 per 24 h and 3 per 7 days, deferred. */
    public static TimingRules defaults() {
        return DEFAULTS;
    }

    public TimingRules withQuietHours(LocalTime start, LocalTime end) {
        return new TimingRules(start, end, defaultZone, caps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps, delay, sendWindow, expiresAfter, dedup, dedupWindow, holdout);
    }

    public TimingRules withDefaultZone(ZoneId zone) {
        return new TimingRules(quietStart, quietEnd, zone, caps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps, delay, sendWindow, expiresAfter, dedup, dedupWindow, holdout);
    }

    public TimingRules withCaps(List<Cap> newCaps) {
        return new TimingRules(quietStart, quietEnd, defaultZone, newCaps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps, delay, sendWindow, expiresAfter, dedup, dedupWindow, holdout);
    }

    public TimingRules withOverCap(OverCap newOverCap) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, newOverCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps, delay, sendWindow, expiresAfter, dedup, dedupWindow, holdout);
    }

    public TimingRules withCriticalBypassesQuietHours(boolean bypass) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, overCap, bypass, inAppRespectsEmailOptOut,
                kindCaps, delay, sendWindow, expiresAfter, dedup, dedupWindow, holdout);
    }

    public TimingRules withInAppRespectsEmailOptOut(boolean respects) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours,
                respects, kindCaps, delay, sendWindow, expiresAfter, dedup, dedupWindow, holdout);
    }

    /**
     * Caps over the contact's sends of this kind only, on top of {@link #caps()} (which count every kind's): e.g. a
     * check-in at most once per 30 days, whatever else the contact got.
     */
    public TimingRules withKindCaps(List<Cap> newKindCaps) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, newKindCaps, delay, sendWindow, expiresAfter, dedup, dedupWindow, holdout);
    }

    /** Messages go no earlier than this long after the signal happened (e.g. a welcome a day after Closed Won). */
    public TimingRules withDelay(Duration newDelay) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps, newDelay, sendWindow, expiresAfter, dedup, dedupWindow, holdout);
    }

    /** Messages go only inside these local hours and days (null: any time outside quiet hours). */
    public TimingRules withSendWindow(SendWindow newSendWindow) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps, delay, newSendWindow, expiresAfter, dedup, dedupWindow, holdout);
    }

    /** A signal without its own end is over this long after it happened. */
    public TimingRules withExpiresAfter(Duration newExpiresAfter) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps, delay, sendWindow, newExpiresAfter, dedup, dedupWindow, holdout);
    }

    /** What makes two signals the same for a contact, and how far back a same one counts (null: the history's reach). */
    public TimingRules withDedup(DedupKey newDedup, Duration newDedupWindow) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps, delay, sendWindow, expiresAfter, newDedup, newDedupWindow,
                holdout);
    }

    /** The kind's control group (a share of its eligible contacts not messaged), or that it is obligatory. */
    public TimingRules withHoldout(Holdout newHoldout) {
        return new TimingRules(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours,
                inAppRespectsEmailOptOut, kindCaps, delay, sendWindow, expiresAfter, dedup, dedupWindow, newHoldout);
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

    /** What makes a signal the same as one the contact already has. */
    public enum DedupKey {
        /** The same kind and record, or the same signal id when it names no record (the default). */
        RECORD,
        /** Only the same signal: another signal about the same record reaches the contact again. */
        SIGNAL,
        /** Any signal of the kind, within the dedup window: one message of the kind per contact and window. */
        CONTACT
    }
}
