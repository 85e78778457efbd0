package io.kairos.timing;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how far a message waits for the contact's usual active hour (send-time).
 *
 * @param on         false keeps the moment the other rules allow, as before send-time
 * @param window     how far past the earliest allowed moment NORMAL and LOW signals may wait for the most active hour
 * @param highWindow how far HIGH signals may wait for the next active hour
 * @param holdout    the send-time experiment's control arm: this share of the contacts send-time applies to is sent
 *                   at once instead, drawn like a control group but salted ({@link #sentAtOnce}); never obligatory
 */
public record SendTimeRules(boolean on, Duration window, Duration highWindow, Holdout holdout) {

    private static final SendTimeRules DEFAULTS = new SendTimeRules(true, Duration.ofHours(24), Duration.ofHours(4));
    /** Salts the draw, so the send-time arm is independent of the kind's control group for the same signal. */
    private static final String SALT = "send-time:";

    public SendTimeRules {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(highWindow, "highWindow");
        holdout = holdout == null ? Holdout.NONE : holdout;
        if (holdout.obligatory()) {
            throw new IllegalArgumentException("the send-time experiment's share cannot be obligatory");
        }
        if (window.isNegative() || window.isZero() || highWindow.isNegative() || highWindow.isZero()) {
            throw new IllegalArgumentException("send-time windows must be positive, were " + window + " and "
                    + highWindow);
        }
    }

    /** Without the send-time experiment. */
    public SendTimeRules(boolean on, Duration window, Duration highWindow) {
        this(on, window, highWindow, Holdout.NONE);
    }

    /** Whether the kind runs the send-time experiment (a share of its contacts sent at once). */
    public boolean experiment() {
        return on && holdout.active();
    }

    /**
     * Whether the contact is in the experiment's "at once" arm for this signal: the first 8 bytes of
     * SHA-256("send-time:&lt;signal key&gt;:&lt;email&gt;") below share × 2^64, the control group's draw with a salt.
     */
    public boolean sentAtOnce(String signalKey, String email) {
        return signalKey != null && holdout.drawsOut(SALT + signalKey, email);
    }

    public SendTimeRules withHoldout(Holdout newHoldout) {
        return new SendTimeRules(on, window, highWindow, newHoldout);
    }

    /** On, 24 h for NORMAL and LOW, 4 h for HIGH. */
    public static SendTimeRules defaults() {
        return DEFAULTS;
    }

    public SendTimeRules withOn(boolean newOn) {
        return new SendTimeRules(newOn, window, highWindow, holdout);
    }

    public SendTimeRules withWindow(Duration newWindow) {
        return new SendTimeRules(on, newWindow, highWindow, holdout);
    }
}
