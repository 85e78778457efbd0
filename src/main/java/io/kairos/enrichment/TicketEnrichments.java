package io.kairos.enrichment;

import io.kairos.ledger.LedgerStore;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Builds a ticket's enrichment from the customer's CRM context (cached, or just looked up by the enrichment flow)
 * plus what Kairos already told the customer.
 */
@Component("ticketEnrichments")
public class TicketEnrichments {

    private final CustomerContextCache cache;
    private final LedgerStore ledger;
    private final EnrichmentRules rules;
    private final Clock clock;

    public TicketEnrichments(CustomerContextCache cache, LedgerStore ledger, EnrichmentRules rules, Clock clock) {
        this.cache = cache;
        this.ledger = ledger;
        this.rules = rules;
        this.clock = clock;
    }

    /**
     * The cached context of this requester, or null when there is none (or no email): then look it up. A context
     * looked up before a mapping of a further field was applied does not count, so a new mapping shows on the next
     * ticket rather than after the cache's TTL.
     */
    public CustomerContext cached(String requesterEmail) {
        if (requesterEmail == null || requesterEmail.isBlank()) {
            return null;
        }
        List<String> mapped = rules.current().mappedFields();
        return cache.get(requesterEmail).filter(context -> context.hasFields(mapped)).orElse(null);
    }

    /** Keeps a context just looked up for the next tickets of this requester; returns it (null stays null). */
    public CustomerContext remember(String requesterEmail, CustomerContext found) {
        if (found != null && requesterEmail != null && !requesterEmail.isBlank()) {
            cache.put(requesterEmail, found);
        }
        return found;
    }

    /** The enrichment of this ticket; a null customer means the requester is unknown to the CRM. */
    public TicketEnrichment build(long ticketId, String requesterEmail, CustomerContext customer) {
        EnrichmentProperties properties = rules.current();
        TicketEnricher enricher = new TicketEnricher(properties, clock);
        if (requesterEmail == null || requesterEmail.isBlank()) {
            return enricher.unknownCustomer(ticketId, null);
        }
        if (customer == null) {
            return enricher.unknownCustomer(ticketId, requesterEmail);
        }
        return enricher.enrich(ticketId, customer, ledger.sentTo(requesterEmail, properties.ledgerLines()));
    }
}
