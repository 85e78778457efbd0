package io.kairos.intercom;

import io.kairos.platform.InboxEvent;
import io.kairos.proactive.Outbox;
import org.springframework.stereotype.Component;

/**
 * Marks a message Kairos sent through Intercom as answered when the contact writes in the conversation it started:
 * Intercom opens that conversation with the message as its {@code source} (its {@code id} is the one
 * {@code POST /messages} answered, kept as the outbox row's external id). Any other conversation changes nothing.
 */
@Component("intercomAnswers")
public class IntercomAnswers {

    /** The outbox channel of messages Kairos sends through Intercom. */
    static final String CHANNEL = "intercom";

    private final IntercomNotifications notifications;
    private final Outbox outbox;

    public IntercomAnswers(IntercomNotifications notifications, Outbox outbox) {
        this.notifications = notifications;
        this.outbox = outbox;
    }

    /**
     * Records the answer when the notification is one to a message Kairos sent; void, so the route's body stays as it
     * was. Idempotent: a redelivery or a later reply keeps the first answer's time.
     */
    public void recorded(InboxEvent event, ConversationEvent conversation) {
        if (conversation.answersAMessage()) {
            outbox.markAnswered(CHANNEL, conversation.sourceId(), notifications.happenedAt(event, event.receivedAt()));
        }
    }
}
