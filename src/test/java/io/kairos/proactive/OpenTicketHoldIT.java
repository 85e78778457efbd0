package io.kairos.proactive;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SignedWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The open-ticket rule end to end: a ticket Kairos enriched is about the customer's delayed order and known issue;
 * while it is open, a proactive message about either becomes an internal note on it; once solved, it holds nothing.
 * Also the suppression list's API.
 */
class OpenTicketHoldIT extends KairosAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ORDER_ID = "801000000000102AAA";
    static final String ORDER_AUDIENCE = "SELECT Id, OrderNumber, Status, Expected_Delivery__c, Account.Name, "
            + "BillToContact.Id, BillToContact.Name, BillToContact.Email, BillToContact.Time_Zone__c, "
            + "BillToContact.HasOptedOutOfEmail FROM Order WHERE Id = '" + ORDER_ID + "'";
    static final String KNOWN_ISSUE_SIGNAL = "{\"type\":\"KNOWN_ISSUE\",\"recordId\":\"KI-0042\","
            + "\"severity\":\"HIGH\",\"title\":\"Sync stalls after 3.2\",\"product\":\"Sync App\"}";

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void ticket35436IsOpenAndEnriched() {
        janesTicket35436IsOpenAndEnriched();
    }

    @Test
    void theEnrichedTicketRemembersWhatItIsAboutAndThatItIsOpen() {
        assertThat(jdbc.queryForList("select topic from ticket_topic where ticket_id = 35436", String.class))
                .containsExactlyInAnyOrder("ORDER_DELAY:" + ORDER_ID, "KNOWN_ISSUE_ID:a01000000000001AAA",
                        "KNOWN_ISSUE_NAME:ki-0042", "KNOWN_ISSUE_PRODUCT:sync app");
        assertThat(jdbc.queryForMap("select ticket_status, subject, contact_email from ticket_enrichment"))
                .containsEntry("ticket_status", "open").containsEntry("subject", "My order has not arrived")
                .containsEntry("contact_email", "jane@acme.example");
    }

    @Test
    void aDelayOfTheOrderTheOpenTicketIsAboutBecomesAnInternalNoteOnIt() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, ORDER_AUDIENCE, 200, "audience-order-00000102.json");

        HttpResponse<String> raised = send("POST", "/api/signals", "{\"type\":\"ORDER_DELAY\",\"recordId\":\""
                + ORDER_ID + "\",\"severity\":\"NORMAL\",\"title\":\"Order 00000102 is late\"}", API_TOKEN);

        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "NOTED".equals(jdbc.queryForList(
                "select status from outbox_message", String.class).stream().findFirst().orElse(null)));
        ZENDESK.verify(1, putRequestedFor(urlEqualTo("/api/v2/tickets/35436.json"))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.body", containing(
                        "This customer (Jane Doe <jane@acme.example>) is affected by ORDER_DELAY " + ORDER_ID
                                + ": Order 00000102 is late.\nOrder 00000102, new ETA 2026-12-01.")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.body", containing(
                        "held back because this ticket is open"))));
        assertThat(jdbc.queryForMap("select channel, ticket_id, external_id from outbox_message"))
                .containsEntry("channel", Outbox.TICKET_NOTE).containsEntry("ticket_id", 35436L)
                .containsEntry("external_id", "35436");
        JsonNode decisions = JSON.readTree(send("GET", "/api/decisions?contact=jane@acme.example", null, API_TOKEN)
                .body()).path("decisions");
        List<String> lines = new ArrayList<>();
        decisions.forEach(d -> lines.add(d.path("decision").asText() + " " + d.path("reasonCode").asText()));
        assertThat(lines).containsExactly("NOTED OPEN_TICKET", "SUPPRESSED OPEN_TICKET");
        assertThat(decisions.get(1).path("reason").asText()).contains("ticket #35436 (\"My order has not arrived\")");
    }

    @Test
    void aSolvedTicketNoLongerHoldsAMessageAboutItsKnownIssueBack() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SignalsApiIT.SYNC_APP_OWNERS, 200, "audience-known-issue-sync-app.json");
        assertThat(janesPreviewDecision()).isEqualTo("HOLD_FOR_TICKET OPEN_TICKET");

        ZENDESK.stubFor(get("/api/v2/tickets/35436.json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ticket\":{\"id\":35436,\"subject\":"
                        + "\"My order has not arrived\",\"status\":\"solved\",\"requester_id\":9001,\"tags\":[\"web\"]}}")));
        String solved = SignedWebhooks.fixture("ticket-created").replace("01HNX-CREATED-35436", "01HNX-SOLVED-35436")
                .replace("ticket.created", "ticket.status_changed").replace("\"actor_id\":\"9001\"", "\"actor_id\":\"7\"");
        assertThat(webhooks().post(solved).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of("DONE", "SKIPPED")
                .contains(inboxStatus("01HNX-SOLVED-35436")));

        assertThat(jdbc.queryForObject("select ticket_status from ticket_enrichment", String.class))
                .isEqualTo("solved");
        assertThat(janesPreviewDecision()).isEqualTo("SEND OK");
    }

    @Test
    void theSuppressionListIsManagedThroughTheApiAndHonouredByThePolicy() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SignalsApiIT.SYNC_APP_OWNERS, 200, "audience-known-issue-sync-app.json");
        String path = "/api/suppressions/Jane@Acme.example";

        assertThat(send("PUT", path, "{\"reason\":\"complaint\"}", null).statusCode()).isEqualTo(401);
        assertThat(send("PUT", path, "{}", API_TOKEN).statusCode()).isEqualTo(400);
        HttpResponse<String> added = send("PUT", path, "{\"reason\":\"complaint, 2026-11-20\"}", API_TOKEN);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(JSON.readTree(added.body()).path("email").asText()).isEqualTo("jane@acme.example");
        assertThat(JSON.readTree(send("GET", "/api/suppressions", null, API_TOKEN).body())
                .path("suppressions").get(0).path("reason").asText()).isEqualTo("complaint, 2026-11-20");
        assertThat(janesPreviewDecision()).isEqualTo("SUPPRESS SUPPRESSION_LIST");

        assertThat(send("DELETE", path, null, API_TOKEN).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", path, null, API_TOKEN).statusCode()).isEqualTo(404);
        assertThat(janesPreviewDecision()).isEqualTo("HOLD_FOR_TICKET OPEN_TICKET");
    }

    private String janesPreviewDecision() throws Exception {
        HttpResponse<String> preview = send("POST", "/api/signals/preview", KNOWN_ISSUE_SIGNAL, API_TOKEN);
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        for (JsonNode r : JSON.readTree(preview.body()).path("recipients")) {
            if ("jane@acme.example".equals(r.path("email").asText())) {
                return r.path("decision").asText() + " " + r.path("reasonCode").asText();
            }
        }
        throw new AssertionError("Jane is not in the preview: " + preview.body());
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
