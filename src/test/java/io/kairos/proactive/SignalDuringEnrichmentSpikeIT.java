package io.kairos.proactive;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SignedWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Lanes (issue 13): a CRITICAL signal is decided while a spike of ticket enrichments waits for Zendesk's update
 * rate, and the waiting enrichments are parked in the inbox, holding no lease, no worker and no attempt.
 */
// Its own context, left with hundreds of parked enrichments: closed after the class, or it would go on writing
// them to the JVM's shared Zendesk stand-in while later tests count that stand-in's requests.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SignalDuringEnrichmentSpikeIT extends KairosAppTest {

    private static final int SPIKE = 500;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void slowZendeskUpdates(DynamicPropertyRegistry registry) {
        // Six enrichment requests a minute, three of them at once when idle: the first ticket is enriched at once,
        // the spike's others wait hours for their slots (three requests each), far beyond this test.
        registry.add("zendesk.requests-per-minute", () -> "8");
        registry.add("zendesk.signal-requests-per-minute", () -> "2");
        // The single-ticket path's parking is what this test watches; grouped enrichment has ZendeskBulkEnrichmentIT.
        registry.add("kairos.enrichment.bulk.group-from", () -> "0");
    }

    @Test
    void aCriticalSignalIsDecidedWhileFiveHundredEnrichmentsWaitForTheirSlots() throws Exception {
        ZENDESK.stubFor(get(urlPathMatching("/api/v2/tickets/\\d+\\.json")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("ticket-35436.json")));
        ZENDESK.stubFor(get("/api/v2/users/9001.json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("user-9001.json")));
        ZENDESK.stubFor(put(urlPathMatching("/api/v2/tickets/\\d+\\.json")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("ticket-updated.json")));
        SalesforceStubs.stubQuery(SALESFORCE, OpenTicketHoldIT.ORDER_AUDIENCE, 200, "audience-order-00000102.json");
        // The first ticket takes the rate's free slot: the order's open ticket, enriched at once.
        assertThat(webhooks().post(SignedWebhooks.fixture("ticket-created")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus("01HNX-CREATED-35436")));

        for (int i = 0; i < SPIKE; i++) {
            String ticket = SignedWebhooks.fixture("ticket-created").replace("35436", String.valueOf(500_000 + i));
            assertThat(webhooks().post(ticket).statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> parked() >= 100);
        HttpResponse<String> raised = post("/api/signals", "{\"type\":\"ORDER_DELAY\",\"recordId\":\""
                + OpenTicketHoldIT.ORDER_ID + "\",\"severity\":\"CRITICAL\",\"title\":\"Order 00000102 is late\"}");
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(202);
        String signalId = raised.body().replaceAll(".*\"signalId\":\"([^\"]+)\".*", "$1");
        assertThat(jdbc.queryForObject("select priority from inbox_event where source = 'manual'", Integer.class))
                .as("CRITICAL: first in the signals lane").isEqualTo(2);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from ledger_entry where signal_id = ?", Integer.class, signalId) > 0);

        assertThat(jdbc.queryForObject("select count(*) from inbox_event where source = 'zendesk' and event_id like "
                + "'%-5_____' and status = 'PENDING'", Integer.class)).as("most enrichments still wait")
                .isGreaterThanOrEqualTo(SPIKE - 20);
        List<Map<String, Object>> waiting = jdbc.queryForList("""
                select lease_until, attempts, next_attempt_at = rate_slot as at_its_slot, outcome from inbox_event
                where source = 'zendesk' and rate_slot is not null""");
        assertThat(waiting).as("parked until its slot, no lease, no attempt spent").hasSizeGreaterThanOrEqualTo(100)
                .allSatisfy(row -> assertThat(row).containsEntry("lease_until", null).containsEntry("attempts", 0)
                        .containsEntry("at_its_slot", true))
                .allSatisfy(row -> assertThat(row.get("outcome").toString())
                        .startsWith("waits for its zendesk-requests slot at "));
        assertThat(jdbc.queryForObject("select count(distinct rate_slot) from inbox_event where rate_slot is not null",
                Integer.class)).as("each holds a slot of its own").isEqualTo(waiting.size());
    }

    private int parked() {
        return jdbc.queryForObject("select count(*) from inbox_event where source = 'zendesk' and rate_slot is not null",
                Integer.class);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + API_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
