package io.kairos.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kairos.zendesk.ZendeskBulkEnrichmentIT.JOB;
import static io.kairos.zendesk.ZendeskBulkEnrichmentIT.TICKETS;
import static io.kairos.zendesk.ZendeskBulkEnrichmentIT.UPDATE_MANY;
import static io.kairos.zendesk.ZendeskBulkEnrichmentIT.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kairos.platform.Inbox;
import io.kairos.support.KairosInstance;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.TestDatabases;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Kairos stopped while following a bulk job, on PostgreSQL: Zendesk accepted the group's update_many and the job is
 * still working when the instance goes; a new instance on the same database follows that job to its end, sends no
 * second update_many, and marks every ticket done.
 */
class ZendeskBulkJobRestartIT {

    @RegisterExtension
    static final WireMockExtension ZENDESK = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock/zendesk")).build();

    @RegisterExtension
    static final WireMockExtension SALESFORCE = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce")).build();

    private final TestDatabases.Database database = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());

    @AfterEach
    void dropDatabase() {
        database.drop();
    }

    @Test
    void anInstanceStartedAfterAKillMidJobFollowsTheJobAndSendsNothingAgain() {
        SalesforceStubs.stubJaneOfAcme(SALESFORCE);
        ZendeskBulkEnrichmentIT.stubBacklog(ZENDESK, SALESFORCE);
        ZENDESK.stubFor(get(JOB).willReturn(json(200,
                "{\"job_statuses\":[{\"id\":\"job-7\",\"status\":\"working\",\"results\":[]}]}")));

        try (KairosInstance first = instance("kairos-first")) {
            first.bean(TransactionTemplate.class).executeWithoutResult(status -> TICKETS.forEach(ticket ->
                    first.bean(Inbox.class).accept("zendesk", "bulk-" + ticket, "ticket.created",
                            ZendeskBulkEnrichmentIT.payload(ticket))));
            await().atMost(Duration.ofSeconds(30)).until(() -> !ZENDESK.findAll(getRequestedFor(urlEqualTo(JOB)))
                    .isEmpty());
        }
        assertThat(jdbc.queryForList("select bulk_job from inbox_event", String.class)).as("the job id was stored")
                .hasSize(3).containsOnly("job-7");
        assertThat(jdbc.queryForList("select status from inbox_event", String.class)).doesNotContain("DONE");

        ZENDESK.stubFor(get(JOB).willReturn(json(200, "{\"job_statuses\":[{\"id\":\"job-7\",\"status\":\"completed\","
                + "\"results\":[{\"id\":71001,\"success\":true},{\"id\":71002,\"success\":true},"
                + "{\"id\":71003,\"success\":true}]}]}")));
        try (KairosInstance second = instance("kairos-second")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                    "select status from inbox_event", String.class).stream().allMatch("DONE"::equals));
        }
        ZENDESK.verify(1, putRequestedFor(urlEqualTo(UPDATE_MANY)));
        ZENDESK.verify(0, putRequestedFor(urlPathMatching("/api/v2/tickets/\\d+\\.json")));
        assertThat(jdbc.queryForList("select outcome from inbox_event", String.class))
                .containsOnly("enriched (Zendesk job job-7)");
    }

    private KairosInstance instance(String name) {
        return KairosInstance.start(name, database.url(), Map.of(
                "zendesk.base-url", ZENDESK.baseUrl(),
                "salesforce.login-url", SALESFORCE.baseUrl(),
                "kairos.inbox.poll-interval", "50",
                // A claim the stopped instance held while polling is taken over soon, not after 2 minutes.
                "kairos.inbox.lease", "2s",
                "kairos.enrichment.bulk.group-from", "3",
                "kairos.enrichment.bulk.poll-delay", "100ms"));
    }
}
