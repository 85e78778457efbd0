package io.kairos.zendesk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.Inbox;
import org.springframework.stereotype.Component;

/**
 * Queues the enrichment of a ticket Kairos created itself (the Intercom bridge) as one more stored Zendesk
 * delivery, in the trigger shape {@link ZendeskPayloads} reads. zendesk-ticket-to-enriched-ticket then enriches
 * it exactly as it does a ticket Zendesk told us about: one code path, its own retries and dead letter, and a
 * failed enrichment never re-runs the ticket's creation.
 */
@Component("ticketEnrichmentQueue")
public class ZendeskTicketEnrichmentQueue {

    private final Inbox inbox;
    private final ObjectMapper json;

    public ZendeskTicketEnrichmentQueue(Inbox inbox, ObjectMapper json) {
        this.inbox = inbox;
        this.json = json;
    }

    /** Stores the request once per ticket ({@code kairos-<origin>-ticket-<id>}); false if it was already queued. */
    public boolean queue(long ticketId, String requesterEmail, String origin) {
        String eventId = "kairos-" + origin + "-ticket-" + ticketId;
        String payload = json.createObjectNode()
                .put("event_id", eventId)
                .put("event", "ticket.created")
                .put("ticket_id", String.valueOf(ticketId))
                .put("requester_email", requesterEmail)
                .put("origin", origin)
                .toString();
        return inbox.accept(ZendeskWebhookSource.NAME, eventId, "ticket.created", payload);
    }
}
