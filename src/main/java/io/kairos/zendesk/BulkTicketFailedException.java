package io.kairos.zendesk;

/** A finished Update Many Tickets job did not write one ticket (or said nothing of it): the ticket is sent again. */
public class BulkTicketFailedException extends RuntimeException {

    public BulkTicketFailedException(String reason) {
        super(reason);
    }
}
