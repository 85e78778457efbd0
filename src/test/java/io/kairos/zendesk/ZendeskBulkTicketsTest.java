package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.enrichment.TicketEnrichment;
import io.kairos.proactive.HelpdeskTicket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZendeskBulkTicketsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final TicketEnrichment enrichment = new TicketEnrichment(7, "jane@acme.example", true, "note",
            List.of("Kairos_Enriched"), Map.of(360001L, "Gold"), 99L);

    @Test
    void aTicketOfTheBatchFormAddsTagsAndLinksTheProblem() throws Exception {
        var ticket = ZendeskBulkTickets.ticket(json, enrichment, new HelpdeskTicket(7, "s", "open", "question", 1L));

        assertThat(json.readTree(ticket.toString())).isEqualTo(json.readTree("""
                {"id": 7, "comment": {"body": "note", "public": false}, "additional_tags": ["kairos_enriched"],
                 "custom_fields": [{"id": 360001, "value": "Gold"}], "type": "incident", "problem_id": 99}"""));
    }

    @Test
    void aProblemTicketIsNotMadeAnIncident() {
        var ticket = ZendeskBulkTickets.ticket(json, enrichment, new HelpdeskTicket(7, "s", "open", "problem", 1L));

        assertThat(ticket.has("problem_id")).isFalse();
        assertThat(ticket.has("type")).isFalse();
    }

    @Test
    void retryAfterIsReadInSeconds() {
        assertThat(ZendeskRest.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(ZendeskRest.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).isNull();
        assertThat(ZendeskRest.retryAfter(null)).isNull();
    }
}
