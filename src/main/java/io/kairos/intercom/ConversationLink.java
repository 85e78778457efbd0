package io.kairos.intercom;

/**
 * An Intercom conversation's Zendesk ticket, as stored.
 *
 * @param ticketId        null while the ticket is being created
 * @param requesterId     the ticket's requester in Zendesk: the author of the contact's replies
 * @param attemptedBefore an earlier attempt started creating the ticket and did not record it: it may exist
 */
public record ConversationLink(String conversationId, Long ticketId, Long requesterId, boolean attemptedBefore) { }
