package io.kairos.zendesk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.activity.ContactActivity;
import io.kairos.enrichment.CustomerContext;
import io.kairos.platform.InboxEvent;
import org.springframework.stereotype.Component;

/**
 * Adds a requester's own action on a ticket (opened it, replied publicly) to their activity histogram, for
 * send-time; agents' replies, internal notes and other ticket changes say nothing about when the customer is around.
 */
@Component("zendeskActivity")
public class ZendeskActivity {

    private final ZendeskPayloads payloads;
    private final ContactActivity activity;

    public ZendeskActivity(ObjectMapper json, ContactActivity activity) {
        this.payloads = new ZendeskPayloads(json);
        this.activity = activity;
    }

    /** Records the delivery's requester action, in the zone their Salesforce contact names (else UTC). */
    public void seen(InboxEvent event, String requesterEmail, CustomerContext customer) {
        payloads.requesterActedAt(event.payload(), event.receivedAt()).ifPresent(at -> activity.seen(
                event.source() + ":" + event.eventId(), requesterEmail,
                customer == null ? null : customer.accountId(), customer == null ? null : customer.timeZone(),
                null, at));
    }
}
