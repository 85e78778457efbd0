package io.kairos.intercom;

import java.time.Instant;

/** What one attempt to send a message through Intercom came to, and so what the outbox must do with it. */
public sealed interface IntercomOutcome {

    /** Intercom accepted the message; {@code messageId} is its id for it (null if the answer named none). */
    record Sent(String messageId) implements IntercomOutcome { }

    /**
     * Intercom asked us to come back at {@code at} (429, or a Retry-After); nothing may be sent before then.
     * {@code countAttempt=false}: the wait was Intercom's budget, not a failure of this message.
     */
    record RetryAt(Instant at, boolean countAttempt, String reason) implements IntercomOutcome { }

    /** Not delivered, and certainly not sent twice if tried again (5xx, or the request never went out). */
    record Backoff(String reason) implements IntercomOutcome { }

    /** Intercom refused the message for good (a 4xx other than 429); sending it again would fail the same way. */
    record Failed(String code, String reason) implements IntercomOutcome { }

    /** The request went out but no answer came back: it may have been delivered, so it is never sent blindly. */
    record NeedsReconcile(String reason) implements IntercomOutcome { }
}
