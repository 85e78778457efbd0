package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kairos.proactive.OrgSchema;
import io.kairos.support.MutableClock;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SalesforceTestCamel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The org's fields read with the describe call through the real camel-salesforce component, against WireMock. */
class SalesforceOrgSchemaTest {

    @RegisterExtension
    static WireMockExtension salesforce = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"))
            .build();

    private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private CamelContext camel;

    @BeforeEach
    void startCamel() {
        SalesforceStubs.stubToken(salesforce);
        camel = SalesforceTestCamel.start(salesforce.baseUrl());
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    @Test
    void fieldsOfAnObjectAreItsDescribedFieldsAndTheAnswerIsKeptForTheTtl() {
        SalesforceStubs.stubDescribe(salesforce, "Account", 200, "describe-account.json");
        SalesforceOrgSchema org = schema("kairos-test");

        assertThat(org.fieldsOf("Account")).hasValueSatisfying(fields ->
                assertThat(fields).contains("Id", "Name", "Health_Score__c", "LastModifiedDate"));
        assertThat(org.fieldsOf("account")).as("same object, other spelling").isPresent();
        salesforce.verify(1, getRequestedFor(urlPathMatching(SalesforceStubs.describePath("Account"))));

        clock.advance(Duration.ofMinutes(16));
        assertThat(org.fieldsOf("Account")).isPresent();
        salesforce.verify(2, getRequestedFor(urlPathMatching(SalesforceStubs.describePath("Account"))));
    }

    @Test
    void anObjectTheOrgLacksIsEmptyNotUnavailable() {
        SalesforceStubs.stubDescribe(salesforce, "Acount", 404, "error-describe-not-found.json");

        assertThat(schema("kairos-test").fieldsOf("Acount")).isEmpty();
        assertThat(schema("kairos-test").fieldsOf("Account/../Contact")).as("never a request path").isEmpty();
        salesforce.verify(1, getRequestedFor(urlPathMatching("/services/data/.*")));
    }

    @Test
    void salesforceDownIsUnavailableAndNotKept() {
        SalesforceStubs.stubDescribe(salesforce, "Account", 503, "error-unavailable.json");
        SalesforceOrgSchema org = schema("kairos-test");

        assertThatThrownBy(() -> org.fieldsOf("Account")).isInstanceOf(OrgSchema.Unavailable.class)
                .hasMessage("Salesforce did not answer describe Account (HTTP 503 SERVER_UNAVAILABLE)");

        SalesforceStubs.stubDescribe(salesforce, "Account", 200, "describe-account.json");
        assertThat(org.fieldsOf("Account")).as("asked again, not an answer kept").isPresent();
    }

    @Test
    void aPlain404IsUnavailableNotAMissingObject() {
        // WireMock's own 404 for a path it has no stub for, as a proxy or a wrong URL would answer.
        assertThatThrownBy(() -> schema("kairos-test").fieldsOf("Contact"))
                .isInstanceOf(OrgSchema.Unavailable.class);
    }

    @Test
    void notConfiguredIsUnavailableWithoutARequest() {
        assertThatThrownBy(() -> schema(" ").fieldsOf("Account")).isInstanceOf(OrgSchema.Unavailable.class)
                .hasMessage("Salesforce is not configured (SALESFORCE_CLIENT_ID is empty)");
        salesforce.verify(0, getRequestedFor(urlPathMatching("/services/data/.*")));
    }

    @Test
    void usageIsCountedAndAPausedBudgetStopsDescribing() {
        salesforce.stubFor(get(urlPathMatching(SalesforceStubs.describePath("Account"))).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("Sforce-Limit-Info", "api-usage=9000/10000").withBodyFile("describe-account.json")));
        SalesforceOrgSchema org = schema("kairos-test");

        assertThat(org.fieldsOf("Account")).isPresent();

        assertThat(meters.get(SalesforceApiUsageMeter.USED).gauge().value()).isEqualTo(9000.0);
        assertThatThrownBy(() -> org.fieldsOf("Contact")).isInstanceOf(OrgSchema.Unavailable.class)
                .hasMessageContaining("Salesforce bulk work paused");
        salesforce.verify(0, getRequestedFor(urlPathMatching(SalesforceStubs.describePath("Contact"))));
    }

    private SalesforceOrgSchema schema(String clientId) {
        // Its budget and usage meter are the ones the bulk queries (audiences, schedules) use.
        return new SalesforceOrgSchema(camel, camel.createProducerTemplate(), new SalesforceFirstCall(),
                SoqlQueriesTest.bulkQueries(camel, meters, clock),
                clock, Duration.ofMinutes(15), clientId);
    }
}
