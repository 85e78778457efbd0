package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.EnrichmentProperties;
import io.kairos.enrichment.EnrichmentRules;
import io.kairos.enrichment.FieldMapping;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SalesforceTestCamel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The directory against a WireMock Salesforce, through a minimal CamelContext with the real salesforce component. */
class SalesforceCustomerDirectoryTest {

    private static final String TOKEN = "00DTEST!kairos-token";
    private static final String CLIENT_SECRET = "test-client-secret";
    private static final String QUERY_PATH = SalesforceStubs.QUERY_PATH;
    private static final String Q1_JANE = SalesforceStubs.contactQuery("jane@acme.example");
    private static final String Q2_ACME = SalesforceStubs.ACME_ACCOUNT_QUERY;
    private static final String Q3_ACME = SalesforceStubs.ACME_KNOWN_ISSUES_QUERY;

    @RegisterExtension
    static WireMockExtension salesforce = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"))
            .resetOnEachTest(false)
            .build();

    private static final List<FieldMapping> MAPPINGS = List.of(
            new FieldMapping("Account.Industry", 360004L, null),
            new FieldMapping("Account.Region__c", null, "region_{value}"),
            new FieldMapping("Contact.Title", 360005L, null));
    private static final String Q1_JANE_MAPPED = SalesforceStubs.contactQuery("jane@acme.example")
            .replace(" FROM Contact", ", Account.Industry, Account.Region__c, Title FROM Contact");

    private CamelContext camel;
    private SimpleMeterRegistry meters;
    private EnrichmentRules rules;
    private SalesforceCustomerDirectory directory;

    @BeforeAll
    static void stubSalesforce() {
        salesforce.stubFor(post("/services/oauth2/token")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("token.json").withTransformers("response-template")));
        salesforce.stubFor(any(urlPathEqualTo("/services/oauth2/revoke")).willReturn(aResponse().withStatus(200)));

