package io.kairos.timing;

/** An open helpdesk ticket of the contact about the same signal, found by the caller before deciding. */
public record OpenTicket(long ticketId, String subject) {
}
