package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.enrichment.TicketEnrichment;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zendesk.client.v2.model.CustomFieldValue;
import org.zendesk.client.v2.model.Ticket;
import org.zendesk.client.v2.model.Type;

/** One sparse, safe Zendesk update per enrichment. */
class ZendeskTicketUpdatesTest {

    private static final Date UPDATED_AT = Date.from(Instant.parse("2026-11-26T10:00:05Z"));

    private final ZendeskTicketUpdates updates = new ZendeskTicketUpdates();

    @Test
    void keepsTheTicketsTagsAndAddsOursLowercasedWithoutDuplicates() {
        Ticket current = ticket(35436L, Type.QUESTION, List.of("Web", "VIP", "kairos_enriched"));
        TicketEnrichment enrichment = enrichment(List.of("kairos_enriched", "Kairos_Tier_Gold", "web"), Map.of(),
                null);

        Ticket update = updates.toUpdate(enrichment, current);

        assertThat(update.getTags()).containsExactly("web", "vip", "kairos_enriched", "kairos_tier_gold");
    }

    @Test
    void aTicketWithoutTagsGetsOurs() {
        Ticket update = updates.toUpdate(enrichment(List.of("kairos_enriched"), Map.of(), null),
                ticket(35436L, null, null));

        assertThat(update.getTags()).containsExactly("kairos_enriched");
    }

    @Test
    void theNoteIsAPrivateComment() {
        Ticket update = updates.toUpdate(enrichment(List.of(), Map.of(), null), ticket(35436L, Type.QUESTION, null));

        assertThat(update.getId()).isEqualTo(35436L);
        assertThat(update.getComment().getBody()).isEqualTo("Kairos · Salesforce context\nWho: Jane");
        assertThat(update.getComment().isPublic()).isFalse();
    }

    @Test
    void customFieldsCarryTheValueAsAOneElementArrayWrittenAsAScalar() throws Exception {
        Ticket update = updates.toUpdate(enrichment(List.of(), Map.of(360001L, "Gold", 360002L, "Acme GmbH"), null),
                ticket(35436L, Type.QUESTION, null));

        assertThat(update.getCustomFields()).extracting(CustomFieldValue::getId, f -> Arrays.asList(f.getValue()))
                .containsExactlyInAnyOrder(tuple(360001L, List.of("Gold")), tuple(360002L, List.of("Acme GmbH")));
        CustomFieldValue gold = update.getCustomFields().stream().filter(f -> f.getId() == 360001L).findFirst()
                .orElseThrow();
        assertThat(new ObjectMapper().writeValueAsString(gold)).isEqualTo("{\"id\":360001,\"value\":\"Gold\"}");
    }

    @Test
    void noCustomFieldsMeansTheUpdateLeavesThemAlone() {
        Ticket update = updates.toUpdate(enrichment(List.of(), Map.of(), null), ticket(35436L, Type.QUESTION, null));

        assertThat(update.getCustomFields()).isNull();
    }

    @Test
    void aKnownIssueMakesTheTicketAnIncidentOfItsProblem() {
        Ticket update = updates.toUpdate(enrichment(List.of(), Map.of(), 99L), ticket(35436L, Type.QUESTION, null));

        assertThat(update.getType()).isEqualTo(Type.INCIDENT);
        assertThat(update.getProblemId()).isEqualTo(99L);
    }

    @Test
    void aProblemTicketIsNotTurnedIntoAnIncident() {
        Ticket update = updates.toUpdate(enrichment(List.of(), Map.of(), 99L), ticket(35436L, Type.PROBLEM, null));

        assertThat(update.getType()).isNull();
        assertThat(update.getProblemId()).isNull();
    }

    @Test
    void theProblemTicketIsNotLinkedToItself() {
        Ticket update = updates.toUpdate(enrichment(99L, List.of(), Map.of(), 99L), ticket(99L, Type.QUESTION, null));

        assertThat(update.getType()).isNull();
        assertThat(update.getProblemId()).isNull();
    }

    @Test
    void noKnownIssueLeavesTheTypeAlone() {
        Ticket update = updates.toUpdate(enrichment(List.of(), Map.of(), null), ticket(35436L, Type.TASK, null));

        assertThat(update.getType()).isNull();
        assertThat(update.getProblemId()).isNull();
    }

    @Test
    void isASafeUpdateAgainstTheTicketAsRead() {
        Ticket update = updates.toUpdate(enrichment(List.of(), Map.of(), null), ticket(35436L, Type.QUESTION, null));

        assertThat(update.getSafeUpdate()).isTrue();
        assertThat(update.getUpdatedAt()).isEqualTo(UPDATED_AT);
    }

    private static TicketEnrichment enrichment(List<String> tags, Map<Long, String> fields, Long problemId) {
        return enrichment(35436L, tags, fields, problemId);
    }

    private static TicketEnrichment enrichment(long ticketId, List<String> tags, Map<Long, String> fields,
                                               Long problemId) {
        return new TicketEnrichment(ticketId, "jane@acme.example", true, "Kairos · Salesforce context\nWho: Jane",
                tags, fields, problemId);
    }

    private static Ticket ticket(Long id, Type type, List<String> tags) {
        Ticket ticket = new Ticket();
        ticket.setId(id);
        ticket.setType(type);
        ticket.setTags(tags);
        ticket.setUpdatedAt(UPDATED_AT);
        return ticket;
    }
}
