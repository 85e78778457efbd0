package io.kairos.platform;

import java.time.Duration;

/**
 * How a processing failure should be treated.
 *
 * @param delay for {@link Kind#RETRY_AFTER}, {@link Kind#QUOTA} and {@link Kind#WAIT}: how long to wait
 */
public record Failure(Kind kind, Duration delay, String reason) {

    /** The kinds of failure, from most to least hopeful. */
    public enum Kind {
        /** The remote said when to come back (429 with Retry-After). */
        RETRY_AFTER,
        /** A shared allowance is used up: wait long, do not spend the attempt budget. */
        QUOTA,
        /**
         * The event must wait for another one to be processed first (a reply whose ticket is not created yet): come
         * back after the delay without spending the attempt budget; whoever raises it bounds the total wait.
         */
        WAIT,
        /** Probably passes on its own (5xx, connection refused): exponential backoff. */
        TRANSIENT,
        /** Will fail the same way every time (4xx other than 429, bad data): dead letter at once. */
        PERMANENT
    }

    public static Failure transientFailure(String reason) {
        return new Failure(Kind.TRANSIENT, Duration.ZERO, reason);
    }
}
