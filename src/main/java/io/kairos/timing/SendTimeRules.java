package io.kairos.timing;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how far a message waits for the contact's usual active hour (send-time).
 *
 * @param on         false keeps the moment the other rules allow, as before send-time
 * @param window     how far past the earliest allowed moment NORMAL and LOW signals may wait for the most active hour
 * @param highWindow how far HIGH signals may wait for the next active hour
 */
public record SendTimeRules(boolean on, Duration window, Duration highWindow) {

    private static final SendTimeRules DEFAULTS = new SendTimeRules(true, Duration.ofHours(24), Duration.ofHours(4));

    public SendTimeRules {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(highWindow, "highWindow");
        if (window.isNegative() || window.isZero() || highWindow.isNegative() || highWindow.isZero()) {
            throw new IllegalArgumentException("send-time windows must be positive, were " + window + " and "
                    + highWindow);
        }
    }

    /** On, 24 h for NORMAL and LOW, 4 h for HIGH. */
    public static SendTimeRules defaults() {
        return DEFAULTS;
    }

    public SendTimeRules withOn(boolean newOn) {
        return new SendTimeRules(newOn, window, highWindow);
    }

    public SendTimeRules withWindow(Duration newWindow) {
        return new SendTimeRules(on, newWindow, highWindow);
    }
}
