package io.kairos.zendesk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.InboxEvent;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.zendesk.client.v2.model.Ticket;

/**
 * Reads stored Zendesk deliveries for enrichment and recognises Kairos's own changes, which would
 * otherwise loop: Kairos's update fires another webhook.
 */
@Component("zendeskTicketEvents")
public class ZendeskTicketEvents {

    private final ZendeskPayloads payloads;
    private final ZendeskProperties properties;

    public ZendeskTicketEvents(ObjectMapper json, ZendeskProperties properties) {
        this.payloads = new ZendeskPayloads(json);
        this.properties = properties;
    }

    public TicketEvent read(InboxEvent event) {
        return payloads.read(event.payload());
    }

    /** The ticket's status as Zendesk spells it in the API ({@code open}, {@code solved}, ...), or null. */
    public String statusOf(Ticket ticket) {
        return ticket == null || ticket.getStatus() == null ? null
                : ticket.getStatus().name().toLowerCase(Locale.ROOT);
    }

    /** True when the event was caused by Kairos's own write-back (its Zendesk user is the actor). */
    public boolean isOwnChange(TicketEvent event) {
        return properties.kairosUserId() != null && properties.kairosUserId().equals(event.actorId());
    }
}
