package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.EnrichmentRecords;
import io.kairos.enrichment.TicketEnrichment;
import io.kairos.enrichment.TicketEnrichments;
import io.kairos.platform.Inbox;
import io.kairos.platform.InboxEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.zendesk.client.v2.model.Status;
import org.zendesk.client.v2.model.Ticket;

/** The single-ticket enrichment's decisions and bookkeeping, without Camel: the route only makes the calls. */
class ZendeskTicketEnrichmentTest {

    private static final long KAIROS_USER = 900;
    private static final long TICKET = 35501;
    private static final String EMAIL = "jane@acme.example";

    private final Instant now = Instant.parse("2026-03-02T10:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final Inbox inbox = mock(Inbox.class);
    private final TicketEnrichments enrichments = mock(TicketEnrichments.class);
    private final EnrichmentRecords records = mock(EnrichmentRecords.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ZendeskTicketEnrichment enrichment = new ZendeskTicketEnrichment(
            new ZendeskTicketEvents(new ObjectMapper(), new ZendeskProperties(null, null, null, null,
                    Duration.ofMinutes(5), 90, 20, KAIROS_USER)),
            inbox, enrichments, records, new ZendeskTicketUpdates(), new ZendeskEnrichmentLatency(meters, clock));

    @Test
    void kairosOwnChangeIsSkippedWithItsReasonAndGoesNoFurther() {
        InboxEvent event = event(KAIROS_USER);

        assertThat(enrichment.read(event)).isNull();

        verify(inbox).markSkipped(event, "own change: Kairos is the actor");
        verifyNoInteractions(records, enrichments);
    }

    @Test
    void anyoneElsesChangeIsReadForEnrichment() {
        InboxEvent event = event(42L);

        TicketEvent read = enrichment.read(event);

        assertThat(read.ticketId()).isEqualTo(TICKET);
        assertThat(read.requesterEmail()).isEqualTo(EMAIL);
        verify(inbox, never()).markSkipped(any(), any());
    }

    @Test
    void theTicketsStatusAndSubjectAreKeptCurrentFromTheEvent() {
        enrichment.seen(enrichment.read(event(42L)), ticket(Status.SOLVED));

        verify(records).seen(TICKET, "solved", "Order 1001 late");
    }

    @Test
    void anEnrichmentAlreadyOnTheTicketWritesNothingAndIsSkipped() {
        InboxEvent event = event(42L);
        TicketEnrichment known = enrichmentOf(true);
        CustomerContext customer = mock(CustomerContext.class);
        when(enrichments.build(TICKET, EMAIL, customer)).thenReturn(known);
        when(records.alreadyWritten(known)).thenReturn(true);

        assertThat(enrichment.toWrite(event, enrichment.read(event), ticket(Status.OPEN), EMAIL, customer)).isNull();

        verify(inbox).markSkipped(event, "unchanged: this enrichment is already on the ticket");
        verify(records, never()).written(any(), any(), any());
    }

    @Test
    void aNewEnrichmentBecomesOneSafeUpdateKeepingTheTicketsTags() {
        InboxEvent event = event(42L);
        TicketEnrichment known = enrichmentOf(true);
        CustomerContext customer = mock(CustomerContext.class);
        when(enrichments.build(TICKET, EMAIL, customer)).thenReturn(known);
        Ticket current = ticket(Status.OPEN);

        ZendeskTicketEnrichment.TicketWrite write = enrichment.toWrite(event, enrichment.read(event), current, EMAIL,
                customer);

        assertThat(write.enrichment()).isEqualTo(known);
        assertThat(write.ticketStatus()).isEqualTo("open");
        assertThat(write.subject()).isEqualTo("Order 1001 late");
        assertThat(write.update().getId()).isEqualTo(TICKET);
        assertThat(write.update().getSafeUpdate()).isTrue();
        assertThat(write.update().getUpdatedAt()).isEqualTo(current.getUpdatedAt());
        assertThat(write.update().getTags()).containsExactly("vip", "kairos_enriched");
        assertThat(write.update().getComment().getBody()).isEqualTo("Gold customer");
        assertThat(write.update().getComment().isPublic()).isFalse();
        verify(inbox, never()).markSkipped(any(), any());
    }

    @Test
    void aWrittenEnrichmentIsRecordedTimedAndTheEventDone() {
        InboxEvent event = event(42L);
        TicketEnrichment known = enrichmentOf(true);
        var write = new ZendeskTicketEnrichment.TicketWrite(new Ticket(), known, "open", "Order 1001 late");

        enrichment.written(event, write);

        verify(records).written(known, "open", "Order 1001 late");
        verify(inbox).markDone(event, "enriched");
        assertThat(meters.get(ZendeskEnrichmentLatency.TIMER).tag("outcome", "enriched").timer()
                .totalTime(TimeUnit.SECONDS)).isEqualTo(90.0);
    }

    @Test
    void anUnknownCustomersNoteWrittenIsRecordedAsSkippedWithTheReason() {
        InboxEvent event = event(42L);
        TicketEnrichment unknown = enrichmentOf(false);

        enrichment.written(event, new ZendeskTicketEnrichment.TicketWrite(new Ticket(), unknown, "new", null));

        verify(records).written(unknown, "new", null);
        verify(inbox).markSkipped(event,
                "unknown customer: no Salesforce contact for the requester; noted on the ticket");
        verify(inbox, never()).markDone(any(), any());
        assertThat(meters.get(ZendeskEnrichmentLatency.TIMER).tag("outcome", "unknown_customer").timer().count())
                .isEqualTo(1);
    }

    @Test
    void theCacheIsAskedFirstAndALookedUpCustomerRemembered() {
        CustomerContext found = mock(CustomerContext.class);
        when(enrichments.cached(EMAIL)).thenReturn(null);
        when(enrichments.remember(EMAIL, found)).thenReturn(found);

        assertThat(enrichment.cached(EMAIL)).isNull();
        assertThat(enrichment.remember(EMAIL, found)).isSameAs(found);

        verify(enrichments).remember(EMAIL, found);
    }

    private InboxEvent event(Long actorId) {
        String payload = """
                {"event_id": "evt-1", "event": "ticket.updated", "ticket_id": "%d",
                 "requester_email": "%s", "actor_id": "%d"}""".formatted(TICKET, EMAIL, actorId);
        return new InboxEvent("zendesk", "evt-1", "ticket.updated", payload, 0, now.minusSeconds(90));
    }

    private static Ticket ticket(Status status) {
        Ticket ticket = new Ticket();
        ticket.setId(TICKET);
        ticket.setStatus(status);
        ticket.setSubject("Order 1001 late");
        ticket.setTags(List.of("VIP"));
        ticket.setUpdatedAt(Date.from(Instant.parse("2026-03-02T09:59:00Z")));
        return ticket;
    }

    private static TicketEnrichment enrichmentOf(boolean customerKnown) {
        return new TicketEnrichment(TICKET, EMAIL, customerKnown, customerKnown ? "Gold customer" : "No contact",
                List.of("kairos_enriched"), Map.of(), null);
    }
}
