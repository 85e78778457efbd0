package io.kairos.proactive;

import io.kairos.enrichment.EnrichmentRecords;
import io.kairos.enrichment.TicketTopics;
import io.kairos.timing.OpenTicket;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Finds the contacts who already have an open ticket about a signal, from Kairos's own ticket links: every ticket
 * Kairos enriched carries the orders at risk and known issues it showed the agent, and its status is kept current
 * from each later webhook about it. One query per page of contacts.
 */
@Component
public class OpenTickets {

    private final EnrichmentRecords records;

    public OpenTickets(EnrichmentRecords records) {
        this.records = records;
    }

    /**
     * @param emails normalised contact emails
     * @return the newest open ticket about the signal, by contact email; empty for signals no ticket can be about
     */
    public Map<String, OpenTicket> about(Signal signal, Collection<String> emails) {
        List<String> topics = TicketTopics.ofSignal(signal.type().name(), signal.recordId(), signal.product());
        Map<String, OpenTicket> open = new HashMap<>();
        records.openTicketsAbout(topics, emails).forEach((email, link) ->
                open.put(email, new OpenTicket(link.ticketId(), link.subject() == null ? "" : link.subject())));
        return open;
    }
}
