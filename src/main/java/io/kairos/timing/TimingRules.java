package io.kairos.timing;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

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
        return with(copy -> {
            copy.quietStart = start;
            copy.quietEnd = end;
        });
    }

    public TimingRules withDefaultZone(ZoneId zone) {
        return with(copy -> copy.defaultZone = zone);
    }

    public TimingRules withCaps(List<Cap> newCaps) {
        return with(copy -> copy.caps = newCaps);
    }

    public TimingRules withOverCap(OverCap newOverCap) {
        return with(copy -> copy.overCap = newOverCap);
    }

    public TimingRules withCriticalBypassesQuietHours(boolean bypass) {
        return with(copy -> copy.criticalBypassesQuietHours = bypass);
    }

    public TimingRules withInAppRespectsEmailOptOut(boolean respects) {
        return with(copy -> copy.inAppRespectsEmailOptOut = respects);
    }

    /**
     * Caps over the contact's sends of this kind only, on top of {@link #caps()} (which count every kind's): e.g. a
     * check-in at most once per 30 days, whatever else the contact got.
     */
    public TimingRules withKindCaps(List<Cap> newKindCaps) {
        return with(copy -> copy.kindCaps = newKindCaps);
    }

    /** Messages go no earlier than this long after the signal happened (e.g. a welcome a day after Closed Won). */
    public TimingRules withDelay(Duration newDelay) {
        return with(copy -> copy.delay = newDelay);
    }

    /** Messages go only inside these local hours and days (null: any time outside quiet hours). */
    public TimingRules withSendWindow(SendWindow newSendWindow) {
        return with(copy -> copy.sendWindow = newSendWindow);
    }

    /** A signal without its own end is over this long after it happened. */
    public TimingRules withExpiresAfter(Duration newExpiresAfter) {
        return with(copy -> copy.expiresAfter = newExpiresAfter);
    }

    /** What makes two signals the same for a contact, and how far back a same one counts (null: the history's reach). */
    public TimingRules withDedup(DedupKey newDedup, Duration newDedupWindow) {
        return with(copy -> {
            copy.dedup = newDedup;
            copy.dedupWindow = newDedupWindow;
        });
    }

    /** The kind's control group (a share of its eligible contacts not messaged), or that it is obligatory. */
    public TimingRules withHoldout(Holdout newHoldout) {
        return with(copy -> copy.holdout = newHoldout);
    }

    /** These rules with one change: each with… above names its fields once, here, not the whole constructor. */
    private TimingRules with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return new TimingRules(copy.quietStart, copy.quietEnd, copy.defaultZone, copy.caps, copy.overCap,
                copy.criticalBypassesQuietHours, copy.inAppRespectsEmailOptOut, copy.kindCaps, copy.delay,
                copy.sendWindow, copy.expiresAfter, copy.dedup, copy.dedupWindow, copy.holdout);
    }

    /** The fields of a copy being changed; the record's constructor checks the result. */
    private static final class Copy {
        LocalTime quietStart;
        LocalTime quietEnd;
        ZoneId defaultZone;
        List<Cap> caps;
        OverCap overCap;
        boolean criticalBypassesQuietHours;
        boolean inAppRespectsEmailOptOut;
        List<Cap> kindCaps;
        Duration delay;
        SendWindow sendWindow;
        Duration expiresAfter;
        DedupKey dedup;
        Duration dedupWindow;
        Holdout holdout;

        Copy(TimingRules rules) {
            quietStart = rules.quietStart;
            quietEnd = rules.quietEnd;
            defaultZone = rules.defaultZone;
            caps = rules.caps;
            overCap = rules.overCap;
            criticalBypassesQuietHours = rules.criticalBypassesQuietHours;
            inAppRespectsEmailOptOut = rules.inAppRespectsEmailOptOut;
            kindCaps = rules.kindCaps;
            delay = rules.delay;
            sendWindow = rules.sendWindow;
            expiresAfter = rules.expiresAfter;
            dedup = rules.dedup;
            dedupWindow = rules.dedupWindow;
            holdout = rules.holdout;
        }
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
