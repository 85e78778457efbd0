package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.proactive.OutboxMessage;
import io.kairos.proactive.ProactiveProperties;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.Signal;
import io.kairos.proactive.TimingDecisionsTest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zendesk.client.v2.model.Ticket;

/**
 * A planned message becomes a new ticket to the contact: requester, subject, public HTML comment, tags, external
 * id (the JSON on the wire is checked in {@code OutboxToZendeskIT}).
 */
class ZendeskProactiveTicketsTest {

    private final ZendeskProactiveTickets tickets = new ZendeskProactiveTickets(new ProactiveRules(
            TimingDecisionsTest.DEFAULTS, new ProactiveProperties("intercom", 10, null, null), Clock.systemUTC()));

    @Test
    void notesGoWhateverTheChannelAndTicketsOnlyWhenASignalTypeUsesZendesk() {
        assertThat(tickets.ready("zendesk_note")).isTrue();
        assertThat(tickets.ready("zendesk")).as("every signal type goes through Intercom").isFalse();
    }

    @Test
    void aNewTicketToTheContactWithTheTextAsItsPublicComment() {
        Ticket ticket = tickets.request(message(42, "Jane Doe", " Your order is late "),
                "\n<p>Hi Jane,</p>\n<p>Your order 00123 is running late.</p>\n");

        assertThat(ticket.getId()).as("a new ticket").isNull();
        assertThat(ticket.getRequester().getEmail()).isEqualTo("jane@acme.example");
        assertThat(ticket.getRequester().getName()).isEqualTo("Jane Doe");
        assertThat(ticket.getSubject()).isEqualTo("Your order is late");
        assertThat(ticket.getComment().getHtmlBody())
                .isEqualTo("<p>Hi Jane,</p>\n<p>Your order 00123 is running late.</p>");
        assertThat(ticket.getComment().getBody()).as("Zendesk derives the text from the HTML").isNull();
        assertThat(ticket.getComment().isPublic()).isTrue();
        assertThat(ticket.getTags()).containsExactly("kairos_proactive", "kairos_signal_order_delay");
        assertThat(ticket.getExternalId()).isEqualTo("kairos-outbox-42");
    }

    @Test
    void withoutATitleOrANameTheTicketStillReadsWell() {
        Ticket ticket = tickets.toTicket(message(7, " ", null), null);

        assertThat(ticket.getSubject()).isEqualTo("Order delay");
        assertThat(ticket.getRequester().getName()).isEqualTo("jane@acme.example");
        assertThat(ticket.getComment().getHtmlBody()).isEmpty();
        assertThat(message(7, null, null).reference()).isEqualTo("kairos-outbox-7");
    }

    @Test
    void aHeldBackMessageBecomesAPrivateCommentOnItsOpenTicket() {
        OutboxMessage held = new OutboxMessage(9, message(9, "Jane", null).signal(), "jane@acme.example", "003A",
                "Jane", null, "zendesk_note", Map.of(), Instant.parse("2026-11-26T10:00:00Z"), 1, false, 35436L);

        Ticket update = tickets.request(held, "\nKairos · proactive message held back\n");

        assertThat(update.getId()).isEqualTo(35436L);
        assertThat(update.getComment().getBody()).isEqualTo("Kairos · proactive message held back");
        assertThat(update.getComment().isPublic()).as("agents only").isFalse();
        assertThat(update.getRequester()).isNull();
        assertThat(update.getTags()).as("a note changes nothing else on the ticket").isNull();
    }

    @Test
    void aMessageWithoutATicketCannotBecomeANote() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tickets.toNote(message(9, "Jane", null), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no ticket");
    }

    private static OutboxMessage message(long id, String name, String title) {
        Signal signal = new Signal("sig-1", "evt-1", "manual", Signal.Type.ORDER_DELAY, "801A", Signal.Severity.HIGH,
                title, "New ETA Friday", null, null, null, null, Instant.parse("2026-11-26T10:00:00Z"));
        return new OutboxMessage(id, signal, "jane@acme.example", "003A", name, "Europe/Berlin", "zendesk",
                Map.of("orderNumber", "00123"), Instant.parse("2026-11-26T10:00:00Z"), 1, false);
    }
}
