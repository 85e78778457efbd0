package io.kairos.intercom;

import java.time.Duration;

/**
 * A reply or close for a conversation that has no Zendesk ticket yet: it comes back after {@code retryIn}, or,
 * when that is null because it waited long enough, it goes to the dead-letter table.
 */
public class ConversationNotLinkedException extends RuntimeException {

    private final Duration retryIn;

    public ConversationNotLinkedException(String message, Duration retryIn) {
        super(message);
        this.retryIn = retryIn;
    }

    public Duration retryIn() {
        return retryIn;
    }
}
