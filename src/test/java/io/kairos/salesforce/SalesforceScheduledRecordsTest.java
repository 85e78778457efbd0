package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kairos.proactive.ScheduledRecords;
import io.kairos.support.MutableClock;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SalesforceTestCamel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A catalog schedule's SOQL against a WireMock Salesforce through the real component: the same bulk query as an
 * audience's ({@link SoqlPages}), so paged, budgeted and backed off on the daily allowance alike.
 */
class SalesforceScheduledRecordsTest {

    private static final String TRIALS = "SELECT Id FROM Contact WHERE Trial_Ends__c = NEXT_N_DAYS:3";
    private static final String OVER_BUDGET = "SELECT Id FROM Account WHERE Renewal_Date__c = NEXT_N_DAYS:30";
    private static final String QUOTA = "SELECT Id FROM Opportunity WHERE CloseDate = TODAY";
    private static final String PAGE_2 = "/services/data/v62.0/query/01gXX-2000";
    private static final String PAGE_3 = "/services/data/v62.0/query/01gXX-4000";

    @RegisterExtension
    static WireMockExtension salesforce = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"))
            .resetOnEachTest(false)
            .build();

    private CamelContext camel;
    private SimpleMeterRegistry meters;
    private SalesforceScheduledRecords records;

    @BeforeAll
    static void stubSalesforce() {
        SalesforceStubs.stubToken(salesforce);
        stubQuery(TRIALS, json("audience-outage-page-1.json"));
        stubPage(PAGE_2, json("audience-outage-page-2.json"));
        stubPage(PAGE_3, json("audience-outage-page-3.json"));
        stubQuery(OVER_BUDGET, json("audience-outage-page-1.json")
                .withHeader("Sforce-Limit-Info", "api-usage=9000/15000"));
        stubQuery(QUOTA, aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBodyFile("error-request-limit.json"));
    }

    @BeforeEach
    void start() throws Exception {
        salesforce.resetRequests();
        camel = SalesforceTestCamel.start(salesforce.baseUrl());
        meters = new SimpleMeterRegistry();
        records = new SalesforceScheduledRecords(SoqlQueriesTest.bulkQueries(camel, meters,
                MutableClock.at("2026-03-02T09:00:00Z")));
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void theIdsOfEveryPageFollowingNextRecordsUrl() {
        assertThat(records.ids(TRIALS, 100)).containsExactly("003000000000001AAA", "003000000000002AAA",
                "003000000000003AAA", "003000000000004AAA", "003000000000005AAA", "003000000000006AAA",
                "003000000000007AAA", "003000000000008AAA", "003000000000009AAA");
    }

    @Test
    void stopsAskingOnceTheMaximumIsReached() {
        assertThat(records.ids(TRIALS, 5)).hasSize(5).endsWith("003000000000005AAA");

        salesforce.verify(1, getRequestedFor(urlEqualTo(PAGE_2)));
        salesforce.verify(0, getRequestedFor(urlEqualTo(PAGE_3)));
    }

    @Test
    void pausesLikeAnAudienceWhenTheOrgIsOverTheBulkShare() {
        assertThatThrownBy(() -> records.ids(OVER_BUDGET, 100)).isInstanceOf(ScheduledRecords.Refused.class)
                .hasCauseInstanceOf(SalesforceBudgetPausedException.class)
                .satisfies(e -> assertThat(((ScheduledRecords.Refused) e).retryAfter())
                        .isEqualTo(Duration.ofMinutes(5)));
        salesforce.verify(0, getRequestedFor(urlEqualTo(PAGE_2)));
    }

    @Test
    void backsOffWhenTheDailyAllowanceIsUsedUp() {
        assertThatThrownBy(() -> records.ids(QUOTA, 100)).isInstanceOf(ScheduledRecords.Refused.class)
                .hasCauseInstanceOf(SalesforceQuotaExhaustedException.class)
                .satisfies(e -> assertThat(((ScheduledRecords.Refused) e).retryAfter())
                        .isEqualTo(Duration.ofMinutes(15)));
        assertThat(meters.counter(SalesforceCustomerDirectory.QUOTA_COUNTER).count()).isEqualTo(1.0);
    }

    private static ResponseDefinitionBuilder json(String file) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBodyFile(file);
    }

    private static void stubQuery(String soql, ResponseDefinitionBuilder response) {
        salesforce.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).withQueryParam("q", equalTo(soql))
                .willReturn(response));
    }

    private static void stubPage(String path, ResponseDefinitionBuilder response) {
        salesforce.stubFor(get(urlEqualTo(path)).willReturn(response));
    }
}
