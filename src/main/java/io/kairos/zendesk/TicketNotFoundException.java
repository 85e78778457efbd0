package io.kairos.zendesk;

/** Zendesk has no such ticket (deleted, or the webhook came from another account): nothing to enrich. */
public class TicketNotFoundException extends RuntimeException {
    public TicketNotFoundException(String message) {
        super(message);
    }
}
