package io.kairos.platform;

import java.time.Instant;

/**
 * Not a failure: the event took a later slot of a shared rate limit and waits for it in the inbox, not on a worker
 * thread ({@link InboxFailureHandler} parks it until {@link #slot()} without spending an attempt).
 */
public class RateSlotWaitException extends RuntimeException {

    private final String limit;
    private final Instant slot;

    public RateSlotWaitException(String limit, Instant slot) {
        super("waits for its " + limit + " slot at " + slot, null, false, false);
        this.limit = limit;
        this.slot = slot;
    }

    public String limit() {
        return limit;
    }

    public Instant slot() {
        return slot;
    }
}
