package io.kairos.proactive;

import java.time.Instant;

/** What one attempt to send an outbox message through its channel came to, whatever the channel. */
public sealed interface DeliveryOutcome {

    /** The channel took the message; {@code remoteId} is its id for it (null if its answer named none). */
    record Sent(String remoteId) implements DeliveryOutcome { }

    /**
     * The channel's API is rate limited until {@code at} (a 429 and its Retry-After or reset time): the channel is
     * paused until then for every replica, and the attempt is given back, since the wait was the API's budget.
     */
    record RetryAt(Instant at, String reason) implements DeliveryOutcome { }

    /**
     * Not delivered, and certainly not delivered twice if tried again (a 5xx, or the request never left): the
     * attempt is spent and the message waits its backoff, or until {@code notBefore} when the answer named a later
     * time (a 503's Retry-After); null when it named none.
     */
    record Backoff(String reason, Instant notBefore) implements DeliveryOutcome {

        public Backoff(String reason) {
            this(reason, null);
        }
    }

    /** Refused for good (a 4xx other than 429): sending it again would fail the same way. */
    record Failed(String code, String reason) implements DeliveryOutcome { }

    /** The request went out but no usable answer came back: it may have been delivered, so never sent blindly. */
    record NeedsReconcile(String reason) implements DeliveryOutcome { }
}
