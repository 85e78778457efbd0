package io.kairos.platform;

import java.time.Duration;

/** Exponential backoff: the initial delay after the first attempt, doubling with each further one, capped. */
public record Backoff(Duration initial, Duration max) {

    /** The wait before attempt {@code attempts + 1}. */
    public Duration after(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration delay = initial.multipliedBy(factor);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
