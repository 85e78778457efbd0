package io.kairos.proactive;

/**
 * A ticket as a helpdesk search or incident list returns it, before Kairos decides whether it holds a message back.
 *
 * @param status      the helpdesk's status name, e.g. open or solved
 * @param type        the helpdesk's ticket type, e.g. problem or incident; may be null
 * @param requesterId the helpdesk user who asked; null when unknown
 */
public record HelpdeskTicket(long id, String subject, String status, String type, Long requesterId) {
}
