package io.kairos.proactive;

import io.kairos.timing.OpenTicket;
import java.util.Optional;

/**
 * A helpdesk search for one contact's open tickets that mention a term, beyond Kairos's own ticket links: it finds
 * tickets Kairos never enriched (older than Kairos) or enriched before the record mattered.
 */
public interface OpenTicketSearch {

    /**
     * @param email a normalised contact email
     * @param term  what the ticket must mention, e.g. an order number
     * @return the newest open ticket of the contact mentioning the term
     */
    Optional<OpenTicket> find(String email, String term);
}
