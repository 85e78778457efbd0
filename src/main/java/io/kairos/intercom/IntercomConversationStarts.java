package io.kairos.intercom;

import io.kairos.platform.InboxEvent;
import io.kairos.proactive.Outbox;
import io.kairos.proactive.SentMessage;
import org.springframework.stereotype.Component;

/**
 * Which notification starts a conversation's Zendesk ticket. Usually {@code conversation.user.created}; but Intercom
 * sends none for a conversation an admin's message opened (Kairos's proactive messages among them): there the
 * contact's first reply is where the helpdesk conversation starts, so that reply creates the ticket through the
 * same steps, claimed in the same link row, and later replies append as usual.
 */
@Component("intercomConversationStarts")
public class IntercomConversationStarts {

    private final IntercomConversationLinks links;
    private final Outbox outbox;

    public IntercomConversationStarts(IntercomConversationLinks links, Outbox outbox) {
        this.links = links;
        this.outbox = outbox;
    }

    /**
     * The message Kairos sent that opened the conversation, or null when Kairos sent none (a conversation the
     * contact started answers nothing, whatever its source id).
     */
    public SentMessage answered(ConversationEvent conversation) {
        return conversation.answersAMessage()
                ? outbox.sent(IntercomAnswers.CHANNEL, conversation.sourceId()).orElse(null) : null;
    }

    /** The event as the bridge handles it: a reply that starts the ticket becomes its creation. */
    public ConversationEvent handledAs(ConversationEvent conversation, InboxEvent event, SentMessage answered) {
        if (!ConversationEvent.REPLIED.equals(conversation.topic())) {
            return conversation;
        }
        String claimedBy = links.claimedBy(conversation.conversationId()).orElse(null);
        return startsTicket(conversation, answered != null, claimedBy, event.eventId()) ? conversation.asStart()
                : conversation;
    }

    /**
     * A reply starts the ticket when the workspace opened the conversation (Intercom says so in
     * {@code delivered_as}, or, in its older shape that does not, the source is a message Kairos sent) and no other
     * notification has claimed the creation: none yet, or this very one on a retry (so its creation steps find the
     * ticket they made rather than appending the reply to it). A conversation the contact started waits for its
     * created notification, as does any reply once another notification creates or created the ticket.
     */
    static boolean startsTicket(ConversationEvent reply, boolean answersKairos, String claimedBy, String eventId) {
        if (!ConversationEvent.REPLIED.equals(reply.topic()) || reply.messageHtml() == null) {
            return false;
        }
        boolean startedByWorkspace = reply.startedByWorkspace()
                || (answersKairos && !"customer_initiated".equals(reply.deliveredAs()));
        return startedByWorkspace && (claimedBy == null || claimedBy.equals(eventId));
    }
}
