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

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kairos.platform.Inbox;
import io.kairos.platform.InboxProperties;
import io.kairos.proactive.Signal;
import io.kairos.support.MutableClock;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SalesforceTestCamel;
import io.kairos.support.TestDatabases.Database;
import io.kairos.support.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replay gaps closed against a WireMock Salesforce (SOQL in pages) on H2 and PostgreSQL, with the real component:
 * Order changes, a catalog kind's change-event channel (CHURN_RISK on Account), platform events.
 */
class ReplayGapReconcilerTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    @RegisterExtension
    static WireMockExtension salesforce = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"))
            .resetOnEachTest(false)
            .build();

    private static final String ORDERS = "/data/OrderChangeEvent";
    private static final String SIGNALS = "/event/Kairos_Signal__e";
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant LAST_EVENT = Instant.parse("2026-11-23T08:59:59.750Z");
    private static final String GAP_QUERY = "SELECT Id, Status, LastModifiedDate FROM Order WHERE Status = 'Delayed' "
            + "AND LastModifiedDate >= 2026-11-23T08:59:59Z AND LastModifiedDate < 2026-11-23T10:00:00Z "
            + "ORDER BY LastModifiedDate";
    private static final String FAILING_QUERY = GAP_QUERY.replace("08:59:59Z", "07:00:00Z");
    private static final String PAGE_2 = "/services/data/v62.0/query/01gRC-2000";
    private static final String ACCOUNTS = "/data/AccountChangeEvent";
    private static final String CHURN_QUERY = "SELECT Id, Health_Score__c, LastModifiedDate FROM Account WHERE "
            + "Health_Score__c < 40 AND LastModifiedDate >= 2026-11-23T08:59:59Z AND LastModifiedDate < "
            + "2026-11-23T10:00:00Z ORDER BY LastModifiedDate";
    private static final String OTHER_ACCOUNT = "001000000000008AAA";

    private final MutableClock clock = new MutableClock(NOW);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private CamelContext camel;

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @BeforeAll
    static void stubSalesforce() {
        salesforce.stubFor(post("/services/oauth2/token")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("token.json").withTransformers("response-template")));
        salesforce.stubFor(any(urlPathEqualTo("/services/oauth2/revoke")).willReturn(aResponse().withStatus(200)));
        salesforce.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).withQueryParam("q", equalTo(GAP_QUERY))
                .willReturn(okJson("""
                        {"totalSize":3,"done":false,"nextRecordsUrl":"%s","records":[
                          {"attributes":{"type":"Order","url":"/services/data/v62.0/sobjects/Order/801000000000102AAA"},
                           "Id":"801000000000102AAA","Status":"Delayed","LastModifiedDate":"2026-11-23T10:15:00.000+0000"},
                          {"attributes":{"type":"Order","url":"/services/data/v62.0/sobjects/Order/801000000000103AAA"},
                           "Id":"801000000000103AAA","Status":"Delayed","LastModifiedDate":"2026-11-24T16:40:00.000+0000"}
                        ]}""".formatted(PAGE_2))));
        salesforce.stubFor(get(urlEqualTo(PAGE_2)).willReturn(okJson("""
                {"totalSize":3,"done":true,"records":[
                  {"attributes":{"type":"Order","url":"/services/data/v62.0/sobjects/Order/801000000000104AAA"},
                   "Id":"801000000000104AAA","Status":"Delayed","LastModifiedDate":"2026-11-25T07:05:00.000+0000"}
                ]}""")));
        // The second row no longer meets the rule (Salesforce would not return it): the rule judges each row too.
        salesforce.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).withQueryParam("q", equalTo(CHURN_QUERY))
                .willReturn(okJson("""
                        {"totalSize":2,"done":true,"records":[
                          {"attributes":{"type":"Account","url":"/services/data/v62.0/sobjects/Account/%s"},
                           "Id":"%s","Health_Score__c":35.0,"LastModifiedDate":"2026-11-23T09:30:00.000+0000"},
                          {"attributes":{"type":"Account","url":"/services/data/v62.0/sobjects/Account/%s"},
                           "Id":"%s","Health_Score__c":72.0,"LastModifiedDate":"2026-11-23T09:45:00.000+0000"}
                        ]}""".formatted(SalesforceSignalEventsTest.ACCOUNT, SalesforceSignalEventsTest.ACCOUNT,
                        OTHER_ACCOUNT, OTHER_ACCOUNT))));
        salesforce.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).withQueryParam("q", equalTo(FAILING_QUERY))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBodyFile("error-unavailable.json")));
    }

    @BeforeEach
    void startCamel() throws Exception {
        salesforce.resetRequests();
        camel = SalesforceTestCamel.start(salesforce.baseUrl());
    }

    @AfterEach
    void stopCamel() {
        if (camel != null) {
            camel.stop();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void orderChangesOfAStaleGapBecomeDelayEventsInTheInboxAndTheGapCloses(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        positions.advance(ORDERS, 31, "cdc:tx:801000000000101AAA", LAST_EVENT, 0);
        assertThat(new SubscriptionReplay(positions, SalesforceSignalEventsTest.properties(), clock, meters)
                .startFrom(ORDERS)).as("stale: a gap").isEqualTo(SubscriptionReplay.ALL_RETAINED);

        assertThat(reconciler(db).reconcileOpenGaps()).isEqualTo(1);

        salesforce.verify(1, getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", equalTo(GAP_QUERY)));
        salesforce.verify(1, getRequestedFor(urlEqualTo(PAGE_2)));
        assertThat(positions.openGaps()).isEmpty();
        List<String> ids = db.jdbc().queryForList("select event_id from inbox_event where source = 'salesforce' "
                + "and event_type = 'OrderChangeEvent' and status = 'PENDING' order by event_id", String.class);
        assertThat(ids).containsExactly(
                "reconcile:801000000000102AAA:2026-11-23T10:15:00.000+0000",
                "reconcile:801000000000103AAA:2026-11-24T16:40:00.000+0000",
                "reconcile:801000000000104AAA:2026-11-25T07:05:00.000+0000");

        SalesforceSignalEvents events = new SalesforceSignalEvents(SalesforceSignalEventsTest.properties(), clock);
        Signal signal = events.toSignal(payload(db, ids.get(0))).orElseThrow();
        assertThat(signal.type()).isEqualTo(Signal.Type.ORDER_DELAY);
        assertThat(signal.recordId()).isEqualTo("801000000000102AAA");
        assertThat(signal.dedupeKey()).isEqualTo("sf:reconcile:801000000000102AAA:2026-11-23T10:15:00.000+0000");
        assertThat(signal.startsAt()).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
        assertThat(positions.find(ORDERS).orElseThrow().replayId()).as("the position is not touched").isEqualTo(31);

        positions.recordGap(ORDERS, LAST_EVENT);
        assertThat(reconciler(db).reconcileOpenGaps()).as("the same gap again").isEqualTo(1);
        assertThat(db.jdbc().queryForObject("select count(*) from inbox_event", Integer.class))
                .as("stored once").isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aGapOnACatalogKindsChannelBecomesTheChangeEventsItsRuleWouldHaveMet(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        positions.recordGap(ACCOUNTS, LAST_EVENT);

        assertThat(reconciler(db).reconcileOpenGaps()).isEqualTo(1);

        salesforce.verify(1, getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", equalTo(CHURN_QUERY)));
        assertThat(positions.openGaps()).isEmpty();
        String eventId = "reconcile:" + SalesforceSignalEventsTest.ACCOUNT + ":2026-11-23T09:30:00.000+0000";
        assertThat(db.jdbc().queryForList("select event_id from inbox_event where source = 'salesforce'",
                String.class)).as("only the account whose score meets the rule").containsExactly(eventId);

        Signal signal = SalesforceSignalEventsTest.withChurnRisk().toSignal(payload(db, eventId)).orElseThrow();
        assertThat(signal.type().name()).isEqualTo("CHURN_RISK");
        assertThat(signal.recordId()).isEqualTo(SalesforceSignalEventsTest.ACCOUNT);
        assertThat(signal.dedupeKey()).as("the Order reconciliation's key scheme").isEqualTo("sf:" + eventId);

        positions.recordGap(ACCOUNTS, LAST_EVENT);
        assertThat(reconciler(db).reconcileOpenGaps()).as("the same gap again").isEqualTo(1);
        assertThat(db.jdbc().queryForObject("select count(*) from inbox_event", Integer.class))
                .as("stored once").isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aGapOnAChangeEventChannelNoKindTakesAnyMoreClosesWithoutAQuery(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        positions.recordGap("/data/CaseChangeEvent", LAST_EVENT);

        assertThat(reconciler(db).reconcileOpenGaps()).isEqualTo(1);

        assertThat(positions.openGaps()).isEmpty();
        salesforce.verify(0, getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH)));
        assertThat(meters.find(ReplayGapReconciler.UNRECOVERABLE_COUNTER).counters()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void platformEventGapIsClosedAsUnrecoverableWithoutAQuery(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        positions.recordGap(SIGNALS, LAST_EVENT);

        assertThat(reconciler(db).reconcileOpenGaps()).isEqualTo(1);

        assertThat(positions.openGaps()).isEmpty();
        assertThat(meters.find(ReplayGapReconciler.UNRECOVERABLE_COUNTER).tag("channel", SIGNALS).counter())
                .isNotNull().satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
        salesforce.verify(0, getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH)));
        assertThat(db.jdbc().queryForObject("select count(*) from inbox_event", Integer.class)).isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aGapOnACatalogKindsOwnPlatformEventChannelIsUnrecoverableToo(Database db) {
        String ordersDelayed = SalesforceSignalEventsTest.ORDER_DELAYED.channel();
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        positions.recordGap(ordersDelayed, LAST_EVENT);
        ReplayGapReconciler reconciler = reconciler(db, subscribing(),
                SalesforceSignalEventsTest.withEvents(SalesforceSignalEventsTest.ORDER_DELAYED));

        assertThat(reconciler.reconcileOpenGaps()).isEqualTo(1);

        assertThat(positions.openGaps()).isEmpty();
        assertThat(meters.find(ReplayGapReconciler.UNRECOVERABLE_COUNTER).tag("channel", ordersDelayed).counter())
                .isNotNull().satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
        salesforce.verify(0, getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void onlyTheReplicaThatSubscribesReconciles(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        positions.recordGap(SIGNALS, LAST_EVENT);

        assertThat(reconciler(db, new SubscriberTerm()).reconcileOpenGaps()).isZero();

        assertThat(positions.openGaps()).extracting(ReplayGap::channel).containsExactly(SIGNALS);
        assertThat(meters.find(ReplayGapReconciler.UNRECOVERABLE_COUNTER).counters()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void failedQueryLeavesTheGapOpenForTheNextRun(Database db) {
        ReplayPositions positions = new ReplayPositions(db.jdbc(), clock);
        positions.recordGap(ORDERS, Instant.parse("2026-11-23T07:00:00Z"));
        positions.recordGap(SIGNALS, LAST_EVENT);

        assertThat(reconciler(db).reconcileOpenGaps()).as("only the platform event gap").isEqualTo(1);

        assertThat(positions.openGaps()).extracting(ReplayGap::channel).containsExactly(ORDERS);
        assertThat(db.jdbc().queryForObject("select count(*) from inbox_event", Integer.class)).isZero();
    }

    private ReplayGapReconciler reconciler(Database db) {
        return reconciler(db, subscribing());
    }

    private static SubscriberTerm subscribing() {
        SubscriberTerm subscribing = new SubscriberTerm();
        subscribing.begin(1);
        return subscribing;
    }

    private ReplayGapReconciler reconciler(Database db, SubscriberTerm term) {
        return reconciler(db, term, SalesforceSignalEventsTest.withChurnRisk());
    }

    private ReplayGapReconciler reconciler(Database db, SubscriberTerm term, SalesforceSignalEvents events) {
        Inbox inbox = new Inbox(db.jdbc(), clock, new InboxProperties(Duration.ofMillis(250), 20,
                Duration.ofMinutes(2), 8, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofDays(14)));
        return new ReplayGapReconciler(new ReplayPositions(db.jdbc(), clock), inbox,
                SoqlQueriesTest.bulkQueries(camel, meters, clock),
                SalesforceSignalEventsTest.properties(), meters, term, events);
    }

    private static String payload(Database db, String eventId) {
        return db.jdbc().queryForObject("select payload from inbox_event where event_id = ?", String.class, eventId);
    }
}
