package io.kairos.intercom;

import io.kairos.activity.ContactActivity;
import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.TicketEnrichments;
import io.kairos.platform.InboxEvent;
import org.springframework.stereotype.Component;

/**
 * Adds a contact's conversation started or reply to their activity histogram, for send-time; an admin's close says
 * nothing about when the contact is around. The zone and account come from the contact's cached Salesforce context
 * when Kairos has one (else UTC, no account).
 */
@Component("intercomActivity")
public class IntercomActivity {

    private final IntercomNotifications notifications;
    private final ContactActivity activity;
    private final TicketEnrichments enrichments;

    public IntercomActivity(IntercomNotifications notifications, ContactActivity activity,
                            TicketEnrichments enrichments) {
        this.notifications = notifications;
        this.activity = activity;
        this.enrichments = enrichments;
    }

    /** Records the contact's conversation started or reply at the notification's time. */
    public void seen(InboxEvent event, ConversationEvent conversation) {
        boolean byContact = ConversationEvent.CREATED.equals(conversation.topic())
                || ConversationEvent.REPLIED.equals(conversation.topic());
        if (!byContact || conversation.contactEmail() == null) {
            return;
        }
        CustomerContext customer = enrichments.cached(conversation.contactEmail());
        activity.seen(event.source() + ":" + event.eventId(), conversation.contactEmail(),
                customer == null ? null : customer.accountId(), customer == null ? null : customer.timeZone(), null,
                notifications.happenedAt(event, event.receivedAt()));
    }
}
