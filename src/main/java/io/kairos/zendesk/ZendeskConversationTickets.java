package io.kairos.zendesk;

import io.kairos.intercom.ConversationEvent;
import io.kairos.intercom.ConversationLink;
import io.kairos.proactive.SentMessage;
import java.util.List;
import org.springframework.stereotype.Component;
import org.zendesk.client.v2.model.Comment;
import org.zendesk.client.v2.model.Status;
import org.zendesk.client.v2.model.Ticket;

/**
 * Maps an Intercom conversation onto its Zendesk ticket: the new ticket (the contact as requester, so Zendesk
 * shows them as the author of the first, public comment), a reply as the requester's public comment, and the
 * sparse update that solves it.
 */
@Component("zendeskConversationTickets")
public class ZendeskConversationTickets {

    static final String SOURCE_TAG = "kairos_source_intercom";
    static final String PROACTIVE_REPLY_TAG = "kairos_proactive_reply";
    private static final String EXTERNAL_ID_PREFIX = "intercom-conversation-";

    /** The new ticket; its {@code external_id} names the conversation, so a retry can find it before creating. */
    public Ticket toTicket(ConversationEvent conversation) {
        return toTicket(conversation, null);
    }

    /**
     * The new ticket; when the conversation answers a message Kairos sent ({@code answered}, else null), its subject
     * is "Re: " and that message's subject, and it carries {@value #PROACTIVE_REPLY_TAG}, so the agent knows what the
     * contact is answering. The first comment stays the contact's own words: the requester sees it as theirs, and
     * the sidebar app shows the message in Kairos's timeline.
     */
    public Ticket toTicket(ConversationEvent conversation, SentMessage answered) {
        Comment comment = new Comment();
        comment.setHtmlBody(conversation.messageHtml());
        comment.setPublic(true);
        String name = conversation.contactName() == null ? conversation.contactEmail() : conversation.contactName();
        String subject = answered == null || answered.subject() == null || answered.subject().isBlank()
                ? conversation.subject() : "Re: " + answered.subject();
        Ticket ticket = new Ticket(new Ticket.Requester(name, conversation.contactEmail()), subject, comment);
        ticket.setExternalId(externalId(conversation));
        ticket.setTags(answered == null ? List.of(SOURCE_TAG) : List.of(SOURCE_TAG, PROACTIVE_REPLY_TAG));
        return ticket;
    }

    /** {@code intercom-conversation-<conversation id>}. */
    public String externalId(ConversationEvent conversation) {
        return EXTERNAL_ID_PREFIX + conversation.conversationId();
    }

    /** The conversation's ticket among those Zendesk listed for its external_id, or null. */
    public Ticket existing(Iterable<Ticket> listed, ConversationEvent conversation) {
        if (listed == null) {
            return null;
        }
        String externalId = externalId(conversation);
        for (Ticket ticket : listed) {
            if (ticket.getId() != null && externalId.equals(ticket.getExternalId())) {
                return ticket;
            }
        }
        return null;
    }

    /**
     * The ticket Zendesk answered with. An answer without one leaves it unknown whether the ticket exists: the
     * failure is retried, and the retry looks the ticket up by its external_id first.
     */
    public Ticket created(Ticket answer) {
        if (answer == null || answer.getId() == null) {
            throw new IllegalStateException("Zendesk answered createTicket without a ticket");
        }
        return answer;
    }

    /** The contact's reply as a public comment written as the ticket's requester (when known). */
    public Comment reply(ConversationEvent conversation, ConversationLink link) {
        Comment comment = new Comment();
        comment.setHtmlBody(conversation.messageHtml());
        comment.setPublic(true);
        comment.setAuthorId(link.requesterId());
        return comment;
    }

    /** The sparse update that solves the ticket and nothing else. */
    public Ticket solved(long ticketId) {
        Ticket update = new Ticket();
        update.setId(ticketId);
        update.setStatus(Status.SOLVED);
        return update;
    }
}
