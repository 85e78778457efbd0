package io.kairos.enrichment;

import io.kairos.ledger.LedgerStore;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Builds a ticket's enrichment: cached or fresh CRM context, plus what Kairos already told the customer. */
@Component("ticketEnrichments")
public class TicketEnrichments {

    private final CustomerDirectory directory;
    private final CustomerContextCache cache;
    private final LedgerStore ledger;
    private final TicketEnricher enricher;
    private final EnrichmentProperties properties;

    public TicketEnrichments(CustomerDirectory directory, CustomerContextCache cache, LedgerStore ledger,
                             EnrichmentProperties properties, Clock clock) {
        this.directory = directory;
        this.cache = cache;
        this.ledger = ledger;
        this.properties = properties;
        this.enricher = new TicketEnricher(properties, clock);
    }

    public TicketEnrichment build(long ticketId, String requesterEmail) {
        if (requesterEmail == null || requesterEmail.isBlank()) {
            return enricher.unknownCustomer(ticketId, null);
        }
        Optional<CustomerContext> customer = cache.get(requesterEmail);
        if (customer.isEmpty()) {
            customer = directory.findByEmail(requesterEmail);
            customer.ifPresent(c -> cache.put(requesterEmail, c));
        }
        return customer
                .map(c -> enricher.enrich(ticketId, c, ledger.sentTo(requesterEmail, properties.ledgerLines())))
                .orElseGet(() -> enricher.unknownCustomer(ticketId, requesterEmail));
    }
}
