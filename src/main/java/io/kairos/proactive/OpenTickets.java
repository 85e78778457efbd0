package io.kairos.proactive;

import io.kairos.enrichment.EnrichmentRecords;
import io.kairos.enrichment.TicketTopics;
import io.kairos.timing.OpenTicket;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Finds the contacts who already have an open ticket about a signal. First from Kairos's own ticket links: every
 * ticket Kairos enriched carries the orders at risk and known issues it showed the agent, and its status is kept
 * current from each later webhook about it (one query per page of contacts). Then, while planning a signal about
 * one order, by a helpdesk search for the order number among the contact's open tickets, which also finds tickets
 * Kairos never enriched; a failed search is logged and leaves the own links' answer, since the search only adds to
 * them.
 */
@Component
public class OpenTickets {

    private static final Logger LOG = LoggerFactory.getLogger(OpenTickets.class);

    private final EnrichmentRecords records;
    private final OpenTicketSearch search;
    private final int searchLimit;

    @Autowired
    public OpenTickets(EnrichmentRecords records, ObjectProvider<OpenTicketSearch> search,
                       @Value("${kairos.timing.open-ticket-search-limit:10}") int searchLimit) {
        this(records, search.getIfAvailable(), searchLimit);
    }

    /** Own links only, no helpdesk search. */
    public OpenTickets(EnrichmentRecords records) {
        this(records, (OpenTicketSearch) null, 0);
    }

    OpenTickets(EnrichmentRecords records, OpenTicketSearch search, int searchLimit) {
        this.records = records;
        this.search = search;
        this.searchLimit = searchLimit;
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
     * While planning: the own links, then for an ORDER_DELAY of a few recipients a helpdesk search per recipient
     * not found yet, for the order number of their planned message.
     *
     * @param recipients by normalised contact email
     */
    public Map<String, OpenTicket> whilePlanning(Signal signal, Map<String, Recipient> recipients) {
        Map<String, OpenTicket> open = about(signal, recipients.keySet());
        if (search == null || signal.type() != Signal.Type.ORDER_DELAY || recipients.size() > searchLimit) {
            return open;
        }
        recipients.forEach((email, recipient) -> {
            String orderNumber = recipient.variables().get("orderNumber");
            if (!open.containsKey(email) && orderNumber != null && !orderNumber.isBlank()) {
                try {
                    search.find(email, orderNumber.trim()).ifPresent(ticket -> open.put(email, ticket));
                } catch (RuntimeException failed) {
                    LOG.warn("Open-ticket search for signal {} failed, deciding from Kairos's own ticket links: {}",
                            signal.id(), failed.toString());
                }
            }
        });
        return open;
    }
}
