package io.kairos.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.kairos.proactive.OpenTicketLookup;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Tickets Kairos never enriched hold proactive messages back, found once per signal through Zendesk's Export Search
 * Results and List Ticket Incidents (cursor pages) and Show Many Users: an order number in a subject, an incident
 * of the known issue's problem ticket, a ticket an agent tagged. A failing or slow search leaves the own links'
 * answer with one WARN for the signal.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "kairos.open-tickets.timeout=1s")
// Its own context: closed after the class so its flows cannot reach the JVM's shared stand-ins during later tests.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ZendeskOpenTicketLookupIT extends KairosAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER_ID = "801000000000102AAA";
    private static final String ORDER_AUDIENCE = "SELECT Id, OrderNumber, Status, Expected_Delivery__c, Account.Name, "
            + "BillToContact.Id, BillToContact.Name, BillToContact.Email, BillToContact.Time_Zone__c, "
            + "BillToContact.HasOptedOutOfEmail FROM Order WHERE Id = '" + ORDER_ID + "'";
    private static final String EXPORT = "/api/v2/search/export.json";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anOrderDelayWhoseTicketNamesTheOrderOnlyInItsSubjectBecomesANoteOnIt() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, ORDER_AUDIENCE, 200, "audience-order-00000102.json");
        String phrase = "type:ticket status<solved \"00000102\"";
        ZENDESK.stubFor(search(phrase).withQueryParam("page[after]", absent()).willReturn(okJson(page("results",
                "{\"id\":20001,\"subject\":\"Order 00000102?\",\"status\":\"solved\",\"requester_id\":9001,"
                        + "\"result_type\":\"ticket\"}", true, "c1",
                base() + EXPORT + "?query=" + encode(phrase) + "&filter%5Btype%5D=ticket&page%5Bsize%5D=100"
                        + "&page%5Bafter%5D=c1"))));
        ZENDESK.stubFor(search(phrase).withQueryParam("page[after]", equalTo("c1")).willReturn(okJson(page("results",
                "{\"id\":20007,\"subject\":\"Where is order 00000102\",\"status\":\"pending\",\"requester_id\":9001,"
                        + "\"result_type\":\"ticket\"}", false, null, null))));
        ZENDESK.stubFor(search("type:ticket status<solved tags:order_00000102")
                .willReturn(okJson(page("results", "", false, null, null))));
        ZENDESK.stubFor(get(urlPathEqualTo("/api/v2/users/show_many.json")).withQueryParam("ids", equalTo("9001"))
                .willReturn(okJson("{\"users\":[{\"id\":9001,\"email\":\"Jane@Acme.example\"}]}")));
        ZENDESK.stubFor(put("/api/v2/tickets/20007.json").willReturn(okJson(
                "{\"ticket\":{\"id\":20007,\"status\":\"pending\"}}")));

        assertThat(send("/api/signals", "{\"type\":\"ORDER_DELAY\",\"recordId\":\"" + ORDER_ID
                + "\",\"severity\":\"NORMAL\",\"title\":\"Order 00000102 is late\"}").statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> "NOTED".equals(jdbc.queryForList(
                "select status from outbox_message", String.class).stream().findFirst().orElse(null)));
        String credentials = ZENDESK_EMAIL + "/token:" + ZENDESK_TOKEN;
        ZENDESK.verify(1, getRequestedFor(urlPathEqualTo(EXPORT)).withQueryParam("page[after]", absent())
                .withQueryParam("query", equalTo(phrase)).withHeader("Authorization", equalTo("Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))));
        ZENDESK.verify(1, getRequestedFor(urlPathEqualTo(EXPORT)).withQueryParam("page[after]", equalTo("c1")));
        ZENDESK.verify(3, getRequestedFor(urlPathEqualTo(EXPORT)));
        ZENDESK.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/users/show_many.json")));
        ZENDESK.verify(1, putRequestedFor(urlEqualTo("/api/v2/tickets/20007.json"))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.body", containing("affected by ORDER_DELAY"))));
        assertThat(jdbc.queryForObject("select reason from ledger_entry where decision = 'SUPPRESSED'", String.class))
                .contains("ticket #20007 (\"Where is order 00000102\")");
    }

    @Test
    void anIncidentOfTheProblemTicketSalesforceNamesHoldsItsRequesterBackThoughNoSearchFindsTheProblem()
            throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.SYNC_APP_OWNERS, 200,
                "audience-known-issue-sync-app.json");
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).withQueryParam("q", equalTo(
                "SELECT Id, Zendesk_Problem_Id__c FROM Known_Issue__c WHERE Name = 'KI-0042' LIMIT 1"))
                .willReturn(okJson("{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":"
                        + "\"Known_Issue__c\"},\"Id\":\"a0K000000000042AAA\",\"Zendesk_Problem_Id__c\":99.0}]}")));
        ZENDESK.stubFor(search("type:ticket status<solved \"KI-0042\"").willReturn(okJson(page("results", "", false,
                null, null))));
        ZENDESK.stubFor(search("type:ticket status<solved tags:ki-0042").willReturn(okJson(page("results", "", false,
                null, null))));
        ZENDESK.stubFor(incidents().willReturn(okJson(page("tickets", "{\"id\":20012,\"subject\":\"Sync broken "
                + "since 3.2\",\"status\":\"open\",\"type\":\"incident\",\"requester_id\":9001}", false, null,
                null))));
        ZENDESK.stubFor(get(urlPathEqualTo("/api/v2/users/show_many.json")).withQueryParam("ids", equalTo("9001"))
                .willReturn(okJson("{\"users\":[{\"id\":9001,\"email\":\"jane@acme.example\"}]}")));

        Map<String, JsonNode> preview = preview();

        assertThat(preview.get("jane@acme.example").path("decision").asText()).isEqualTo("HOLD_FOR_TICKET");
        assertThat(preview.get("jane@acme.example").path("reason").asText())
                .contains("ticket #20012 (\"Sync broken since 3.2\")");
        ZENDESK.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/tickets/99/incidents.json")));
    }

    @Test
    void anIncidentOfTheProblemTicketAndAnAgentTaggedTicketHoldTheirRequestersBack() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.SYNC_APP_OWNERS, 200,
                "audience-known-issue-sync-app.json");
        ZENDESK.stubFor(search("type:ticket status<solved \"KI-0042\"").willReturn(okJson(page("results",
                "{\"id\":99,\"subject\":\"Problem: KI-0042 sync stalls\",\"status\":\"open\",\"type\":\"problem\","
                        + "\"requester_id\":7,\"result_type\":\"ticket\"}", false, null, null))));
        ZENDESK.stubFor(search("type:ticket status<solved tags:ki-0042").willReturn(okJson(page("results",
                "{\"id\":30005,\"subject\":\"App keeps spinning\",\"status\":\"hold\",\"type\":\"question\","
                        + "\"requester_id\":9003,\"result_type\":\"ticket\"}", false, null, null))));
        ZENDESK.stubFor(incidents().withQueryParam("page[after]", absent()).willReturn(okJson(page("tickets",
                "{\"id\":20011,\"subject\":\"Sync?\",\"status\":\"solved\",\"type\":\"incident\",\"requester_id\":9002}",
                true, "i1", null))));
        ZENDESK.stubFor(incidents().withQueryParam("page[after]", equalTo("i1")).willReturn(okJson(page("tickets",
                "{\"id\":20012,\"subject\":\"Sync broken since 3.2\",\"status\":\"open\",\"type\":\"incident\","
                        + "\"requester_id\":9001}", false, null, null))));
        ZENDESK.stubFor(get(urlPathEqualTo("/api/v2/users/show_many.json"))
                .withQueryParam("ids", matching("9003,9001|9001,9003")).willReturn(okJson("{\"users\":["
                        + "{\"id\":9001,\"email\":\"jane@acme.example\"},{\"id\":9003,\"email\":\"li@globex.example\"}]}")));

        Map<String, JsonNode> preview = preview();

        assertThat(preview.get("jane@acme.example").path("decision").asText()).isEqualTo("HOLD_FOR_TICKET");
        assertThat(preview.get("jane@acme.example").path("reason").asText())
                .contains("ticket #20012 (\"Sync broken since 3.2\")");
        assertThat(preview.get("li@globex.example").path("reason").asText())
                .contains("ticket #30005 (\"App keeps spinning\")");
        assertThat(preview.get("li@globex.example").path("decision").asText()).isEqualTo("HOLD_FOR_TICKET");
        assertThat(preview.get("max@acme.example").path("reasonCode").asText()).isEqualTo("OPTED_OUT");
        ZENDESK.verify(2, getRequestedFor(urlPathEqualTo("/api/v2/tickets/99/incidents.json"))
                .withQueryParam("page[size]", equalTo("100")));
        ZENDESK.verify(2, getRequestedFor(urlPathEqualTo(EXPORT)));
        ZENDESK.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/users/show_many.json")));
    }

    @Test
    void aFailingSearchLeavesTheOwnLinksDecisionWithOneWarn(CapturedOutput output) throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.SYNC_APP_OWNERS, 200,
                "audience-known-issue-sync-app.json");
        ZENDESK.stubFor(get(urlPathEqualTo(EXPORT)).willReturn(aResponse().withStatus(503)));

        Map<String, JsonNode> preview = preview();

        assertThat(preview).hasSize(3).allSatisfy((email, line) ->
                assertThat(line.path("reasonCode").asText()).isNotEqualTo("OPEN_TICKET"));
        assertThat(preview.get("jane@acme.example").path("decision").asText()).isEqualTo("SEND");
        assertThat(warnings(output)).isEqualTo(1);
        ZENDESK.verify(1, getRequestedFor(urlPathEqualTo(EXPORT)));
    }

    @Test
    void aSearchThatTimesOutLeavesTheOwnLinksDecisionWithOneWarn(CapturedOutput output) throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.SYNC_APP_OWNERS, 200,
                "audience-known-issue-sync-app.json");
        ZENDESK.stubFor(get(urlPathEqualTo(EXPORT)).willReturn(okJson(page("results", "", false, null, null))
                .withFixedDelay(3_000)));

        Map<String, JsonNode> preview = preview();

        assertThat(preview).hasSize(3).allSatisfy((email, line) ->
                assertThat(line.path("reasonCode").asText()).isNotEqualTo("OPEN_TICKET"));
        assertThat(preview.get("jane@acme.example").path("decision").asText()).isEqualTo("SEND");
        assertThat(warnings(output)).isEqualTo(1);
        assertThat(output.getAll()).contains("timed out");
    }

    private static long warnings(CapturedOutput output) {
        return output.getAll().lines().filter(l -> l.contains(" WARN ") && l.contains(OpenTicketLookup.class
                .getSimpleName()) || l.contains("Open-ticket lookup for signal")).count();
    }

    private Map<String, JsonNode> preview() throws Exception {
        HttpResponse<String> preview = send("/api/signals/preview", "{\"type\":\"KNOWN_ISSUE\",\"recordId\":"
                + "\"KI-0042\",\"severity\":\"HIGH\",\"title\":\"Sync stalls after 3.2\",\"product\":\"Sync App\"}");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        Map<String, JsonNode> byEmail = new HashMap<>();
        JSON.readTree(preview.body()).path("recipients").forEach(r -> byEmail.put(r.path("email").asText(), r));
        return byEmail;
    }

    private static MappingBuilder search(String query) {
        return get(urlPathEqualTo(EXPORT)).withQueryParam("query", equalTo(query))
                .withQueryParam("filter[type]", equalTo("ticket")).withQueryParam("page[size]", equalTo("100"));
    }

    private static MappingBuilder incidents() {
        return get(urlPathEqualTo("/api/v2/tickets/99/incidents.json")).withQueryParam("page[size]", equalTo("100"));
    }

    /** A cursor page as Zendesk answers it: the items, {@code meta.has_more/after_cursor}, {@code links.next}. */
    private static String page(String field, String items, boolean hasMore, String afterCursor, String next) {
        return "{\"" + field + "\":[" + items + "],\"facets\":null,\"meta\":{\"has_more\":" + hasMore
                + ",\"after_cursor\":" + quoted(afterCursor) + ",\"before_cursor\":null},\"links\":{\"prev\":null,"
                + "\"next\":" + quoted(next) + "}}";
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String base() {
        return ZENDESK.baseUrl();
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + API_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
