package io.kairos.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kairos.platform.Inbox;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SignedWebhooks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spike enrichment (issue 13) on PostgreSQL: a backlog of tickets is enriched as one group with one grouped
 * Salesforce lookup and one Update Many Tickets request, its job followed to each ticket's result.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ZendeskBulkEnrichmentIT extends KairosAppTest {

    static final List<Long> TICKETS = List.of(71001L, 71002L, 71003L);
    static final String UPDATE_MANY = "/api/v2/tickets/update_many.json";
    static final String JOB = "/api/v2/job_statuses/show_many.json?ids=job-7";

    @Autowired
    private Inbox inbox;

    @Autowired
    private TransactionTemplate transactions;

    @DynamicPropertySource
    static void smallGroups(DynamicPropertyRegistry registry) {
        registry.add("kairos.enrichment.bulk.group-from", () -> "3");
        registry.add("kairos.enrichment.bulk.poll-delay", () -> "100ms");
        // A ticket the job failed waits its backoff with the job's reason, long enough to be looked at: retried
        // alone it would take the single-ticket path, which these stubs do not serve.
        registry.add("kairos.inbox.backoff-initial", () -> "1m");
    }

    @BeforeEach
    void zendeskAndSalesforce() {
        stubBacklog(ZENDESK, SALESFORCE);
    }

    /** Zendesk's bulk calls for TICKETS (requesters Jane and Bob) and the grouped Salesforce queries. */
    static void stubBacklog(WireMockExtension zendesk, WireMockExtension salesforce) {
        String tickets = TICKETS.stream().map(id -> "{\"id\":" + id + ",\"subject\":\"Order late " + id
                + "\",\"status\":\"open\",\"type\":\"question\",\"requester_id\":" + (id == 71003L ? 9002 : 9001) + "}")
                .collect(Collectors.joining(",", "{\"tickets\":[", "]}"));
        zendesk.stubFor(get(urlPathEqualTo("/api/v2/tickets/show_many.json")).willReturn(json(200, tickets)));
        zendesk.stubFor(get(urlPathEqualTo("/api/v2/users/show_many.json")).willReturn(json(200,
                "{\"users\":[{\"id\":9001,\"email\":\"jane@acme.example\",\"locale\":\"de\"},"
                        + "{\"id\":9002,\"email\":\"bob@acme.example\",\"locale\":\"en-US\"}]}")));
        zendesk.stubFor(put(UPDATE_MANY).willReturn(json(200,
                "{\"job_status\":{\"id\":\"job-7\",\"status\":\"queued\",\"url\":\"x\"}}")));
        salesforce.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", containing("FROM Contact WHERE Email IN")).willReturn(json(200, CONTACTS)));
        salesforce.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", containing("FROM Account WHERE Id IN ('001000000000001AAA')"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("account-acme.json")));
    }

    @Test
    void aBacklogIsEnrichedWithOneSoqlPerObjectAndOneBulkUpdate() {
        jobAnswers("{\"id\":71001,\"success\":true,\"status\":\"Updated\"}",
                "{\"id\":71002,\"success\":true,\"status\":\"Updated\"}",
                "{\"id\":71003,\"success\":true,\"status\":\"Updated\"}");

        acceptTogether(TICKETS);

        await().atMost(Duration.ofSeconds(20)).until(() -> statuses().values().stream().allMatch("DONE"::equals));
        SALESFORCE.verify(1, getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).withQueryParam("q",
                equalTo("SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, AccountId, Account.Name, "
                        + "Account.Support_Tier__c, Account.Owner.Name FROM Contact WHERE Email IN "
                        + "('jane@acme.example', 'bob@acme.example') ORDER BY LastModifiedDate DESC")));
        SALESFORCE.verify(1, getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", containing("FROM Account WHERE Id IN")));
        SALESFORCE.verify(1, getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", equalTo(SalesforceStubs.ACME_KNOWN_ISSUES_QUERY)));
        ZENDESK.verify(1, putRequestedFor(urlEqualTo(UPDATE_MANY))
                .withRequestBody(matchingJsonPath("$.tickets.length()", equalTo("3")))
                .withRequestBody(matchingJsonPath("$.tickets[0].id", equalTo("71001")))
                .withRequestBody(matchingJsonPath("$.tickets[0].comment.public", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.tickets[0].comment.body", containing("Jane Doe")))
                .withRequestBody(matchingJsonPath("$.tickets[0].additional_tags", equalToJson(
                        "[\"kairos_enriched\",\"kairos_tier_gold\",\"kairos_order_at_risk\",\"kairos_known_issue\"]")))
                .withRequestBody(matchingJsonPath("$.tickets[0].custom_fields[?(@.id == 360001)].value",
                        equalTo("Gold")))
                .withRequestBody(matchingJsonPath("$.tickets[0].problem_id", equalTo("99")))
                .withRequestBody(matchingJsonPath("$.tickets[0].type", equalTo("incident")))
                .withRequestBody(matchingJsonPath("$.tickets[2].comment.body", containing("Bob Roe"))));
        ZENDESK.verify(0, putRequestedFor(urlPathMatching("/api/v2/tickets/\\d+\\.json")));
        ZENDESK.verify(0, getRequestedFor(urlPathMatching("/api/v2/tickets/\\d+\\.json")));
        ZENDESK.verify(0, getRequestedFor(urlPathEqualTo("/api/v2/tickets/show_many.json")));
        ZENDESK.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/users/show_many.json"))
                .withQueryParam("ids", matching("9001,9002|9002,9001")));
        assertThat(jdbc.queryForList("select ticket_status from ticket_enrichment order by ticket_id", String.class))
                .containsExactly("open", "open", "open");
        assertThat(jdbc.queryForList("select email || ' ' || locale from user_locale order by email", String.class))
                .as("the users' locales, kept for proactive messages in their language")
                .containsExactly("bob@acme.example en-US", "jane@acme.example de");
        assertThat(jdbc.queryForList("select subject from activity_histogram where subject like 'contact:%' "
                + "order by subject", String.class)).as("each requester's opening counts towards send-time")
                .containsExactly("contact:bob@acme.example", "contact:jane@acme.example");
    }

    @Test
    void aPartlyFailedJobRetriesOnlyItsFailedTicketAndDeadLettersTheDeletedOne() {
        jobAnswers("{\"id\":71001,\"success\":true,\"status\":\"Updated\"}",
                "{\"id\":71002,\"success\":false,\"status\":\"Failed\",\"error\":\"TicketUpdateFailed\","
                        + "\"details\":\"Status: closed prevents ticket update\"}",
                "{\"id\":71003,\"success\":false,\"status\":\"Failed\",\"error\":\"RecordNotFound\","
                        + "\"details\":\"Ticket not found\"}");

        acceptTogether(TICKETS);

        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(statuses().get("bulk-71001"))
                && "DEAD".equals(statuses().get("bulk-71003")) && jdbc.queryForObject(
                "select count(*) from inbox_event where event_id = 'bulk-71002' and bulk_job is null and attempts >= 1 "
                        + "and outcome like 'Zendesk job job-7 did not update ticket 71002: TicketUpdateFailed%'",
                Integer.class) == 1);
        assertThat(jdbc.queryForObject("select reason from dead_letter where event_id = 'bulk-71003'", String.class))
                .contains("RecordNotFound");
        assertThat(jdbc.queryForObject("select fingerprint from ticket_enrichment where ticket_id = 71002",
                String.class)).as("not taken as written: sent again").isEmpty();
        ZENDESK.verify(1, putRequestedFor(urlEqualTo(UPDATE_MANY)));
    }

    @Test
    void aRateLimitedBulkUpdateWaitsForRetryAfterAndSendsTheWholeGroupAgain() {
        ZENDESK.stubFor(put(UPDATE_MANY).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("open"));
        ZENDESK.stubFor(put(UPDATE_MANY).inScenario("limit").whenScenarioStateIs("open").willReturn(json(200,
                "{\"job_status\":{\"id\":\"job-7\",\"status\":\"queued\"}}")));
        jobAnswers("{\"id\":71001,\"success\":true}", "{\"id\":71002,\"success\":true}",
                "{\"id\":71003,\"success\":true}");

        acceptTogether(TICKETS);

        await().atMost(Duration.ofSeconds(20)).until(() -> statuses().values().stream().allMatch("DONE"::equals));
        ZENDESK.verify(2, putRequestedFor(urlEqualTo(UPDATE_MANY))
                .withRequestBody(matchingJsonPath("$.tickets.length()", equalTo("3"))));
        List<java.util.Date> sent = ZENDESK.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(UPDATE_MANY)).map(e -> e.getRequest().getLoggedDate())
                .sorted().toList();
        assertThat(sent.get(1).getTime() - sent.get(0).getTime()).as("nobody asks before Retry-After")
                .isGreaterThanOrEqualTo(1_000);
        assertThat(jdbc.queryForList("select attempts from inbox_event", Integer.class))
                .as("a rate limit spends no attempt").containsOnly(1);
    }

    @Test
    void ticketsArrivingWhileASendWaitsForItsSlotsRideInThatSameRequest() {
        List<Long> first = TICKETS;
        List<Long> second = List.of(71004L, 71005L, 71006L);
        jobAnswers(java.util.stream.Stream.concat(first.stream(), second.stream())
                .map(id -> "{\"id\":" + id + ",\"success\":true}").toArray(String[]::new));
        // Zendesk's budget is taken for the next 10 s: the first group takes the slots after that and is parked.
        jdbc.update("insert into rate_limit (name, next_slot_us) values ('zendesk-requests', ?)",
                java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH,
                        java.time.Instant.now().plusSeconds(10)));

        acceptTogether(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox_event where rate_slot is not null", Integer.class) == 3);
        Long reserved = jdbc.queryForObject("select next_slot_us from rate_limit where name = 'zendesk-requests'",
                Long.class);
        acceptTogether(second);

        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                "select count(distinct rate_slot) from inbox_event where rate_slot is not null and event_id in "
                        + "('bulk-71004', 'bulk-71005', 'bulk-71006', 'bulk-71001')", Integer.class) == 1
                && jdbc.queryForObject("select count(*) from inbox_event where rate_slot is not null",
                Integer.class) == 6);
        assertThat(jdbc.queryForObject("select next_slot_us from rate_limit where name = 'zendesk-requests'",
                Long.class)).as("the second group took no slots of its own").isEqualTo(reserved);
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses().values().stream().allMatch("DONE"::equals)
                && statuses().size() == 6);
        ZENDESK.verify(1, putRequestedFor(urlEqualTo(UPDATE_MANY))
                .withRequestBody(matchingJsonPath("$.tickets.length()", equalTo("6"))));
        ZENDESK.verify(1, putRequestedFor(urlEqualTo(UPDATE_MANY)));
    }

    /**
     * Kairos killed while following a job: the rows are as a dead instance leaves them (claimed, the job id stored,
     * the lease run out). The instance that takes them over follows the job and sends nothing again.
     */
    @Test
    void aKillMidJobResumesFollowingTheJobWithoutSendingAgain() {
        jobAnswers("{\"id\":71001,\"success\":true}", "{\"id\":71002,\"success\":true}",
                "{\"id\":71003,\"success\":true}");
        transactions.executeWithoutResult(status -> {
            for (long ticket : TICKETS) {
                inbox.accept("zendesk", "bulk-" + ticket, "ticket.created", payload(ticket));
                jdbc.update("""
                        update inbox_event set status = 'PROCESSING', attempts = 1, bulk_job = 'job-7',
                               bulk_outcome = 'enriched', lease_until = now() - interval '1 second'
                        where event_id = ?""", "bulk-" + ticket);
            }
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> statuses().values().stream().allMatch("DONE"::equals));
        ZENDESK.verify(0, putRequestedFor(urlEqualTo(UPDATE_MANY)));
        ZENDESK.verify(0, putRequestedFor(urlPathMatching("/api/v2/tickets/\\d+\\.json")));
        ZENDESK.verify(getRequestedFor(urlEqualTo(JOB)));
        assertThat(jdbc.queryForList("select outcome from inbox_event", String.class))
                .containsOnly("enriched (Zendesk job job-7)");
    }

    /** The job is still working when first asked, then completed with these results. */
    private void jobAnswers(String... results) {
        ZENDESK.stubFor(get(JOB).inScenario("job").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"job_statuses\":[{\"id\":\"job-7\",\"status\":\"working\",\"results\":[]}]}"))
                .willSetStateTo("done"));
        ZENDESK.stubFor(get(JOB).inScenario("job").whenScenarioStateIs("done").willReturn(json(200,
                "{\"job_statuses\":[{\"id\":\"job-7\",\"status\":\"completed\",\"total\":3,\"progress\":3,"
                        + "\"results\":[" + String.join(",", results) + "]}]}")));
    }

    /** Stored in one transaction, so the tickets lane claims them in one go: a backlog. */
    private void acceptTogether(List<Long> tickets) {
        transactions.executeWithoutResult(status -> tickets.forEach(ticket ->
                inbox.accept("zendesk", "bulk-" + ticket, "ticket.created", payload(ticket))));
    }

    static String payload(long ticket) {
        String body = SignedWebhooks.fixture("ticket-created").replace("01HNX-CREATED-35436", "bulk-" + ticket)
                .replace("35436", String.valueOf(ticket));
        return ticket == 71003L ? body.replace("\"9001\"", "\"9002\"") : body;
    }

    private Map<String, String> statuses() {
        return jdbc.queryForList("select event_id, status from inbox_event").stream().collect(Collectors.toMap(
                row -> (String) row.get("event_id"), row -> (String) row.get("status")));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static final String CONTACTS = """
            {"totalSize": 2, "done": true, "records": [
              {"attributes": {"type": "Contact"}, "Id": "003000000000001AAA", "Name": "Jane Doe",
               "Email": "jane@acme.example", "Time_Zone__c": "Europe/Berlin", "HasOptedOutOfEmail": false,
               "AccountId": "001000000000001AAA", "Account": {"attributes": {"type": "Account"}, "Name": "Acme GmbH",
               "Support_Tier__c": "Gold", "Owner": {"attributes": {"type": "User"}, "Name": "Sam Seller"}}},
              {"attributes": {"type": "Contact"}, "Id": "003000000000002AAA", "Name": "Bob Roe",
               "Email": "bob@acme.example", "Time_Zone__c": "Europe/Berlin", "HasOptedOutOfEmail": false,
               "AccountId": "001000000000001AAA", "Account": {"attributes": {"type": "Account"}, "Name": "Acme GmbH",
               "Support_Tier__c": "Gold", "Owner": {"attributes": {"type": "User"}, "Name": "Sam Seller"}}}
            ]}""";
}
