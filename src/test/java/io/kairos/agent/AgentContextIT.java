package io.kairos.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalStore;
import io.kairos.proactive.SuppressionList;
import io.kairos.proactive.TimingDecisions;
import io.kairos.support.KairosAppTest;
import io.kairos.support.MutableClock;
import io.kairos.support.RealPayloads;
import io.kairos.support.SalesforceStubs;
import io.kairos.timing.Decision;
import io.kairos.timing.ReasonCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * The agent API on the running app, against the Zendesk and Salesforce stand-ins, on a test clock: the context of a
 * ticket (live, cached, Salesforce down with and without a cache, an unknown customer), its tokens, its errors, its
 * rate, and an agent's hold on a customer until it expires.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
        "kairos.agent.tokens[0].subdomain=acme",
        "kairos.agent.tokens[0].token=" + AgentContextIT.ACME_TOKEN,
        "kairos.agent.tokens[1].subdomain=globex",
        "kairos.agent.tokens[1].token=" + AgentContextIT.GLOBEX_TOKEN,
        "kairos.agent.zendesk-subdomain=acme",
        "kairos.agent.salesforce-url=https://acme.my.salesforce.com/",
        "kairos.agent.rate-per-minute=20",
        "kairos.agent.hold-max-days=30"})
class AgentContextIT extends KairosAppTest {

    static final String ACME_TOKEN = "agent-token-acme-0123456789";
    static final String GLOBEX_TOKEN = "agent-token-globex-0123456789";
    private static final String JANE = "jane@acme.example";

    /** The app's clock: starts at the real time (the database agrees on the day), moves only when a test says. */
    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    @Autowired
    private MutableClock clock;
    @Autowired
    private LedgerStore ledger;
    @Autowired
    private SignalStore signals;
    @Autowired
    private TimingDecisions timing;
    @Autowired
    private SuppressionList suppressions;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Instant now;

