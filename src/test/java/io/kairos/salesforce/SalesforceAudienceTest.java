package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kairos.proactive.InvalidSignalException;
import io.kairos.proactive.MessageLanguages;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.support.MutableClock;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SalesforceTestCamel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.mock.env.MockEnvironment;

/** Audience resolution against a WireMock Salesforce, through a minimal CamelContext with the real component. */
class SalesforceAudienceTest {

    private static final String TOKEN = "00DTEST!kairos-token";
    private static final String QUERY_PATH = SalesforceStubs.QUERY_PATH;
    private static final String PAGE_2_PATH = "/services/data/v62.0/query/01gXX-2000";
    private static final String PAGE_3_PATH = "/services/data/v62.0/query/01gXX-4000";
    private static final String CONTACTS = "SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, Account.Name "
            + "FROM Contact WHERE Email != null";

    private static final String ORDER_QUERY = "SELECT Id, OrderNumber, Status, Expected_Delivery__c, Account.Name, "
            + "BillToContact.Id, BillToContact.Name, BillToContact.Email, BillToContact.Time_Zone__c, "
            + "BillToContact.HasOptedOutOfEmail FROM Order WHERE Id = '801000000000102AAA'";
    private static final String KNOWN_ISSUE_QUERY = CONTACTS
            + " AND AccountId IN (SELECT AccountId FROM Asset WHERE Product2.Name = 'Sync App')";
    private static final String GERMAN_GOLD = "MailingCountry = 'DE' AND Account.Support_Tier__c = 'Gold'";
    private static final String OUTAGE_QUERY = CONTACTS + " AND (" + GERMAN_GOLD + ")";
    private static final String DEFAULT_AUDIENCE = "Account.Support_Tier__c IN ('Gold', 'Platinum')";

    @RegisterExtension
    static WireMockExtension salesforce = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"))
            .resetOnEachTest(false)
            .build();

    private CamelContext camel;
    private SimpleMeterRegistry meters;
    private MutableClock clock;

    @BeforeAll
    static void stubSalesforce() {
        salesforce.stubFor(post("/services/oauth2/token")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("token.json").withTransformers("response-template")));
        salesforce.stubFor(any(urlPathEqualTo("/services/oauth2/revoke")).willReturn(aResponse().withStatus(200)));

        stubQuery(ORDER_QUERY, json("audience-order-00000102.json"));
        stubQuery(ORDER_QUERY.replace("102AAA'", "103AAA'"), json("audience-order-without-contact.json"));
        stubQuery(KNOWN_ISSUE_QUERY, json("audience-known-issue-sync-app.json"));
        stubQuery(OUTAGE_QUERY, json("audience-outage-page-1.json"));
        stubQuery(CONTACTS + " AND (" + DEFAULT_AUDIENCE + ")", json("audience-outage-page-3.json"));
        stubPage(PAGE_2_PATH, json("audience-outage-page-2.json"));
        stubPage(PAGE_3_PATH, json("audience-outage-page-3.json"));

