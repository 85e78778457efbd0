package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.intercom.ConversationEvent;
import io.kairos.intercom.ConversationLink;
import io.kairos.proactive.SentMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zendesk.client.v2.model.Comment;
import org.zendesk.client.v2.model.Status;
import org.zendesk.client.v2.model.Ticket;

/**
 * An Intercom conversation as its Zendesk ticket: the new ticket, the reply comment, the solving update (the
 * JSON on the wire is checked in {@code IntercomBridgeIT}).
 */
class ZendeskConversationTicketsTest {

    private final ZendeskConversationTickets tickets = new ZendeskConversationTickets();

    private static ConversationEvent created(String name) {
        return new ConversationEvent("notif-1", ConversationEvent.CREATED, "215", "jane@acme.example", name,
                "Where is my order?", "<p>Where is my order?</p>", "3201", null);
    }

    @Test
    void aConversationAnsweringAKairosMessageIsReToItsSubjectAndTagged() {
        SentMessage sent = new SentMessage("ORDER_DELAY", "Your order <00123> & more",
                Instant.parse("2025-11-26T09:00:42Z"));

        Ticket ticket = tickets.toTicket(created("Jane Doe"), sent);

        assertThat(ticket.getSubject()).isEqualTo("Re: Your order <00123> & more");
        assertThat(ticket.getComment().getHtmlBody()).as("the contact's own words").isEqualTo("<p>Where is my order?</p>");
        assertThat(ticket.getComment().isPublic()).isTrue();
        assertThat(ticket.getTags()).containsExactly("kairos_source_intercom", "kairos_proactive_reply");
        assertThat(ticket.getExternalId()).isEqualTo("intercom-conversation-215");
    }

    @Test
    void aNewConversationBecomesATicketRequestedByTheContactWithTheFirstMessagePublic() {
        Ticket ticket = tickets.toTicket(created("Jane Doe"));

        assertThat(ticket.getId()).isNull();
        assertThat(ticket.getRequester().getEmail()).isEqualTo("jane@acme.example");
        assertThat(ticket.getRequester().getName()).isEqualTo("Jane Doe");
        assertThat(ticket.getSubject()).isEqualTo("Where is my order?");
        assertThat(ticket.getComment().getHtmlBody()).isEqualTo("<p>Where is my order?</p>");
        assertThat(ticket.getComment().isPublic()).isTrue();
        assertThat(ticket.getComment().getAuthorId()).as("Zendesk makes the requester its author").isNull();
        assertThat(ticket.getSubmitterId()).isNull();
        assertThat(ticket.getTags()).containsExactly("kairos_source_intercom");
        assertThat(ticket.getExternalId()).isEqualTo("intercom-conversation-215");
    }

    @Test
    void aContactWithoutANameIsNamedByTheirEmail() {
        assertThat(tickets.toTicket(created(null)).getRequester().getName()).isEqualTo("jane@acme.example");
    }

    @Test
    void theConversationsTicketIsFoundAmongThoseListedForItsExternalId() {
        Ticket other = ticket(1L, "intercom-conversation-2150");
        Ticket mine = ticket(35501L, "intercom-conversation-215");

        assertThat(tickets.existing(List.of(other, mine), created("Jane Doe"))).isSameAs(mine);
        assertThat(tickets.existing(List.of(other), created("Jane Doe"))).isNull();
        assertThat(tickets.existing(List.of(), created("Jane Doe"))).isNull();
        assertThat(tickets.existing(null, created("Jane Doe"))).isNull();
    }

    @Test
    void anAnswerWithoutATicketIsAFailureToRetry() {
        Ticket answer = ticket(35501L, "intercom-conversation-215");

        assertThat(tickets.created(answer)).isSameAs(answer);
        assertThatThrownBy(() -> tickets.created(null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tickets.created(new Ticket())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReplyIsAPublicCommentWrittenAsTheRequester() {
        ConversationEvent reply = new ConversationEvent("notif-2", ConversationEvent.REPLIED, "215",
                "jane@acme.example", "Jane Doe", null, "<p>Order 00000102</p>", "8812", null);

        Comment comment = tickets.reply(reply, new ConversationLink("215", 35501L, 9001L, false));

        assertThat(comment.getHtmlBody()).isEqualTo("<p>Order 00000102</p>");
        assertThat(comment.isPublic()).isTrue();
        assertThat(comment.getAuthorId()).isEqualTo(9001L);
    }

    @Test
    void solvingChangesTheStatusAndNothingElse() {
        Ticket update = tickets.solved(35501);

        assertThat(update.getId()).isEqualTo(35501L);
        assertThat(update.getStatus()).isEqualTo(Status.SOLVED);
        assertThat(update.getComment()).isNull();
        assertThat(update.getTags()).isNull();
    }

    private static Ticket ticket(Long id, String externalId) {
        Ticket ticket = new Ticket();
        ticket.setId(id);
        ticket.setExternalId(externalId);
        return ticket;
    }
}
