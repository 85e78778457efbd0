package io.kairos.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A ticket Kairos never enriched is found through Zendesk's search API (camel-zendesk getTicketsFromSearch) while
 * an order delay is planned: the message becomes a note on it. A failing search leaves the own links' answer.
 */
class ZendeskOpenTicketSearchIT extends KairosAppTest {

    private static final String ORDER_ID = "801000000000102AAA";
    private static final String ORDER_AUDIENCE = "SELECT Id, OrderNumber, Status, Expected_Delivery__c, Account.Name, "
            + "BillToContact.Id, BillToContact.Name, BillToContact.Email, BillToContact.Time_Zone__c, "
            + "BillToContact.HasOptedOutOfEmail FROM Order WHERE Id = '" + ORDER_ID + "'";
    private static final String QUERY = "requester:jane@acme.example status<solved \"00000102\" type:ticket";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUnenrichedOpenTicketMentioningTheOrderGetsTheNote() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, ORDER_AUDIENCE, 200, "audience-order-00000102.json");
        ZENDESK.stubFor(get(urlPathEqualTo("/api/v2/search.json")).withQueryParam("query", equalTo(QUERY))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"results":[
                          {"result_type":"ticket","id":20001,"subject":"Order 00000102?","status":"solved"},
                          {"result_type":"ticket","id":20007,"subject":"Where is order 00000102","status":"pending"},
                          {"result_type":"ticket","id":20003,"subject":"Re: 00000102","status":"open"}],
                         "next_page":null,"count":3}""")));
        ZENDESK.stubFor(put("/api/v2/tickets/20007.json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ticket\":{\"id\":20007,\"status\":\"pending\"}}")));

        assertThat(raiseOrderDelay().statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> "NOTED".equals(outboxStatus()));
        ZENDESK.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/search.json")));
        ZENDESK.verify(1, putRequestedFor(urlEqualTo("/api/v2/tickets/20007.json"))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.body", containing("affected by ORDER_DELAY"))));
        assertThat(jdbc.queryForObject("select reason from ledger_entry where decision = 'SUPPRESSED'", String.class))
                .contains("ticket #20007 (\"Where is order 00000102\")");
    }

    @Test
    void aFailingSearchLeavesTheMessagePlannedAsTheOwnLinksDecide() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, ORDER_AUDIENCE, 200, "audience-order-00000102.json");
        ZENDESK.stubFor(get(urlPathEqualTo("/api/v2/search.json")).willReturn(aResponse().withStatus(503)));

        assertThat(raiseOrderDelay().statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from signal where status = 'PLANNED'", Integer.class) == 1);
        assertThat(jdbc.queryForMap("select channel, ticket_id from outbox_message"))
                .containsEntry("channel", "intercom").containsEntry("ticket_id", null);
        ZENDESK.verify(0, putRequestedFor(urlPathEqualTo("/api/v2/tickets/20007.json")));
    }

    private HttpResponse<String> raiseOrderDelay() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/signals"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + API_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"ORDER_DELAY\",\"recordId\":\"" + ORDER_ID
                        + "\",\"severity\":\"NORMAL\",\"title\":\"Order 00000102 is late\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String outboxStatus() {
        return jdbc.queryForList("select status from outbox_message", String.class).stream().findFirst().orElse(null);
    }
}