        stubQuery(CONTACTS + " AND AccountId IN (SELECT AccountId FROM Asset WHERE Product2.Name = 'Quota')",
                aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBodyFile("error-request-limit.json"));
        stubQuery(CONTACTS + " AND (MailingCountry = 'FR')",
                json("audience-outage-page-1.json").withHeader("Sforce-Limit-Info", "api-usage=7000/15000"));
        stubQuery(CONTACTS + " AND (MailingCountry = 'ES')",
                json("audience-outage-page-3.json").withHeader("Sforce-Limit-Info",
                        "api-usage=1200/15000; per-app-api-usage=17/250(appName=kairos)"));
    }

    @BeforeEach
    void startCamel() throws Exception {
        salesforce.resetRequests();
        camel = SalesforceTestCamel.start(salesforce.baseUrl());

        meters = new SimpleMeterRegistry();
        clock = MutableClock.at("2026-03-02T09:00:00Z");
    }

    @AfterEach
    void stopCamel() {
        // Before WireMock stops, so the token revoke on shutdown still has a server to talk to.
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void orderDelayConcernsTheOrdersBillToContact() {
        List<List<Recipient>> pages = resolve(signal(Signal.Type.ORDER_DELAY, "801000000000102AAA", null, null));

        assertThat(pages).containsExactly(List.of(new Recipient("003000000000001AAA", "jane@acme.example", "Jane Doe",
                "Europe/Berlin", false, Map.of("orderNumber", "00000102", "orderStatus", "Delayed",
                "expectedDelivery", "2026-12-01", "accountName", "Acme GmbH",
                Recipient.ACCOUNT_ID, "001000000000001AAA"))));
        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH)).withQueryParam("q", equalTo(ORDER_QUERY))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertThat(apiRequests()).isEqualTo(1);
    }

    @Test
    void orderContactRelationshipIsConfiguration() {
        SalesforceAudience shipTo = audience(Map.of("salesforce.fields.order-contact", "ShipToContact"), "", 0.4);
        String query = ORDER_QUERY.replace("BillToContact", "ShipToContact");
        stubQuery(query, json("audience-order-00000102.json"));

        shipTo.resolve(signal(Signal.Type.ORDER_DELAY, "801000000000102AAA", null, null), page -> { });

        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH)).withQueryParam("q", equalTo(query)));
    }

    @Test
    void theContactsAndTheAccountsLanguageAreReadWhenTheOrgKeepsThem() {
        SalesforceAudience withLanguages = audience(Map.of("salesforce.fields.contact-language", "Language__c",
                "salesforce.fields.account-language", "Language__c"), "", 0.4);
        String query = "SELECT Id, OrderNumber, Status, Expected_Delivery__c, Account.Name, Account.Language__c, "
                + "BillToContact.Id, BillToContact.Name, BillToContact.Email, BillToContact.Language__c, "
                + "BillToContact.Time_Zone__c, BillToContact.HasOptedOutOfEmail FROM Order WHERE Id = "
                + "'801000000000104AAA'";
        stubQuery(query, okJson("""
                {"totalSize": 1, "done": true, "records": [{"attributes": {"type": "Order"}, "Id": "801000000000104AAA",
                  "OrderNumber": "00000104", "Status": "Delayed", "Expected_Delivery__c": null,
                  "Account": {"Name": "Acme GmbH", "Language__c": "de"},
                  "BillToContact": {"Id": "003000000000004AAA", "Name": "Lena Berger", "Email": "lena@acme.example",
                    "Language__c": "de_AT", "Time_Zone__c": "Europe/Vienna", "HasOptedOutOfEmail": false}}]}
                """));
        List<Recipient> recipients = new ArrayList<>();

        withLanguages.resolve(signal(Signal.Type.ORDER_DELAY, "801000000000104AAA", null, null), recipients::addAll);

        assertThat(recipients).singleElement().satisfies(r -> assertThat(r.variables())
                .containsEntry(MessageLanguages.CONTACT_LANGUAGE, "de_AT")
                .containsEntry(MessageLanguages.ACCOUNT_LANGUAGE, "de"));
    }

    @Test
    void orderWithoutContactConcernsNobody() {
        assertThat(resolve(signal(Signal.Type.ORDER_DELAY, "801000000000103AAA", null, null))).isEmpty();
        assertThat(apiRequests()).isEqualTo(1);
    }

    @Test
    void orderDelayNeedsASalesforceIdBeforeAnyCall() {
        for (String recordId : new String[] {null, "00000102", "801000000000102AAA' OR Id != '",
                "001000000000102AAA"}) {
            assertThatThrownBy(() -> resolve(signal(Signal.Type.ORDER_DELAY, recordId, null, null)))
                    .isInstanceOf(InvalidSignalException.class)
                    .satisfies(e -> assertThat(((InvalidSignalException) e).field()).isEqualTo("recordId"));
        }
        assertThat(salesforce.getAllServeEvents()).isEmpty();
    }

    @Test
    void knownIssueConcernsContactsOfAccountsOwningTheProduct() {
        List<List<Recipient>> pages = resolve(signal(Signal.Type.KNOWN_ISSUE, null, "Sync App", null));

        assertThat(pages).containsExactly(List.of(
                new Recipient("003000000000001AAA", "jane@acme.example", "Jane Doe", "Europe/Berlin", false,
                        Map.of("accountName", "Acme GmbH", "product", "Sync App")),
                new Recipient("003000000000002AAA", "max@acme.example", "Max Mustermann", null, true,
                        Map.of("accountName", "Acme GmbH", "product", "Sync App")),
                new Recipient("003000000000003AAA", "li@globex.example", "Li Wei", "Asia/Shanghai", false,
                        Map.of("product", "Sync App"))));
        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH))
                .withQueryParam("q", equalTo(KNOWN_ISSUE_QUERY)));
    }

    @Test
    void productNameReachesSalesforceEscaped() {
        String query = CONTACTS + " AND AccountId IN (SELECT AccountId FROM Asset WHERE Product2.Name = "
                + "'Bob\\'s Widget')";
        stubQuery(query, json("audience-outage-page-3.json"));

        resolve(signal(Signal.Type.KNOWN_ISSUE, null, "Bob's Widget", null));

        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH)).withQueryParam("q", equalTo(query)));
    }

    @Test
    void knownIssueNeedsAProduct() {
        assertThatThrownBy(() -> resolve(signal(Signal.Type.KNOWN_ISSUE, null, " ", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("KNOWN_ISSUE needs a product");
        assertThat(salesforce.getAllServeEvents()).isEmpty();
    }

    @Test
    void outageAudienceOfThreePagesArrivesPageByPageInOrderWithoutContactsLackingEmail() {
        List<List<Recipient>> pages = resolve(signal(Signal.Type.OUTAGE, null, null, GERMAN_GOLD));

        assertThat(pages).hasSize(3);
        assertThat(pages).extracting(page -> page.stream().map(Recipient::email).toList()).containsExactly(
                List.of("contact1@acme.example", "contact2@acme.example", "contact3@acme.example"),
                List.of("contact4@acme.example", "contact6@acme.example"),
                List.of("contact8@acme.example", "contact9@acme.example"));
        assertThat(pages.stream().mapToInt(List::size).sum()).isEqualTo(7);
        assertThat(pages.get(0).get(0)).isEqualTo(new Recipient("003000000000001AAA", "contact1@acme.example",
                "Contact 1", "Europe/Berlin", false, Map.of("accountName", "Acme GmbH")));

        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH)).withQueryParam("q", equalTo(OUTAGE_QUERY))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        // queryMore GETs instanceUrl + nextRecordsUrl as Salesforce sent it: no query string, same bearer token.
        for (String page : List.of(PAGE_2_PATH, PAGE_3_PATH)) {
            salesforce.verify(1, getRequestedFor(urlEqualTo(page))
                    .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        }
        List<String> urls = new ArrayList<>(salesforce.getAllServeEvents().stream()
                .map(event -> event.getRequest().getUrl()).filter(url -> url.startsWith("/services/data/")).toList());
        Collections.reverse(urls); // WireMock lists the newest first
        assertThat(urls).hasSize(3).endsWith(PAGE_2_PATH, PAGE_3_PATH);
        assertThat(urls.get(0)).startsWith(QUERY_PATH + "?q=");
    }

    @Test
    void consumerHoldsBackThePagesThatFollow() {
        List<String> seen = new ArrayList<>();

        audience(Map.of(), "", 0.4).resolve(signal(Signal.Type.OUTAGE, null, null, GERMAN_GOLD), page -> {
            seen.add("page of " + page.size() + " after " + apiRequests() + " requests");
        });

        assertThat(seen).containsExactly("page of 3 after 1 requests", "page of 2 after 2 requests",
                "page of 2 after 3 requests");
    }

    @Test
    void announcementWithoutAudienceUsesTheDefault() {
        SalesforceAudience withDefault = audience(Map.of(), DEFAULT_AUDIENCE, 0.4);
        List<List<Recipient>> pages = new ArrayList<>();

        withDefault.resolve(signal(Signal.Type.ANNOUNCEMENT, null, null, null), pages::add);

        assertThat(pages).hasSize(1);
        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH))
                .withQueryParam("q", equalTo(CONTACTS + " AND (" + DEFAULT_AUDIENCE + ")")));
    }

    @Test
    void outageWithoutAudienceAndWithoutDefaultIsRefused() {
        assertThatThrownBy(() -> resolve(signal(Signal.Type.OUTAGE, null, null, "  ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("OUTAGE needs an audience");
        assertThat(salesforce.getAllServeEvents()).isEmpty();
    }

    @Test
    void unsafeAudienceIsRefusedBeforeAnyHttpCall() {
        for (String audience : new String[] {
                "Email != null OR Id IN (SELECT ContactId FROM Case)",
                "MailingCountry = 'DE') OR (Phone != null",
                "MailingCountry = 'DE' LIMIT 1",
                "MailingCountry = 'DE'; DELETE"}) {
            assertThatThrownBy(() -> resolve(signal(Signal.Type.ANNOUNCEMENT, null, null, audience)))
                    .as(audience)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("audience refused: ");
        }
        assertThat(salesforce.getAllServeEvents()).isEmpty();
    }

    @Test
    void audienceFieldsAreConfiguration() {
        SalesforceAudience narrow = new SalesforceAudience(camel.createProducerTemplate(),
                SoqlQueriesTest.properties(Map.of()), meters, clock, "", List.of("Email"), 0.4, Duration.ofMinutes(5));

        assertThatThrownBy(() -> narrow.resolve(signal(Signal.Type.OUTAGE, null, null, GERMAN_GOLD), page -> { }))
                .hasMessageContaining("field 'MailingCountry' at position 1 is not allowed");
        assertThat(salesforce.getAllServeEvents()).isEmpty();
    }

    @Test
    void exhaustedDailyAllowanceBecomesQuotaException() {
        ListAppender<ILoggingEvent> logs = captureLogs(SoqlPages.class);
        try {
            Throwable thrown = catchThrowable(() -> resolve(signal(Signal.Type.KNOWN_ISSUE, null, "Quota", null)));

            assertThat(thrown).isInstanceOf(SalesforceQuotaExhaustedException.class);
            assertThat(((SalesforceQuotaExhaustedException) thrown).getBackoff()).isEqualTo(Duration.ofMinutes(15));
            assertThat(thrown.getCause()).isInstanceOf(SalesforceException.class);
            assertThat(meters.counter(SalesforceCustomerDirectory.QUOTA_COUNTER).count()).isEqualTo(1.0);
            assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage).isEqualTo("Salesforce daily API allowance "
                            + "exhausted (REQUEST_LIMIT_EXCEEDED); bulk queries back off for 15m");
        } finally {
            releaseLogs(SoqlPages.class, logs);
        }
    }

    @Test
    void usageFromTheLimitInfoHeaderIsKept() {
        SalesforceAudience audience = audience(Map.of(), "", 0.4);
        assertThat(audience.lastApiUsage()).isEmpty();

        audience.resolve(signal(Signal.Type.OUTAGE, null, null, "MailingCountry = 'ES'"), page -> { });

        assertThat(audience.lastApiUsage()).contains(new ApiUsage(1200, 15000, clock.instant()));
        assertThat(meters.counter(BulkApiBudget.PAUSED_COUNTER).count()).isZero();
    }

    @Test
    void usageOverTheBulkShareStopsBeforeTheNextRequestCountedAndWarnedOnce() {
        SalesforceAudience audience = audience(Map.of(), "", 0.4);
        Signal france = signal(Signal.Type.OUTAGE, null, null, "MailingCountry = 'FR'");
        List<List<Recipient>> pages = new ArrayList<>();
        ListAppender<ILoggingEvent> logs = captureLogs(BulkApiBudget.class);
        try {
            Throwable first = catchThrowable(() -> audience.resolve(france, pages::add));

            assertThat(pages).as("the page already paid for is handed on").hasSize(1);
            assertThat(first).isInstanceOf(SalesforceBudgetPausedException.class).hasMessage(
                    "Salesforce bulk work paused: the org has used 7000 of 15000 daily API requests (47%), over the "
                    + "40% share allowed for audience resolution (kairos.proactive.bulk-budget-share); retry in 5m");
            SalesforceBudgetPausedException pause = (SalesforceBudgetPausedException) first;
            assertThat(pause.getUsage()).isEqualTo(new ApiUsage(7000, 15000, clock.instant()));
            assertThat(pause.getAllowedShare()).isEqualTo(0.4);
            assertThat(audience.lastApiUsage()).contains(pause.getUsage());
            salesforce.verify(0, getRequestedFor(urlEqualTo(PAGE_2_PATH)));

            clock.advance(Duration.ofMinutes(2));
            Throwable second = catchThrowable(() -> audience.resolve(france, pages::add));

            assertThat(second).isInstanceOf(SalesforceBudgetPausedException.class).hasMessageEndingWith("retry in 3m");
            assertThat(apiRequests()).as("paused before any request").isEqualTo(1);
            assertThat(meters.counter(BulkApiBudget.PAUSED_COUNTER).count()).isEqualTo(2.0);
            assertThat(logs.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).isEqualTo(first.getMessage());
            });

            clock.advance(Duration.ofMinutes(3));
            Throwable afterRecheck = catchThrowable(() -> audience.resolve(france, pages::add));

            assertThat(apiRequests()).as("a stale reading lets one request through").isEqualTo(2);
            assertThat(afterRecheck).isInstanceOf(SalesforceBudgetPausedException.class);
            assertThat(pages).hasSize(2);
            assertThat(logs.list).hasSize(1);
        } finally {
            releaseLogs(BulkApiBudget.class, logs);
        }
    }

    @Test
    void usageUnderTheShareResumesAndWarnsAgainOnTheNextPause() {
        SalesforceAudience audience = audience(Map.of(), "", 0.4);
        ListAppender<ILoggingEvent> logs = captureLogs(BulkApiBudget.class);
        try {
            catchThrowable(() -> audience.resolve(signal(Signal.Type.OUTAGE, null, null, "MailingCountry = 'FR'"),
                    page -> { }));
            clock.advance(Duration.ofMinutes(5));
            audience.resolve(signal(Signal.Type.OUTAGE, null, null, "MailingCountry = 'ES'"), page -> { });
            catchThrowable(() -> audience.resolve(signal(Signal.Type.OUTAGE, null, null, "MailingCountry = 'FR'"),
                    page -> { }));

            assertThat(logs.list).hasSize(2);
            assertThat(meters.counter(BulkApiBudget.PAUSED_COUNTER).count()).isEqualTo(2.0);
        } finally {
            releaseLogs(BulkApiBudget.class, logs);
        }
    }

    @Test
    void settingsAreReadAsYamlListsOrCommaSeparated() {
        MockEnvironment yaml = new MockEnvironment()
                .withProperty("kairos.proactive.audience-fields[0]", "Email")
                .withProperty("kairos.proactive.audience-fields[1]", "MailingCountry")
                .withProperty("kairos.proactive.default-audience", "MailingCountry = 'FR'")
                .withProperty("kairos.proactive.bulk-budget-share", "0.5")
                .withProperty("kairos.proactive.bulk-budget-recheck", "2m");
        SalesforceAudience fromYaml = fromEnvironment(yaml);

        Throwable paused = catchThrowable(() -> fromYaml.resolve(signal(Signal.Type.OUTAGE, null, null, null),
                page -> { }));

        assertThat(paused).as("the default audience is used and 47% of the allowance is under the 50% share").isNull();
        salesforce.verify(1, getRequestedFor(urlEqualTo(PAGE_3_PATH)));
        assertThatThrownBy(() -> fromYaml.resolve(signal(Signal.Type.OUTAGE, null, null, "AccountId = null"),
                page -> { })).hasMessageContaining("field 'AccountId' at position 1 is not allowed");

        SalesforceAudience fromCommas = fromEnvironment(
                new MockEnvironment().withProperty("kairos.proactive.audience-fields", "Email, AccountId"));
        assertThatThrownBy(() -> fromCommas.resolve(signal(Signal.Type.OUTAGE, null, null, "MailingCountry = 'DE'"),
                page -> { })).hasMessageContaining("field 'MailingCountry' at position 1 is not allowed");
        assertThatThrownBy(() -> fromCommas.resolve(signal(Signal.Type.OUTAGE, null, null, null), page -> { }))
                .hasMessage("OUTAGE needs an audience");
    }

    @Test
    void bulkShareMustBeAFraction() {
        assertThatThrownBy(() -> audience(Map.of(), "", 40)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kairos.proactive.bulk-budget-share must be in (0, 1], got 40.0");
    }

    private List<List<Recipient>> resolve(Signal signal) {
        List<List<Recipient>> pages = new ArrayList<>();
        audience(Map.of(), "", 0.4).resolve(signal, pages::add);
        return pages;
    }

    /** As Spring builds it: the settings read from the environment. */
    private SalesforceAudience fromEnvironment(MockEnvironment environment) {
        SalesforceProperties properties = SoqlQueriesTest.properties(Map.of());
        return new SalesforceAudience(new SoqlPages(camel.createProducerTemplate(), properties, meters, clock,
                environment, new SalesforceApiUsageMeter(meters, clock), new SalesforceFirstCall()), properties,
                environment);
    }

    private SalesforceAudience audience(Map<String, String> salesforceProperties, String defaultAudience,
                                        double share) {
        Map<String, String> values = new HashMap<>(salesforceProperties);
        values.put("salesforce.quota-backoff", "15m");
        return new SalesforceAudience(camel.createProducerTemplate(), SoqlQueriesTest.properties(values), meters,
                clock, defaultAudience, SalesforceAudience.DEFAULT_AUDIENCE_FIELDS, share, Duration.ofMinutes(5));
    }

    private static Signal signal(Signal.Type type, String recordId, String product, String audience) {
        return new Signal("sig-1", "dedupe-1", "manual", type, recordId, Signal.Severity.NORMAL, "Title", "Body",
                product, null, null, audience, Instant.parse("2026-03-02T08:59:00Z"));
    }

    private static ResponseDefinitionBuilder json(String file) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBodyFile(file);
    }

    private static void stubQuery(String soql, ResponseDefinitionBuilder response) {
        salesforce.stubFor(get(urlPathEqualTo(QUERY_PATH)).withQueryParam("q", equalTo(soql))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)).willReturn(response));
    }

    private static void stubPage(String path, ResponseDefinitionBuilder response) {
        salesforce.stubFor(get(urlEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(response));
    }

    private static int apiRequests() {
        return (int) salesforce.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().startsWith("/services/data/"))
                .count();
    }

    private static ListAppender<ILoggingEvent> captureLogs(Class<?> type) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
        return appender;
    }

    private static void releaseLogs(Class<?> type, ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(type)).detachAppender(appender);
    }
}
