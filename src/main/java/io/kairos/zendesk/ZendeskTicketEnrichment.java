package io.kairos.zendesk;

import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.EnrichmentRecords;
import io.kairos.enrichment.TicketEnrichment;
import io.kairos.enrichment.TicketEnrichments;
import io.kairos.platform.Inbox;
import io.kairos.platform.InboxEvent;
import org.springframework.stereotype.Component;
import org.zendesk.client.v2.model.Ticket;

/**
 * The enrichment of one ticket, step by step for zendesk-ticket-to-enriched-ticket: the route makes the calls to
 * Zendesk and Salesforce, this bean decides what to write and records each event's outcome in the inbox.
 */
@Component("ticketEnrichment")
public class ZendeskTicketEnrichment {

    static final String OWN_CHANGE = "own change: Kairos is the actor";
    static final String UNCHANGED = "unchanged: this enrichment is already on the ticket";
    static final String ENRICHED = "enriched";
    static final String UNKNOWN_CUSTOMER =
            "unknown customer: no Salesforce contact for the requester; noted on the ticket";

    private final ZendeskTicketEvents ticketEvents;
    private final Inbox inbox;
    private final TicketEnrichments enrichments;
    private final EnrichmentRecords records;
    private final ZendeskTicketUpdates updates;
    private final ZendeskEnrichmentLatency latency;

    public ZendeskTicketEnrichment(ZendeskTicketEvents ticketEvents, Inbox inbox, TicketEnrichments enrichments,
                                   EnrichmentRecords records, ZendeskTicketUpdates updates,
                                   ZendeskEnrichmentLatency latency) {
        this.ticketEvents = ticketEvents;
        this.inbox = inbox;
        this.enrichments = enrichments;
        this.records = records;
        this.updates = updates;
        this.latency = latency;
    }

    /**
     * The delivery to enrich, or null when it is Kairos's own change (its write-back fires another webhook): that
     * event is marked skipped here, before any call to Zendesk.
     */
    public TicketEvent read(InboxEvent event) {
        TicketEvent ticketEvent = ticketEvents.read(event);
        if (ticketEvents.isOwnChange(ticketEvent)) {
            inbox.markSkipped(event, OWN_CHANGE);
            return null;
        }
        return ticketEvent;
    }

    /** Keeps the status Kairos knows current from any event: a solved ticket no longer holds messages back. */
    public void seen(TicketEvent ticketEvent, Ticket ticket) {
        records.seen(ticketEvent.ticketId(), ticketEvents.statusOf(ticket), ticket.getSubject());
    }

    /** The requester's cached CRM context, or null: then the route looks them up. */
    public CustomerContext cached(String requesterEmail) {
        return enrichments.cached(requesterEmail);
    }

    /** Keeps a context just looked up for the requester's next tickets; returns it (null stays null). */
    public CustomerContext remember(String requesterEmail, CustomerContext found) {
        return enrichments.remember(requesterEmail, found);
    }

    /**
     * What to write onto the ticket, or null when it already carries this enrichment: that event is marked skipped
     * here. A null customer writes the unknown-customer note.
     */
    public TicketWrite toWrite(InboxEvent event, TicketEvent ticketEvent, Ticket ticket, String requesterEmail,
                               CustomerContext customer) {
        TicketEnrichment enrichment = enrichments.build(ticketEvent.ticketId(), requesterEmail, customer);
        if (records.alreadyWritten(enrichment)) {
            inbox.markSkipped(event, UNCHANGED);
            return null;
        }
        return new TicketWrite(updates.toUpdate(enrichment, ticket), enrichment, ticketEvents.statusOf(ticket),
                ticket.getSubject());
    }

    /** Zendesk accepted the update: records what the ticket now carries, the latency, and the event's outcome. */
    public void written(InboxEvent event, TicketWrite write) {
        TicketEnrichment enrichment = write.enrichment();
        records.written(enrichment, write.ticketStatus(), write.subject());
        latency.written(event, enrichment.customerKnown());
        if (enrichment.customerKnown()) {
            inbox.markDone(event, ENRICHED);
        } else {
            inbox.markSkipped(event, UNKNOWN_CUSTOMER);
        }
    }

    /**
     * One update to send with the zendesk-ticket-update-sink Kamelet.
     *
     * @param update the sparse, safe ticket update (the Kamelet's body)
     * @param ticketStatus the ticket's status and subject as read before the write, recorded with it
     */
    public record TicketWrite(Ticket update, TicketEnrichment enrichment, String ticketStatus, String subject) { }
}