    @BeforeEach
    void startNow() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        now = clock.instant();
    }

    @Test
    void aTicketKairosNeverSawIsReadFromZendeskAndSalesforceThenAnsweredFromTheCache() throws Exception {
        janesTicketInZendesk(35436);
        ledger.record(new LedgerEntry(JANE, "sig-1", "ORDER_DELAY", "801000000000102AAA", "intercom",
                LedgerEntry.Decision.SENT, null, null, "Order 00000102 is late", now.minus(Duration.ofHours(3))));
        ledger.record(new LedgerEntry(JANE, "sig-2", "KNOWN_ISSUE", "a01000000000001AAA", "intercom",
                LedgerEntry.Decision.DEFERRED, "QUIET_HOURS", "Deferred to tomorrow 09:00: quiet hours", null,
                now.minus(Duration.ofHours(1))));
        plannedMessage("sig-2", now.plus(Duration.ofHours(20)), "Deferred to tomorrow 09:00: quiet hours");

        HttpResponse<String> first = call("/api/agent/context?ticket=35436", ACME_TOKEN);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        assertThat(first.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = json.readTree(first.body());
        assertThat(body.path("ticket").asLong()).isEqualTo(35436);
        assertThat(body.path("requester").path("email").asText()).isEqualTo(JANE);
        assertThat(body.path("requester").path("name").asText()).isEqualTo("Jane Doe");
        assertThat(body.path("known").asBoolean()).isTrue();
        JsonNode customer = body.path("customer");
        assertThat(customer.path("account").asText()).isEqualTo("Acme GmbH");
        assertThat(customer.path("tier").asText()).isEqualTo("Gold");
        assertThat(customer.path("owner").asText()).isEqualTo("Sam Seller");
        assertThat(customer.path("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(customer.path("language").asText()).isEqualTo("de");
        assertThat(customer.path("contactUrl").asText())
                .isEqualTo("https://acme.my.salesforce.com/lightning/r/Contact/003000000000001AAA/view");
        assertThat(customer.path("accountUrl").asText())
                .isEqualTo("https://acme.my.salesforce.com/lightning/r/Account/001000000000001AAA/view");
        assertThat(body.path("ordersAtRisk")).hasSize(1);
        assertThat(body.path("ordersAtRisk").get(0).path("orderNumber").asText()).isEqualTo("00000102");
        assertThat(body.path("ordersAtRisk").get(0).path("url").asText())
                .isEqualTo("https://acme.my.salesforce.com/lightning/r/Order/801000000000102AAA/view");
        JsonNode issue = body.path("knownIssues").get(0);
        assertThat(issue.path("name").asText()).isEqualTo("KI-0042");
        assertThat(issue.path("problemTicket").asLong()).isEqualTo(99);
        assertThat(issue.path("problemTicketUrl").asText()).isEqualTo(ZENDESK.baseUrl() + "/agent/tickets/99");
        assertThat(body.path("timeline")).extracting(e -> e.path("decision").asText())
                .containsExactly("DEFERRED", "SENT");
        assertThat(body.path("timeline").get(0).path("sentence").asText()).contains("quiet hours");
        assertThat(body.path("timeline").get(0).path("reasonCode").asText()).isEqualTo("QUIET_HOURS");
        assertThat(body.path("planned")).hasSize(1);
        assertThat(Instant.parse(body.path("planned").get(0).path("at").asText()))
                .isEqualTo(now.plus(Duration.ofHours(20)));
        assertThat(body.path("planned").get(0).path("kind").asText()).isEqualTo("KNOWN_ISSUE");
        assertThat(body.has("hold")).isTrue();
        assertThat(body.path("hold").isNull()).isTrue();
        assertThat(body.path("source").path("salesforce").asText()).isEqualTo("live");
        assertThat(body.path("source").path("ageSeconds").asLong()).isZero();
        assertThat(body.has("stale")).isFalse();
        int contactQueries = contactQueries();

        clock.advance(Duration.ofMinutes(2));
        JsonNode cached = json.readTree(call("/api/agent/context?ticket=35436", ACME_TOKEN).body());

        assertThat(cached.path("source").path("salesforce").asText()).isEqualTo("cached");
        assertThat(cached.path("source").path("ageSeconds").asLong()).isEqualTo(120);
        assertThat(Instant.parse(cached.path("source").path("asOf").asText())).isEqualTo(now);
        assertThat(cached.path("customer").path("tier").asText()).isEqualTo("Gold");
        assertThat(contactQueries()).isEqualTo(contactQueries);

        JsonNode refreshed = json.readTree(call("/api/agent/context?ticket=35436&refresh=true", ACME_TOKEN).body());

        assertThat(refreshed.path("source").path("salesforce").asText()).isEqualTo("live");
        assertThat(refreshed.path("source").path("ageSeconds").asLong()).isZero();
        assertThat(contactQueries()).isEqualTo(contactQueries + 1);
    }

    @Test
    void aRequesterSalesforceDoesNotKnowIsAnUnknownCustomerAndZendeskIsNotAskedForAnEnrichedTicket()
            throws Exception {
        enrichedTicket(35500, "max@acme.example");
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.contactQuery("max@acme.example"), 200,
                "contact-none.json");

        JsonNode body = json.readTree(call("/api/agent/context?ticket=35500", ACME_TOKEN).body());

        assertThat(body.path("known").isBoolean()).isTrue();
        assertThat(body.path("known").asBoolean()).isFalse();
        assertThat(body.path("customer").isNull()).isTrue();
        assertThat(body.path("requester").path("email").asText()).isEqualTo("max@acme.example");
        assertThat(body.path("source").path("salesforce").asText()).isEqualTo("live");
        ZENDESK.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void salesforceDownWithACachedContextAnswersItStaleWithItsAge(CapturedOutput output) throws Exception {
        enrichedTicket(35436, JANE);
        assertThat(call("/api/agent/context?ticket=35436", ACME_TOKEN).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(15));
        salesforceIsDown();

        HttpResponse<String> response = call("/api/agent/context?ticket=35436", ACME_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("source").path("salesforce").asText()).isEqualTo("cached");
        assertThat(body.path("source").path("ageSeconds").asLong()).isEqualTo(900);
        assertThat(body.path("stale").asBoolean()).isTrue();
        assertThat(body.path("known").asBoolean()).isTrue();
        assertThat(body.path("customer").path("account").asText()).isEqualTo("Acme GmbH");
        assertThat(output).contains("Salesforce could not be read for ticket 35436").doesNotContain(ACME_TOKEN);
    }

    @Test
    void salesforceDownWithoutACacheStillGivesTheStoresTimelineAndHold() throws Exception {
        enrichedTicket(35436, JANE);
        ledger.record(new LedgerEntry(JANE, "sig-1", "ORDER_DELAY", "801A", "intercom", LedgerEntry.Decision.SENT,
                null, null, "Order is late", now.minus(Duration.ofHours(2))));
        suppressions.add(JANE, "complained about messages", "ops");
        salesforceIsDown();

        HttpResponse<String> response = call("/api/agent/context?ticket=35436", ACME_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("source").path("salesforce").asText()).isEqualTo("unavailable");
        assertThat(body.path("source").path("ageSeconds").isNull()).isTrue();
        assertThat(body.path("known").isNull()).isTrue();
        assertThat(body.path("customer").isNull()).isTrue();
        assertThat(body.path("timeline")).hasSize(1);
        assertThat(body.path("hold").path("reason").asText()).isEqualTo("complained about messages");
        assertThat(body.path("hold").path("until").isNull()).isTrue();
    }

    @Test
    void onlyAnAgentTokenOpensTheAgentApiAndOnlyThere(CapturedOutput output) throws Exception {
        enrichedTicket(35436, JANE);
        for (String token : new String[] {null, API_TOKEN, "agent-token-acme-wrong", ""}) {
            HttpResponse<String> refused = call("/api/agent/context?ticket=35436", token);
            assertThat(refused.statusCode()).as("token %s", token).isEqualTo(401);
            assertThat(json.readTree(refused.body()).path("error").asText()).isEqualTo("unauthorized");
            assertThat(refused.body()).doesNotContain(JANE);
        }
        assertThat(call("/api/suppressions", ACME_TOKEN).statusCode()).isEqualTo(401);
        assertThat(call("/api/suppressions", API_TOKEN).statusCode()).isEqualTo(200);
        assertThat(call("/api/agent/../suppressions", ACME_TOKEN).statusCode()).isIn(400, 401);
        assertThat(call("/api/agent/context?ticket=35436", ACME_TOKEN).statusCode()).isEqualTo(200);
        assertThat(output).doesNotContain(ACME_TOKEN).doesNotContain("agent-token-acme-wrong");
    }

    @Test
    void aTokenOfAnotherZendeskGetsNoCustomerData() throws Exception {
        enrichedTicket(35436, JANE);

        HttpResponse<String> refused = call("/api/agent/context?ticket=35436", GLOBEX_TOKEN);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json.readTree(refused.body()).path("error").asText()).isEqualTo("forbidden");
        assertThat(refused.body()).doesNotContain(JANE).doesNotContain("Acme GmbH").doesNotContain("35436");
        assertThat(send("POST", "/api/agent/hold", "{\"ticket\":35436,\"days\":7,\"agent\":\"Eve\"}", GLOBEX_TOKEN)
                .statusCode()).isEqualTo(403);
        assertThat(suppressions.find(JANE)).isEmpty();
        SALESFORCE.verify(0, getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH)));
    }

    @Test
    void badRequestsAreRefusedWithAClearMessage() throws Exception {
        enrichedTicket(35436, JANE);
        assertThat(error(call("/api/agent/context", ACME_TOKEN), 400)).isEqualTo("ticket must be a Zendesk ticket id");
        assertThat(error(call("/api/agent/context?ticket=abc", ACME_TOKEN), 400))
                .isEqualTo("ticket must be a Zendesk ticket id");
        assertThat(error(call("/api/agent/context?ticket=-4", ACME_TOKEN), 400))
                .isEqualTo("ticket must be a Zendesk ticket id");
        assertThat(error(send("POST", "/api/agent/hold", "{\"ticket\": 35436, ", ACME_TOKEN), 400))
                .startsWith("The body is not valid JSON");
        assertThat(error(send("POST", "/api/agent/hold", "{\"ticket\":35436,\"days\":31,\"agent\":\"Alex\"}",
                ACME_TOKEN), 400)).isEqualTo("days must be a whole number from 1 to 30");
        assertThat(error(send("POST", "/api/agent/hold", "{\"ticket\":35436,\"days\":0,\"agent\":\"Alex\"}",
                ACME_TOKEN), 400)).isEqualTo("days must be a whole number from 1 to 30");
        assertThat(error(send("POST", "/api/agent/hold", "{\"ticket\":35436,\"days\":3}", ACME_TOKEN), 400))
                .startsWith("agent must be");
        assertThat(error(send("DELETE", "/api/agent/hold?ticket=35436", null, ACME_TOKEN), 400))
                .startsWith("agent must be");
        assertThat(suppressions.find(JANE)).isEmpty();
    }

    @Test
    void theRequesterOfARealZendeskTicketIsReadAndTheirLocaleKept() throws Exception {
        ZENDESK.stubFor(get("/api/v2/tickets/1.json").willReturn(okJson(RealPayloads.read("zendesk-rest",
                "get-ticket-200.zenpy-capture.json"))));
        ZENDESK.stubFor(get("/api/v2/users/6130869168922.json").willReturn(okJson(
                "{\"user\":{\"id\":6130869168922,\"name\":\"The Customer\",\"email\":\"customer@example.com\","
                        + "\"locale\":\"pt-BR\",\"role\":\"end-user\"}}")));
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.contactQuery("customer@example.com"), 200,
                "contact-none.json");

        JsonNode body = json.readTree(call("/api/agent/context?ticket=1", ACME_TOKEN).body());

        assertThat(body.path("requester").path("email").asText()).isEqualTo("customer@example.com");
        assertThat(body.path("requester").path("name").asText()).isEqualTo("The Customer");
        assertThat(body.path("known").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("select locale from user_locale where email = 'customer@example.com'",
                String.class)).isEqualTo("pt-BR");
    }

    @Test
    void aTicketZendeskDoesNotHaveIs404() throws Exception {
        // Zendesk's own answer for a missing record, as captured from a real account.
        ZENDESK.stubFor(get("/api/v2/tickets/777.json").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody(RealPayloads.read("zendesk-rest", "error-404-record-not-found.zenpy-capture.json"))));

        HttpResponse<String> missing = call("/api/agent/context?ticket=777", ACME_TOKEN);

        assertThat(error(missing, 404)).isEqualTo("Ticket 777 does not exist in acme");
        assertThat(json.readTree(missing.body()).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void zendeskDownOrRefusingForItsRateIsSaidAsSuchNeverA500() throws Exception {
        ZENDESK.stubFor(get("/api/v2/tickets/778.json").willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "text/plain").withBody("Service Unavailable")));
        ZENDESK.stubFor(get("/api/v2/tickets/779.json").willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "30").withHeader("Content-Type", "text/plain").withBody("Too Many Requests")));

        HttpResponse<String> down = call("/api/agent/context?ticket=778", ACME_TOKEN);
        HttpResponse<String> busy = call("/api/agent/context?ticket=779", ACME_TOKEN);

        assertThat(error(down, 502)).contains("Zendesk could not be reached");
        assertThat(json.readTree(down.body()).path("error").asText()).isEqualTo("zendesk_unavailable");
        assertThat(error(busy, 503)).contains("Zendesk API");
        assertThat(busy.headers().firstValue("Retry-After")).contains("30");
    }

    @Test
    void aTokenOverItsRateGets429WithRetryAfterUntilItsNextSlot() throws Exception {
        // rate-per-minute 20: half of it may come at once, the rest one every six seconds; the clock stands still.
        int passed = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 30 && refused == null; i++) {
            HttpResponse<String> response = call("/api/agent/context?ticket=abc", ACME_TOKEN);
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(400);
                passed++;
            }
        }

        assertThat(passed).isEqualTo(11);
        assertThat(refused).isNotNull();
        assertThat(refused.headers().firstValue("Retry-After")).contains("6");
        assertThat(json.readTree(refused.body()).path("error").asText()).isEqualTo("rate_limited");
        assertThat(call("/api/agent/context?ticket=abc", ACME_TOKEN).statusCode()).isEqualTo(429);
        // A refused request spends nothing: six seconds on, the next slot is free.
        clock.advance(Duration.ofSeconds(6));
        assertThat(call("/api/agent/context?ticket=abc", ACME_TOKEN).statusCode()).isEqualTo(400);
        assertThat(call("/api/agent/context?ticket=abc", ACME_TOKEN).statusCode()).isEqualTo(429);
        // The other installation's token has a budget of its own.
        assertThat(call("/api/agent/context?ticket=abc", GLOBEX_TOKEN).statusCode()).isEqualTo(403);
    }

    @Test
    void anAgentsHoldSuppressesTheCustomerUntilItExpiresAndIsInTheLedger() throws Exception {
        enrichedTicket(35436, JANE);
        Signal signal = signals.save(new Signal("sig-hold", "evt:sig-hold", "manual", Signal.Type.ORDER_DELAY,
                "801000000000102AAA", Signal.Severity.HIGH, "Order 00000102 is late", null, null, null, null, null,
                now));

        HttpResponse<String> held = send("POST", "/api/agent/hold",
                "{\"ticket\": 35436, \"days\": 7, \"agent\": \"Alex Agent\"}", ACME_TOKEN);

        assertThat(held.statusCode()).isEqualTo(200);
        Instant until = now.plus(Duration.ofDays(7));
        JsonNode hold = json.readTree(held.body()).path("hold");
        assertThat(Instant.parse(hold.path("until").asText())).isEqualTo(until);
        assertThat(hold.path("by").asText()).isEqualTo("Alex Agent");
        assertThat(jdbc.queryForObject("select expires_at from suppression where email = ?",
                java.time.OffsetDateTime.class, JANE).toInstant()).isEqualTo(until);
        assertThat(ledger.decisionsFor(JANE, 10)).singleElement().satisfies(entry -> {
            assertThat(entry.decision()).isEqualTo(LedgerEntry.Decision.AGENT_HOLD);
            assertThat(entry.reason()).isEqualTo("Proactive messages held by Alex Agent from Zendesk ticket #35436 "
                    + "until " + io.kairos.timing.UtcText.of(until) + ".");
        });
        assertThat(json.readTree(call("/api/agent/context?ticket=35436", ACME_TOKEN).body())
                .path("hold").path("by").asText()).isEqualTo("Alex Agent");
        assertThat(decisionFor(signal).code()).isEqualTo(ReasonCode.SUPPRESSION_LIST);

        clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(decisionFor(signal).code()).isEqualTo(ReasonCode.SUPPRESSION_LIST);
        clock.advance(Duration.ofSeconds(1));
        assertThat(decisionFor(signal).code()).isNotEqualTo(ReasonCode.SUPPRESSION_LIST);
        assertThat(suppressions.find(JANE)).isEmpty();
        assertThat(json.readTree(call("/api/agent/context?ticket=35436", ACME_TOKEN).body()).path("hold").isNull())
                .isTrue();
    }

    @Test
    void anAgentLiftsTheirHoldButNotAnAdminsSuppression() throws Exception {
        enrichedTicket(35436, JANE);
        assertThat(send("POST", "/api/agent/hold", "{\"ticket\":35436,\"days\":3,\"agent\":\"Alex Agent\"}",
                ACME_TOKEN).statusCode()).isEqualTo(200);

        HttpResponse<String> lifted = send("DELETE", "/api/agent/hold?ticket=35436&agent=Alex%20Agent", null,
                ACME_TOKEN);

        assertThat(lifted.statusCode()).isEqualTo(200);
        assertThat(json.readTree(lifted.body()).has("hold")).isTrue();
        assertThat(json.readTree(lifted.body()).path("hold").isNull()).isTrue();
        assertThat(suppressions.find(JANE)).isEmpty();
        assertThat(ledger.decisionsFor(JANE, 10)).first().satisfies(entry -> {
            assertThat(entry.decision()).isEqualTo(LedgerEntry.Decision.HOLD_LIFTED);
            assertThat(entry.reason()).contains("Alex Agent");
        });

        suppressions.add(JANE, "legal hold", "ops");
        HttpResponse<String> overAdmin = send("POST", "/api/agent/hold",
                "{\"ticket\":35436,\"days\":3,\"agent\":\"Alex Agent\"}", ACME_TOKEN);
        assertThat(overAdmin.statusCode()).isEqualTo(200);
        assertThat(json.readTree(overAdmin.body()).path("hold").path("until").isNull()).isTrue();
        assertThat(json.readTree(overAdmin.body()).path("hold").path("reason").asText()).isEqualTo("legal hold");
        assertThat(error(send("DELETE", "/api/agent/hold?ticket=35436&agent=Alex%20Agent", null, ACME_TOKEN), 409))
                .contains("legal hold");
        assertThat(suppressions.find(JANE)).get().satisfies(entry -> {
            assertThat(entry.reason()).isEqualTo("legal hold");
            assertThat(entry.expiresAt()).isNull();
        });
        assertThat(ledger.decisionsFor(JANE, 10)).hasSize(2);
    }

    private Decision decisionFor(Signal signal) {
        Recipient jane = new Recipient("003000000000001AAA", JANE, "Jane Doe", "Europe/Berlin", false, Map.of());
        return timing.forPage(signal, List.of(jane), "intercom").get(JANE);
    }

    private void janesTicketInZendesk(long ticket) {
        ZENDESK.stubFor(get("/api/v2/tickets/" + ticket + ".json").willReturn(okJson(
                "{\"ticket\":{\"id\":" + ticket + ",\"subject\":\"My order has not arrived\",\"status\":\"open\","
                        + "\"requester_id\":9001}}")));
        ZENDESK.stubFor(get("/api/v2/users/9001.json").willReturn(okJson(
                "{\"user\":{\"id\":9001,\"name\":\"Jane Doe\",\"email\":\"jane@acme.example\",\"locale\":\"de\"}}")));
    }

    /** A ticket Kairos enriched for this requester, as the enrichment flow records it. */
    private void enrichedTicket(long ticket, String email) {
        jdbc.update("""
                insert into ticket_enrichment (ticket_id, fingerprint, contact_email, enriched_at, ticket_status,
                                               subject, first_enriched_at)
                values (?, 'f', ?, ?, 'open', 'Where is my order?', ?)""", ticket, email, utc(now), utc(now));
    }

    private void plannedMessage(String signalId, Instant sendAt, String reason) {
        jdbc.update("""
                insert into signal (id, dedupe_key, source, type, record_id, severity, title, product, status,
                                    planned_count, received_at)
                values (?, ?, 'manual', 'KNOWN_ISSUE', 'a01000000000001AAA', 'HIGH', 'Sync stalls', 'Sync App',
                        'PLANNED', 1, ?)""", signalId, "key-" + signalId, utc(now));
        jdbc.update("""
                insert into outbox_message (signal_id, contact_email, contact_name, channel, variables, send_at, status,
                                            reason_code, reason, attempts, created_at, updated_at)
                values (?, ?, 'Jane Doe', 'intercom', '{}', ?, 'PLANNED', 'QUIET_HOURS', ?, 0, ?, ?)""",
                signalId, JANE, utc(sendAt), reason, utc(now), utc(now));
    }

    private void salesforceIsDown() {
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBodyFile("error-unavailable.json")));
    }

    private int contactQueries() {
        return SALESFORCE.findAll(getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH))).stream()
                .filter(r -> r.queryParameter("q").firstValue().startsWith("SELECT Id, Name, Email")).toList().size();
    }

    private String error(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        return json.readTree(response.body()).path("message").asText();
    }

    private HttpResponse<String> call(String path, String token) throws Exception {
        return send("GET", path, null, token);
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Object utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
