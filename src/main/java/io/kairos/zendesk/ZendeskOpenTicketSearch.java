package io.kairos.zendesk;

import io.kairos.proactive.OpenTicketSearch;
import io.kairos.timing.OpenTicket;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import org.zendesk.client.v2.model.Status;
import org.zendesk.client.v2.model.Ticket;

/**
 * Zendesk's search API through camel-zendesk ({@code getTicketsFromSearch}, which asks
 * {@code GET /api/v2/search.json?query=<term> type:ticket}): the contact's unsolved tickets mentioning a term.
 */
@Component
public class ZendeskOpenTicketSearch implements OpenTicketSearch {

    static final String ENDPOINT = "zendesk:DEFAULT/getTicketsFromSearch?{{kairos.zendesk-endpoint}}";
    /** Enough to find the newest among a contact's open tickets on one order; the search pages lazily. */
    private static final int MAX_RESULTS = 25;
    private static final Set<Status> OPEN = Set.of(Status.NEW, Status.OPEN, Status.PENDING, Status.HOLD);

    private final ProducerTemplate producer;

    public ZendeskOpenTicketSearch(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    public Optional<OpenTicket> find(String email, String term) {
        Exchange exchange = producer.send(ENDPOINT, e -> e.getIn().setHeader("CamelZendesk.searchTerm",
                query(email, term)));
        if (exchange.getException() != null) {
            throw new IllegalStateException("Zendesk search failed: " + exchange.getException().getMessage(),
                    exchange.getException());
        }
        Iterable<?> results = exchange.getMessage().getBody(Iterable.class);
        if (results == null) {
            return Optional.empty();
        }
        Iterator<?> page = results.iterator();
        return Stream.iterate(page, Iterator::hasNext, it -> it).limit(MAX_RESULTS).map(Iterator::next)
                .filter(Ticket.class::isInstance).map(Ticket.class::cast)
                .filter(t -> t.getId() != null && t.getStatus() != null && OPEN.contains(t.getStatus()))
                .max(Comparator.comparing(Ticket::getId))
                .map(t -> new OpenTicket(t.getId(), t.getSubject() == null ? "" : t.getSubject()));
    }

    /**
     * {@code requester:<email> status<solved "<term>"}: the term quoted as a phrase so an order number matches as a
     * whole; a quote inside it cannot end the phrase early.
     */
    static String query(String email, String term) {
        return "requester:" + email.replace(" ", "") + " status<solved \"" + term.replace("\"", " ") + "\"";
    }
}
