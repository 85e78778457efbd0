package io.kairos.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kairos.activity.ContactActivity;
import io.kairos.support.KairosAppTest;
import io.kairos.timing.ActivityHistogram;
import io.kairos.support.SignedWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A signed Zendesk webhook becomes one safe, enriched ticket update, through camel-zendesk and camel-salesforce. */
class ZendeskTicketEnrichmentIT extends KairosAppTest {

    @Autowired
    private ContactActivity activity;

    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((ZENDESK_EMAIL + "/token:" + ZENDESK_TOKEN).getBytes(StandardCharsets.UTF_8));

    @Test
    void eventSubscriptionDeliveryEnrichesTheTicketInOneSafeUpdate() {
        stubTicket35436();
        stubTicket35436UpdateOk();

        var response = webhooks().post(SignedWebhooks.fixture("ticket-created"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"eventId\":\"01HNX-CREATED-35436\"");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus("01HNX-CREATED-35436")));

        ZENDESK.verify(1, putRequestedFor(urlEqualTo("/api/v2/tickets/35436.json"))
                .withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.body", equalTo("""
                        Kairos · Salesforce context
                        Who: Jane Doe <jane@acme.example> · Acme GmbH · Tier: Gold · Owner: Sam Seller
                        Orders at risk: 00000102 Delayed (ETA 2026-12-01)
                        Known issue: KI-0042 on Sync App: Sync stalls after the 3.2 update → problem #99
                        Already told: nothing yet""")))
                .withRequestBody(matchingJsonPath("$.ticket.tags", equalToJson(
                        "[\"web\",\"vip_watch\",\"kairos_enriched\",\"kairos_tier_gold\",\"kairos_order_at_risk\","
                                + "\"kairos_known_issue\"]")))
                .withRequestBody(matchingJsonPath("$.ticket.custom_fields[?(@.id == 360001)].value",
                        equalToJson("[\"Gold\"]")))
                .withRequestBody(matchingJsonPath("$.ticket.type", equalTo("incident")))
                .withRequestBody(matchingJsonPath("$.ticket.problem_id", equalTo("99")))
                .withRequestBody(matchingJsonPath("$.ticket.safe_update", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.ticket.updated_stamp")));
        ZENDESK.verify(1, getRequestedFor(urlEqualTo("/api/v2/users/9001.json")));
    }

    @Test
    void redeliveryOfTheSameEventIsStoredAndProcessedOnce() {
        stubTicket35436();
        stubTicket35436UpdateOk();
        String body = SignedWebhooks.fixture("ticket-created");

        assertThat(webhooks().post(body).statusCode()).isEqualTo(202);
        var again = webhooks().post(body);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus("01HNX-CREATED-35436")));
        assertThat(jdbc.queryForObject("select count(*) from inbox_event", Integer.class)).isEqualTo(1);
        ZENDESK.verify(1, putRequestedFor(urlEqualTo("/api/v2/tickets/35436.json")));
    }

    @Test
    void kairosOwnChangeDoesNotLoop() {
        var response = webhooks().post(SignedWebhooks.fixture("ticket-tags-changed-by-kairos"));

        assertThat(response.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "SKIPPED".equals(inboxStatus("01HNX-TAGS-35436")));
        assertThat(ZENDESK.getAllServeEvents()).isEmpty();
    }

    @Test
    void theRequestersOwnActionsAddToTheirActivityAndAnAgentsReplyDoesNot() {
        stubTicket35436();
        stubTicket35436UpdateOk();
        webhooks().post(SignedWebhooks.fixture("ticket-created"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus("01HNX-CREATED-35436")));

        ActivityHistogram opened = activity.ofContact("jane@acme.example").orElseThrow();
        assertThat(opened.zone()).as("her Salesforce contact's zone").isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(opened.zoneSource()).isEqualTo(ActivityHistogram.ZoneSource.CONTACT);
        assertThat(opened.weights()[11]).as("10:00 UTC is 11:00 in Berlin").isEqualTo(1.0);
        assertThat(jdbc.queryForObject("select count(*) from activity_histogram where subject like 'account:%'",
                Integer.class)).as("her account's too").isEqualTo(1);

        webhooks().post(SignedWebhooks.fixture("ticket-comment-by-requester"));
        webhooks().post(SignedWebhooks.fixture("ticket-comment-by-agent"));
        await().atMost(Duration.ofSeconds(20)).until(() -> inboxStatus("01HNX-COMMENT-35436-REQ")
                .matches("DONE|SKIPPED") && inboxStatus("01HNX-COMMENT-35436-AGENT").matches("DONE|SKIPPED"));

        ActivityHistogram replied = activity.ofContact("jane@acme.example").orElseThrow();
        assertThat(replied.updatedAt()).isEqualTo(Instant.parse("2026-11-26T16:42:00Z"));
        assertThat(replied.weights()[17]).as("her reply at 17:42 in Berlin").isEqualTo(1.0);
        assertThat(replied.totalAt(replied.updatedAt())).as("the opening 6 h 42 min earlier, decayed, and the reply;"
                + " the agent's reply adds nothing").isCloseTo(1 + Math.pow(2, -402.0 / (14 * 24 * 60)), within(1e-9));
    }

    @Test
    void sameEnrichmentIsNotWrittenTwice() {
        stubTicket35436();
        stubTicket35436UpdateOk();
        webhooks().post(SignedWebhooks.fixture("ticket-created"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus("01HNX-CREATED-35436")));

        String later = SignedWebhooks.fixture("ticket-created").replace("01HNX-CREATED-35436", "01HNX-COMMENT-35436")
                .replace("ticket.created", "ticket.comment_added").replace("\"actor_id\":\"9001\"", "\"actor_id\":\"7\"");
        webhooks().post(later);

        await().atMost(Duration.ofSeconds(20)).until(() -> "SKIPPED".equals(inboxStatus("01HNX-COMMENT-35436")));
        ZENDESK.verify(1, putRequestedFor(urlEqualTo("/api/v2/tickets/35436.json")));
    }

    @Test
    void rateLimitedUpdateWaitsForRetryAfterThenSucceeds() {
        stubTicket35436();
        ZENDESK.stubFor(put("/api/v2/tickets/35436.json").inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("Rate limit for ticket updates exceeded, please wait before updating this ticket again"))
                .willSetStateTo("open"));
        ZENDESK.stubFor(put("/api/v2/tickets/35436.json").inScenario("limit").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("ticket-updated.json")));
        Instant posted = Instant.now();

        webhooks().post(SignedWebhooks.fixture("ticket-created"));

        // The event may first be parked for its slot of the shared update rate (taken by earlier tests).
        await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(jdbc.queryForObject(
                "select outcome from inbox_event where event_id = '01HNX-CREATED-35436'", String.class))
                .contains("(429)"));
        OffsetDateTime next = jdbc.queryForObject(
                "select next_attempt_at from inbox_event where event_id = '01HNX-CREATED-35436'", OffsetDateTime.class);
        assertThat(next.toInstant()).isAfterOrEqualTo(posted.plusSeconds(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus("01HNX-CREATED-35436")));
        var puts = ZENDESK.findAll(putRequestedFor(urlEqualTo("/api/v2/tickets/35436.json")));
        assertThat(puts).hasSize(2);
        assertThat(Duration.between(puts.get(0).getLoggedDate().toInstant(), puts.get(1).getLoggedDate().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aTicketZendeskNoLongerHasGoesToTheDeadLetterTableWithTheReason() {
        ZENDESK.stubFor(get("/api/v2/tickets/35436.json").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"RecordNotFound\",\"description\":\"Not found\"}")));

        webhooks().post(SignedWebhooks.fixture("ticket-created"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "DEAD".equals(inboxStatus("01HNX-CREATED-35436")));
        String reason = jdbc.queryForObject("select reason from dead_letter where event_id = '01HNX-CREATED-35436'",
                String.class);
        assertThat(reason).isEqualTo("Zendesk has no ticket 35436 (404)");
    }
}
