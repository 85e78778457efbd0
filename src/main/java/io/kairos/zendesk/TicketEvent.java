package io.kairos.zendesk;

import io.kairos.proactive.HelpdeskTicket;
import java.util.List;

/**
 * What Kairos needs from one Zendesk ticket delivery, from either webhook shape.
 *
 * @param type the event type without Zendesk's prefix, e.g. {@code ticket.created}
 * @param requesterEmail present in trigger bodies; event subscriptions carry only the requester id
 * @param tags the ticket's tags when the payload carries them, else null
 * @param snapshot the ticket as the delivery describes it (an event's {@code detail} carries its status, subject,
 *                 type and requester), so a spike's group need not read it again; null when the payload lacks them
 */
public record TicketEvent(long ticketId, String type, String requesterEmail, Long requesterId, Long actorId,
                          List<String> tags, HelpdeskTicket snapshot) {

    public TicketEvent(long ticketId, String type, String requesterEmail, Long requesterId, Long actorId,
                       List<String> tags) {
        this(ticketId, type, requesterEmail, requesterId, actorId, tags, null);
    }

    /**
     * The Zendesk requests enriching this ticket alone makes: read the ticket, read its requester when the delivery
     * names only their id, and the update.
     */
    public int requestsToEnrich() {
        return requesterEmail == null || requesterEmail.isBlank() ? 3 : 2;
    }
}
