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
        /** The remote said when to come back (429 with Retry-After): wait that long, no attempt spent. */
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
        PERMANENT,
        /**
         * No classifier recognised it: a programming error or an input Kairos cannot read. Retrying would fail the
         * same way, so it is dead-lettered at once, and logged as an ERROR with its stack trace.
         */
        UNEXPECTED
    }

    public static Failure transientFailure(String reason) {
        return new Failure(Kind.TRANSIENT, Duration.ZERO, reason);
    }

    public static Failure permanent(String reason) {
        return new Failure(Kind.PERMANENT, Duration.ZERO, reason);
    }
}
