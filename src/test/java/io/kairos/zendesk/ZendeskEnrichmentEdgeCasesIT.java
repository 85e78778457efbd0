package io.kairos.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SignedWebhooks;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Unknown requesters, Salesforce outages and quota, and replaying a dead letter. */
class ZendeskEnrichmentEdgeCasesIT extends KairosAppTest {

    @Autowired
    MeterRegistry meters;

    private void stubTicket35437() {
        ZENDESK.stubFor(get("/api/v2/tickets/35437.json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("ticket-35437.json")));
        ZENDESK.stubFor(put("/api/v2/tickets/35437.json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("ticket-35437.json")));
    }

    private String trigger(String eventId, String email) {
        return SignedWebhooks.fixture("trigger-ticket").replace("trigger-35437-1", eventId)
                .replace("omar@globex.example", email);
    }

    @Test
    void unknownRequesterIsNotedOnTheTicketAndRecordedAsSkipped() {
        stubTicket35437();
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.contactQuery("stranger@nowhere.example"), 200,
                "contact-none.json");

        webhooks().post(trigger("unknown-1", "stranger@nowhere.example"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "SKIPPED".equals(inboxStatus("unknown-1")));
        assertThat(jdbc.queryForObject("select outcome from inbox_event where event_id = 'unknown-1'", String.class))
                .startsWith("unknown customer");
        ZENDESK.verify(1, putRequestedFor(urlEqualTo("/api/v2/tickets/35437.json"))
                .withRequestBody(matchingJsonPath("$.ticket.comment.body", equalTo(
                        "Kairos · no Salesforce contact found for stranger@nowhere.example; this ticket was not enriched.")))
                .withRequestBody(matchingJsonPath("$.ticket.tags[2]", equalTo("kairos_unknown_customer"))));
        // The trigger body carries the requester's email: no user lookup is needed.
        ZENDESK.verify(0, getRequestedFor(urlPathEqualTo("/api/v2/users/9002.json")));
    }

    /** A signed delivery whose requester's email carries a quote: it reaches SOQL escaped, not as syntax. */
    @Test
    void anEmailWithAQuoteReachesSalesforceEscaped() {
        stubTicket35437();
        String escaped = SalesforceStubs.contactQuery("o\\'brien@acme.example\\' OR Email != null OR Email = \\'x");
        SalesforceStubs.stubQuery(SALESFORCE, escaped, 200, "contact-none.json");

        webhooks().post(trigger("quote-1", "o'brien@acme.example' OR Email != null OR Email = 'x"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "SKIPPED".equals(inboxStatus("quote-1")));
        SALESFORCE.verify(1, getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", equalTo(escaped)));
    }

    @Test
    void salesforceOutageIsRetriedWithBackoffUntilItAnswers() {
        stubTicket35437();
        String soql = SalesforceStubs.contactQuery("flaky@acme.example");
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).withQueryParam("q", equalTo(soql))
                .inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBodyFile("error-unavailable.json")).willSetStateTo("recovered"));
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).withQueryParam("q", equalTo(soql))
                .inScenario("outage").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("contact-none.json")));

        webhooks().post(trigger("flaky-1", "flaky@acme.example"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "SKIPPED".equals(inboxStatus("flaky-1")));
        assertThat(jdbc.queryForObject("select attempts from inbox_event where event_id = 'flaky-1'", Integer.class))
                .isEqualTo(2);
    }

    @Test
    void exhaustedSalesforceQuotaBacksOffLongWithoutSpendingAttemptsOrDeadLettering() {
        stubTicket35437();
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.contactQuery("quota@acme.example"), 403,
                "error-request-limit.json");
        double before = meters.counter("kairos.salesforce.quota.exhausted").count();
        Instant posted = Instant.now();

        webhooks().post(trigger("quota-1", "quota@acme.example"));

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select outcome from inbox_event where event_id = 'quota-1'", String.class) != null);
        Map<String, Object> row = jdbc.queryForMap(
                "select status, attempts, next_attempt_at, outcome from inbox_event where event_id = 'quota-1'");
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(row.get("attempts")).isEqualTo(0);
        assertThat(((OffsetDateTime) jdbc.queryForObject(
                "select next_attempt_at from inbox_event where event_id = 'quota-1'", OffsetDateTime.class))
                .toInstant()).isAfter(posted.plus(Duration.ofMinutes(14)));
        assertThat((String) row.get("outcome")).contains("REQUEST_LIMIT_EXCEEDED");
        assertThat(jdbc.queryForObject("select count(*) from dead_letter", Integer.class)).isZero();
        assertThat(meters.counter("kairos.salesforce.quota.exhausted").count()).isEqualTo(before + 1);
    }

    @Test
    void deadLetterCanBeListedAndReplayedThroughTheApi() throws Exception {
        ZENDESK.stubFor(get("/api/v2/tickets/35437.json").inScenario("gone").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"Forbidden\"}")).willSetStateTo("fixed"));
        ZENDESK.stubFor(get("/api/v2/tickets/35437.json").inScenario("gone").whenScenarioStateIs("fixed")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("ticket-35437.json")));
        ZENDESK.stubFor(put("/api/v2/tickets/35437.json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("ticket-35437.json")));
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.contactQuery("replay@acme.example"), 200,
                "contact-none.json");

        webhooks().post(trigger("replay-1", "replay@acme.example"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DEAD".equals(inboxStatus("replay-1")));

        HttpClient http = HttpClient.newHttpClient();
        URI list = URI.create("http://localhost:" + port + "/api/dead-letters");
        assertThat(http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(list).header("Authorization", "Bearer wrong").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(list)
                .header("Authorization", "Bearer " + API_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("replay-1").contains("Zendesk answered 403");
        long id = jdbc.queryForObject("select id from dead_letter where event_id = 'replay-1'", Long.class);

        HttpResponse<String> replayed = http.send(HttpRequest.newBuilder(URI.create(list + "/" + id + "/replay"))
                .header("Authorization", "Bearer " + API_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(replayed.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "SKIPPED".equals(inboxStatus("replay-1")));
        assertThat(jdbc.queryForObject("select replayed_at from dead_letter where id = ?", OffsetDateTime.class, id))
                .isNotNull();
        ZENDESK.verify(1, putRequestedFor(urlEqualTo("/api/v2/tickets/35437.json")));
    }
}
