package io.kairos.proactive;

import io.kairos.enrichment.EnrichmentRecords;
import io.kairos.enrichment.TicketTopics;
import io.kairos.timing.OpenTicket;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds the contacts who already have an open ticket about a signal. First from Kairos's own ticket links: every
 * ticket Kairos enriched carries the orders at risk and known issues it showed the agent, and its status is kept
 * current from each later webhook about it (one query per page of contacts). Then, while planning, from the
 * helpdesk's own open tickets about the signal ({@link OpenTicketLookup}: searched once per signal, never per
 * recipient), which also finds tickets Kairos never enriched.
 */
@Component
public class OpenTickets {

    private final EnrichmentRecords records;
    private final OpenTicketLookup lookup;

    @Autowired
    public OpenTickets(EnrichmentRecords records, OpenTicketLookup lookup) {
        this.records = records;
        this.lookup = lookup;
    }

    /** Own links only, no helpdesk lookup. */
    public OpenTickets(EnrichmentRecords records) {
        this(records, null);
    }

    /**
     * From Kairos's own ticket links only: for re-checks right before sending, when a ticket opened since planning
     * has been enriched (every new ticket is).
     *
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

    /**
     * While planning: the own links, then the helpdesk's open tickets about the signal for the recipients the own
     * links do not hold back.
     *
     * @param recipients by normalised contact email
     */
    public Map<String, OpenTicket> whilePlanning(Signal signal, Map<String, Recipient> recipients) {
        Map<String, OpenTicket> open = about(signal, recipients.keySet());
        if (lookup != null) {
            Map<String, OpenTicket> helpdesk = lookup.about(signal, recipients.values());
            recipients.keySet().forEach(email -> {
                OpenTicket ticket = helpdesk.get(email);
                if (ticket != null) {
                    open.putIfAbsent(email, ticket);
                }
            });
        }
        return open;
    }
}
