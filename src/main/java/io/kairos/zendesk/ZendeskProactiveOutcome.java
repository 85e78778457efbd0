package io.kairos.zendesk;

import java.time.Instant;

/** What one attempt to create a proactive ticket in Zendesk came to, and so what the outbox must do with it. */
public sealed interface ZendeskProactiveOutcome {

    /** Zendesk created the ticket {@code ticketId}. */
    record Created(long ticketId) implements ZendeskProactiveOutcome { }

    /** Zendesk asked us to come back at {@code at} (429 and its Retry-After): its budget, not this message's fault. */
    record RetryAt(Instant at, String reason) implements ZendeskProactiveOutcome { }

    /** Not created, and certainly not created twice if tried again (5xx, 409, or the request never went out). */
    record Backoff(String reason) implements ZendeskProactiveOutcome { }

    /** Zendesk refused the ticket for good (a 4xx other than 409 and 429); sending it again would fail the same way. */
    record Failed(String code, String reason) implements ZendeskProactiveOutcome { }

    /** The request went out but no usable answer came back: the ticket may exist, so it is never sent blindly. */
    record NeedsReconcile(String reason) implements ZendeskProactiveOutcome { }
}
