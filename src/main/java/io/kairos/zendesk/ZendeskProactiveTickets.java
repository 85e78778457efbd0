package io.kairos.zendesk;

import io.kairos.proactive.MessageRequests;
import io.kairos.proactive.MessageTemplates;
import io.kairos.proactive.Outbox;
import io.kairos.proactive.OutboxMessage;
import io.kairos.proactive.ProactiveRules;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.zendesk.client.v2.model.Comment;
import org.zendesk.client.v2.model.Ticket;

/**
 * Turns a planned outbox message and its rendered template into the new Zendesk ticket that tells the contact:
 * they are its requester, the text is its first, public comment (so Zendesk emails it to them).
 */
@Component("zendeskProactiveTickets")
public class ZendeskProactiveTickets implements MessageRequests {

    static final String PROACTIVE_TAG = "kairos_proactive";

    private final ProactiveRules rules;

    public ZendeskProactiveTickets(ProactiveRules rules) {
        this.rules = rules;
    }

    /** Notes on open tickets go whatever the channel; tickets only while some signal type goes through Zendesk. */
    @Override
    public boolean ready(String channel) {
        return Outbox.TICKET_NOTE.equals(channel) || rules.usesChannel(channel);
    }

    /** The note about a held-back message, or else the proactive ticket. */
    @Override
    public Ticket request(OutboxMessage message, String text) {
        return Outbox.TICKET_NOTE.equals(message.channel()) ? toNote(message, text) : toTicket(message, text);
    }

    /**
     * The ticket to create; its {@code external_id} names the outbox message, so a ticket whose creation had an
     * unknown outcome can be found before anyone sends it again.
     */
    public Ticket toTicket(OutboxMessage message, String renderedHtml) {
        Comment comment = new Comment();
        comment.setHtmlBody(renderedHtml == null ? "" : renderedHtml.strip());
        comment.setPublic(true);
        String name = message.contactName() == null || message.contactName().isBlank() ? message.contactEmail()
                : message.contactName().strip();
        Ticket ticket = new Ticket(new Ticket.Requester(name, message.contactEmail()), MessageTemplates.subject(message.signal()),
                comment);
        ticket.setExternalId(message.reference());
        ticket.setTags(List.of(PROACTIVE_TAG,
                "kairos_signal_" + message.signal().type().name().toLowerCase(Locale.ROOT)));
        return ticket;
    }

    /**
     * The update that adds the internal note about a held-back message to the contact's open ticket: a private
     * comment only, so the agent sees it and the customer is not emailed.
     */
    public Ticket toNote(OutboxMessage message, String renderedText) {
        if (message.ticketId() == null) {
            throw new IllegalArgumentException("outbox message " + message.id() + " names no ticket for its note");
        }
        Comment note = new Comment(renderedText == null ? "" : renderedText.strip());
        note.setPublic(false);
        Ticket update = new Ticket();
        update.setId(message.ticketId());
        update.setComment(note);
        return update;
    }
}