        stubQuery(Q1_JANE, 200, "contact-jane.json");
        stubQuery(Q2_ACME, 200, "account-acme.json");
        stubQuery(Q3_ACME, 200, "known-issues-open.json");
        stubQuery(SalesforceStubs.contactQuery("nobody@acme.example"), 200, "contact-none.json");
        stubQuery(SalesforceStubs.contactQuery("o\\'brien@x.example"), 200, "contact-none.json");
        stubQuery(SalesforceStubs.contactQuery("quota@acme.example"), 403, "error-request-limit.json");
        stubQuery(SalesforceStubs.contactQuery("busy@acme.example"), 403, "error-concurrent-limit.json");
        stubQuery(SalesforceStubs.contactQuery("down@acme.example"), 503, "error-unavailable.json");
    }

    @BeforeEach
    void startCamel() throws Exception {
        salesforce.resetRequests();
        camel = SalesforceTestCamel.start(salesforce.baseUrl());

        meters = new SimpleMeterRegistry();
        SalesforceProperties properties = SoqlQueriesTest.properties(Map.of("salesforce.quota-backoff", "15m"));
        rules = new EnrichmentRules(mappings(List.of()));
        directory = new SalesforceCustomerDirectory(camel.createProducerTemplate(), properties, rules, meters);
    }

    @AfterEach
    void stopCamel() {
        // Before WireMock stops, so the token revoke on shutdown still has a server to talk to.
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void knownCustomerComesWithOrdersProductsAndKnownIssues() {
        CustomerContext jane = directory.findByEmail("jane@acme.example").orElseThrow();

        assertThat(jane).isEqualTo(new CustomerContext("003000000000001AAA", "Jane Doe", "jane@acme.example",
                "Europe/Berlin", false, "001000000000001AAA", "Acme GmbH", "Gold", "Sam Seller",
                List.of(new CustomerContext.Order("00000102", "Delayed", LocalDate.of(2026, 12, 1), "801000000000102AAA"),
                        new CustomerContext.Order("00000101", "Activated", null, "801000000000101AAA")),
                List.of("Widget Pro", "Sync App"),
                List.of(new CustomerContext.KnownIssue("KI-0042", "Investigating", "Sync App",
                        "Sync stalls after the 3.2 update", 99L, "a01000000000001AAA"))));

        salesforce.verify(1, postRequestedFor(urlPathEqualTo("/services/oauth2/token"))
                .withFormParam("grant_type", equalTo("client_credentials"))
                .withFormParam("client_id", equalTo("kairos-test"))
                .withFormParam("client_secret", equalTo(CLIENT_SECRET)));
        for (String soql : List.of(Q1_JANE, Q2_ACME, Q3_ACME)) {
            salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH))
                    .withQueryParam("q", equalTo(soql))
                    .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        }
        assertThat(queriesSent()).isEqualTo(3);
    }

    @Test
    void mappedFieldsAreAskedForInTheContactQueryAndComeBackInTheContext() {
        stubQuery(Q1_JANE_MAPPED, 200, "contact-jane-mapped.json");
        rules.replace(mappings(MAPPINGS));

        CustomerContext jane = directory.findByEmail("jane@acme.example").orElseThrow();

        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH)).withQueryParam("q", equalTo(Q1_JANE_MAPPED)));
        assertThat(jane.fields()).containsExactly(Map.entry("Account.Industry", "Manufacturing"),
                Map.entry("Account.Region__c", "EMEA North"), Map.entry("Contact.Title", ""));
        assertThat(jane.tier()).isEqualTo("Gold");
        assertThat(queriesSent()).isEqualTo(3);
    }

    @Test
    void aMappedFieldTheOrgDoesNotHaveIsLoggedOnceAndTheCustomerIsStillFound() {
        String misspelt = SalesforceStubs.contactQuery("jane@acme.example")
                .replace(" FROM Contact", ", Account.Industy FROM Contact");
        stubQuery(misspelt, 400, "error-invalid-field.json");
        rules.replace(mappings(List.of(new FieldMapping("Account.Industy", 360004L, null))));
        ListAppender<ILoggingEvent> logs = captureLogs();
        try {
            CustomerContext first = directory.findByEmail("jane@acme.example").orElseThrow();
            CustomerContext second = directory.findByEmail("jane@acme.example").orElseThrow();

            assertThat(first.accountName()).isEqualTo("Acme GmbH");
            assertThat(first.fields()).containsExactly(Map.entry("Account.Industy", ""));
            assertThat(second).isEqualTo(first);
            salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH)).withQueryParam("q", equalTo(misspelt)));
            salesforce.verify(2, getRequestedFor(urlPathEqualTo(QUERY_PATH)).withQueryParam("q", equalTo(Q1_JANE)));
            assertThat(logs.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).startsWith("Salesforce refused the mapped fields "
                        + "[Account.Industy] (INVALID_FIELD: No such column 'Industy' on entity 'Account'. If you")
                        .endsWith("tickets are enriched without them until kairos.enrichment.mappings "
                                + "(config/enrichment.yaml) changes");
            });
        } finally {
            releaseLogs(logs);
        }
    }

    @Test
    void aGroupOfCustomersIsOneQueryPerObjectWithTheSameContextsAsOneByOne() {
        String contacts = SalesforceStubs.contactQuery("x").replace("Email = 'x' ", "Email IN "
                + "('jane@acme.example', 'nobody@acme.example') ").replace(" LIMIT 1", "");
        stubQuery(contacts, 200, "contact-jane.json");
        stubQuery(Q2_ACME.replace("Id = '001000000000001AAA'", "Id IN ('001000000000001AAA')"), 200,
                "account-acme.json");
        CustomerContext one = directory.findByEmail("jane@acme.example").orElseThrow();
        salesforce.resetRequests();

        Map<String, CustomerContext> group = directory.findByEmails(List.of("jane@acme.example",
                "nobody@acme.example", "Jane@Acme.example"));

        assertThat(group).as("each spelling asked for").containsOnlyKeys("jane@acme.example", "Jane@Acme.example")
                .containsEntry("jane@acme.example", one).containsEntry("Jane@Acme.example", one);
        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH)).withQueryParam("q", equalTo(contacts)));
        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH)).withQueryParam("q", equalTo(Q3_ACME)));
        assertThat(queriesSent()).isEqualTo(3);
    }

    @Test
    void aGroupWhoseMappedFieldTheOrgDoesNotHaveIsAskedForAgainWithoutIt() {
        String contacts = SalesforceStubs.contactQuery("x").replace("Email = 'x' ", "Email IN "
                + "('jane@acme.example') ").replace(" LIMIT 1", "");
        stubQuery(contacts.replace(" FROM Contact", ", Account.Industy FROM Contact"), 400, "error-invalid-field.json");
        stubQuery(contacts, 200, "contact-jane.json");
        stubQuery(Q2_ACME.replace("Id = '001000000000001AAA'", "Id IN ('001000000000001AAA')"), 200,
                "account-acme.json");
        rules.replace(mappings(List.of(new FieldMapping("Account.Industy", 360004L, null))));
        ListAppender<ILoggingEvent> logs = captureLogs();
        try {
            CustomerContext jane = directory.findByEmails(List.of("jane@acme.example")).get("jane@acme.example");

            assertThat(jane.accountName()).isEqualTo("Acme GmbH");
            assertThat(jane.fields()).containsExactly(Map.entry("Account.Industy", ""));
            assertThat(logs.list).singleElement().satisfies(event -> assertThat(event.getLevel())
                    .isEqualTo(Level.ERROR));
        } finally {
            releaseLogs(logs);
        }
    }

    @Test
    void unknownEmailIsEmptyAndOnlyTheContactIsQueried() {
        assertThat(directory.findByEmail("nobody@acme.example")).isEmpty();

        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH))
                .withQueryParam("q", equalTo(SalesforceStubs.contactQuery("nobody@acme.example")))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertThat(queriesSent()).isEqualTo(1);
    }

    @Test
    void quoteInEmailReachesSalesforceEscaped() {
        assertThat(directory.findByEmail("o'brien@x.example")).isEmpty();

        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH))
                .withQueryParam("q", equalTo(SalesforceStubs.contactQuery("o\\'brien@x.example"))));
    }

    @Test
    void blankEmailAsksNothing() {
        assertThat(directory.findByEmail(" ")).isEqualTo(Optional.empty());
        assertThat(directory.findByEmail(null)).isEmpty();

        assertThat(queriesSent()).isZero();
    }

    @Test
    void exhaustedDailyAllowanceBecomesQuotaExceptionCountedAndLoggedOnce() {
        ListAppender<ILoggingEvent> logs = captureLogs();
        try {
            Throwable thrown = catchThrowable(() -> directory.findByEmail("quota@acme.example"));

            assertThat(thrown).isInstanceOf(SalesforceQuotaExhaustedException.class);
            SalesforceQuotaExhaustedException quota = (SalesforceQuotaExhaustedException) thrown;
            assertThat(quota.getBackoff()).isEqualTo(Duration.ofMinutes(15));
            assertThat(quota.getCause()).isInstanceOf(SalesforceException.class);
            assertThat(((SalesforceException) quota.getCause()).getStatusCode()).isEqualTo(403);
            assertThat(meters.counter(SalesforceCustomerDirectory.QUOTA_COUNTER).count()).isEqualTo(1.0);
            assertThat(logs.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).isEqualTo(
                        "Salesforce daily API allowance exhausted (REQUEST_LIMIT_EXCEEDED); enrichment backs off for 15m");
                assertThat(event.getThrowableProxy()).isNull();
            });
            assertThat(queriesSent()).isEqualTo(1);
        } finally {
            releaseLogs(logs);
        }
    }

    @Test
    void concurrencyLimitIsAnOrdinaryFailure() {
        Throwable thrown = catchThrowable(() -> directory.findByEmail("busy@acme.example"));

        assertThat(thrown).isNotNull().isNotInstanceOf(SalesforceQuotaExhaustedException.class);
        assertThat(thrown).hasRootCauseInstanceOf(SalesforceException.class);
        assertThat(meters.counter(SalesforceCustomerDirectory.QUOTA_COUNTER).count()).isZero();
    }

    @Test
    void unavailableSalesforcePropagatesAsItIs() {
        Throwable thrown = catchThrowable(() -> directory.findByEmail("down@acme.example"));

        assertThat(thrown).isNotNull().isNotInstanceOf(SalesforceQuotaExhaustedException.class);
        SalesforceException cause = findCause(thrown, SalesforceException.class);
        assertThat(cause).isNotNull();
        assertThat(cause.getStatusCode()).isEqualTo(503);
        assertThat(meters.counter(SalesforceCustomerDirectory.QUOTA_COUNTER).count()).isZero();
        assertThat(queriesSent()).isEqualTo(1);
    }

    private static EnrichmentProperties mappings(List<FieldMapping> mappings) {
        return new EnrichmentProperties("kairos_", List.of("Delayed"), Map.of(), 3, Duration.ofMinutes(10), mappings);
    }

    private static void stubQuery(String soql, int status, String bodyFile) {
        salesforce.stubFor(get(urlPathEqualTo(QUERY_PATH))
                .withQueryParam("q", equalTo(soql))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withBodyFile(bodyFile)));
    }

    private static int queriesSent() {
        return salesforce.findAll(getRequestedFor(urlPathEqualTo(QUERY_PATH))).size();
    }

    private static <T extends Throwable> T findCause(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(SalesforceCustomerDirectory.class)).addAppender(appender);
        return appender;
    }

    private static void releaseLogs(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(SalesforceCustomerDirectory.class)).detachAppender(appender);
    }
}
