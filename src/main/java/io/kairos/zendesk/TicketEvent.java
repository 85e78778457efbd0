package io.kairos.zendesk;

import java.util.List;

/**
 * What Kairos needs from one Zendesk ticket delivery, from either webhook shape.
 *
 * @param type the event type without Zendesk's prefix, e.g. {@code ticket.created}
 * @param requesterEmail present in trigger bodies; event subscriptions carry only the requester id
 * @param tags the ticket's tags when the payload carries them, else null
 */
public record TicketEvent(long ticketId, String type, String requesterEmail, Long requesterId, Long actorId,
                          List<String> tags) { }
