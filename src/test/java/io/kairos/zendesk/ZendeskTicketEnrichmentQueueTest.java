package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.Inbox;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** A ticket Kairos created is queued as a Zendesk delivery that the enrichment flow reads like any other. */
class ZendeskTicketEnrichmentQueueTest {

    private final Inbox inbox = mock(Inbox.class);
    private final ObjectMapper json = new ObjectMapper();
    private final ZendeskTicketEnrichmentQueue queue = new ZendeskTicketEnrichmentQueue(inbox, json);

    @Test
    void theQueuedDeliveryReadsAsATicketCreatedEventForThatTicketAndRequester() {
        when(inbox.accept(anyString(), anyString(), anyString(), anyString())).thenReturn(true);

        assertThat(queue.queue(35501, "jane@acme.example", "intercom")).isTrue();

        ArgumentCaptor<String> payload = ArgumentCaptor.forClass(String.class);
        verify(inbox).accept(eq("zendesk"), eq("kairos-intercom-ticket-35501"), eq("ticket.created"),
                payload.capture());
        TicketEvent event = new ZendeskPayloads(json).read(payload.getValue());
        assertThat(event).isEqualTo(new TicketEvent(35501, "ticket.created", "jane@acme.example", null, null, null));
        assertThat(new ZendeskPayloads(json).identify(payload.getValue().getBytes()).eventId())
                .as("the same identity the inbox stores it under").isEqualTo("kairos-intercom-ticket-35501");
    }
}
