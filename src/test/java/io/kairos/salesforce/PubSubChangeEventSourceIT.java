package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.ReplayPreset;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.kairos.support.ConfigRoots;
import io.kairos.support.FreePorts;
import io.kairos.support.PubSubRecords;
import io.kairos.support.PubSubStandIn;
import io.kairos.support.PubSubStandIn.SubscribeRequest;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SalesforceTestCamel;
import io.kairos.support.SignalIntakeApps;
import io.kairos.support.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole app over Pub/Sub with the example signal catalog (config/examples/signals.yaml) in its config root: the
 * catalog's change-event channel /data/AccountChangeEvent is subscribed with no route file of its own, with its own
 * replay position; an Account whose health score drops below 40 reaches the inbox and is a CHURN_RISK about that
 * Account (whose audience query the org refuses with INVALID_FIELD: dead-lettered at once with the reason), an update
 * that leaves the score alone is stored and is no signal; a catalog without the channel takes its subscription out,
 * and one with it again brings it back, resuming right after its stored replay id. With the example timing
 * (config/examples/timing.yaml) too, an Opportunity becoming Closed Won is an ONBOARDING whose welcomes to the
 * account's contacts are deferred to their next working hours at least a day later, the reason in the ledger. A kind
 * of the org's own platform event channel (/event/Order_Delayed__e, its fields mapped) is subscribed the same way:
 * its event is a LATE_ORDER about the Order it names, planned for the Order's contact, its position stored under its
 * own channel; one whose severity is none is dead-lettered at once with the reason.
 */
class PubSubChangeEventSourceIT {

    private static final String PLATFORM_EVENTS = "/event/Kairos_Signal__e";
    private static final String ORDERS = "/data/OrderChangeEvent";
    private static final String ACCOUNTS = "/data/AccountChangeEvent";
    private static final String OPPORTUNITIES = "/data/OpportunityChangeEvent";
    private static final String ORDERS_DELAYED = "/event/Order_Delayed__e";
    private static final String ORDER = "801000000000102AAA";
    private static final String OPPORTUNITY = "006000000000042AAA";
    private static final String ROUTE = "salesforce-change-account-change-event-to-inbox";
    private static final String ACCOUNT = "001000000000007AAA";

    private final TestDatabases.Database database = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
    private final int salesforcePort = FreePorts.any();
    private final WireMockServer salesforce = new WireMockServer(wireMockConfig().port(salesforcePort)
            .usingFilesUnderClasspath("wiremock/salesforce"));
    private final PubSubStandIn pubSub = PubSubStandIn.start(PLATFORM_EVENTS, "pubsub/Kairos_Signal__e.avsc",
                    Duration.ofMillis(200)).withTopic(ORDERS, PubSubRecords.ORDER_CHANGE_SCHEMA)
            .withTopic(ACCOUNTS, PubSubRecords.ACCOUNT_CHANGE_SCHEMA)
            .withTopic(OPPORTUNITIES, PubSubRecords.OPPORTUNITY_CHANGE_SCHEMA)
            .withTopic(ORDERS_DELAYED, "pubsub/Order_Delayed__e.avsc");
    private final JdbcTemplate jdbc = database.jdbc();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final Path root = configRoot();
    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        pubSub.close();
        salesforce.stop();
        database.drop();
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(500))
                .until(() -> SalesforceTestCamel.interruptPubSubRetryLoops() == 0);
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void anAccountHealthDropBelow40ReachesTheInboxAndIsAChurnRiskAboutTheAccount() {
        Instant committed = now.minus(Duration.ofMinutes(5));
        Schema schema = pubSub.schema(ACCOUNTS);
        // Bit 1 is Name, bit 8 Health_Score__c, bit 11 LastModifiedDate in AccountChangeEvent.avsc.
        pubSub.publish(ACCOUNTS, PubSubRecords.change(schema, "Account", "UPDATE", ACCOUNT, committed, 41L,
                List.of("0x0802"), Map.of("Name", "Acme GmbH", "LastModifiedDate", committed.toEpochMilli())));
        ByteString drop = pubSub.publish(ACCOUNTS, PubSubRecords.change(schema, "Account", "UPDATE", ACCOUNT,
                committed.plusSeconds(60), 42L, List.of("0x0900"),
                Map.of("Health_Score__c", 31.0, "LastModifiedDate", committed.plusSeconds(60).toEpochMilli())));
        salesforce.start();
        SalesforceStreamStubs.stubStream(salesforce, ORDERS, List.of());
        // The org lacks what the audience reads: Salesforce refuses the query, which no retry changes.
        salesforce.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", containing("FROM AccountContactRelation"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("[{\"message\":\"No such column 'Roles' on entity 'AccountContactRelation'.\","
                                + "\"errorCode\":\"INVALID_FIELD\"}]")));

        app = SignalIntakeApps.pubSub("http://localhost:" + salesforcePort, pubSub.port(), database.url(),
                "--kairos.config.root=" + root);

        await().atMost(Duration.ofSeconds(30)).until(() -> base64(drop).equals(storedReplayId(ACCOUNTS)));
        assertThat(pubSub.subscribeRequests(ACCOUNTS)).first().as("its own position: nothing stored yet")
                .extracting(SubscribeRequest::preset).isEqualTo(ReplayPreset.EARLIEST);
        List<String> payloads = jdbc.queryForList("select payload from inbox_event where source = 'salesforce' "
                + "and event_type = 'AccountChangeEvent' order by received_at", String.class);
        assertThat(payloads).hasSize(2);
        SalesforceSignalEvents signals = app.getBean(SalesforceSignalEvents.class);
        String renamed = payloads.stream().filter(p -> p.contains("\"changedFields\":[\"Name\",")).findFirst()
                .orElseThrow();
        assertThat(signals.toSignal(renamed)).as("the score did not change").isEmpty();
        String dropped = payloads.stream().filter(p -> !p.equals(renamed)).findFirst().orElseThrow();
        assertThat(dropped).contains("\"changedFields\":[\"Health_Score__c\",\"LastModifiedDate\"]");
        Signal signal = signals.toSignal(dropped).orElseThrow();
        assertThat(signal.type().name()).isEqualTo("CHURN_RISK");
        assertThat(signal.recordId()).isEqualTo(ACCOUNT);
        assertThat(signal.startsAt()).as("the commit time").isEqualTo(committed.plusSeconds(60));
        // Planned by signal-to-outbox: the audience query's INVALID_FIELD dead-letters it at once with the reason;
        // the rename is acknowledged as no signal.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList("select status from inbox_event "
                + "where event_type = 'AccountChangeEvent' and status in ('DONE', 'SKIPPED', 'DEAD')", String.class)
                .size() == 2);
        assertThat(jdbc.queryForList("select status from inbox_event where event_type = 'AccountChangeEvent'",
                String.class)).containsExactlyInAnyOrder("SKIPPED", "DEAD");
        assertThat(jdbc.queryForList("select attempts || ' ' || reason from dead_letter where event_type = "
                + "'AccountChangeEvent'", String.class)).singleElement().satisfies(letter -> assertThat(letter)
                .startsWith("1 ").contains("INVALID_FIELD").contains("No such column 'Roles'"));
        CamelContext camel = app.getBean(CamelContext.class);
        assertThat(camel.getRouteController().getRouteStatus(ROUTE).isStarted()).isTrue();
        assertThat(subscriptionRoutes(camel)).as("the fixed channels and the catalog's")
                .containsExactlyInAnyOrder(PLATFORM_EVENTS, ORDERS, ACCOUNTS, OPPORTUNITIES, ORDERS_DELAYED);

        SignalCatalog example = app.getBean(ProactiveRules.class).catalog();
        app.getBean(ProactiveRules.class).replaceCatalog(SignalCatalog.BUILT_IN);

        assertThat(camel.getRoute(ROUTE)).as("no kind names the channel any more").isNull();
        assertThat(subscriptionRoutes(camel)).containsExactlyInAnyOrder(PLATFORM_EVENTS, ORDERS);
        int requestsBefore = pubSub.subscribeRequests(ACCOUNTS).size();

        app.getBean(ProactiveRules.class).replaceCatalog(example);

        await().atMost(Duration.ofSeconds(20)).until(() -> pubSub.subscribeRequests(ACCOUNTS).size() > requestsBefore);
        assertThat(pubSub.subscribeRequests(ACCOUNTS).get(requestsBefore)).as("back, right after its stored id")
                .isEqualTo(new SubscribeRequest(ACCOUNTS, ReplayPreset.CUSTOM, drop, 100));
        assertThat(camel.getRouteController().getRouteStatus(ROUTE).isStarted()).isTrue();
        // The starter brings the catalog's routes up in the background: on a busy machine a moment later.
        await().atMost(Duration.ofSeconds(20)).until(() -> app.getBean(SalesforceStreamStarter.class).allStarted());
    }

    @Test
    void anOpportunityClosedWonWelcomesTheAccountsContactsADayLaterInTheirWorkingHours() {
        Instant won = now.minus(Duration.ofMinutes(5));
        // Bit 3 is StageName, 5 Probability, 7 IsClosed, 8 IsWon, 12 LastModifiedDate in OpportunityChangeEvent.avsc.
        pubSub.publish(OPPORTUNITIES, PubSubRecords.change(pubSub.schema(OPPORTUNITIES), "Opportunity", "UPDATE",
                OPPORTUNITY, won, 77L, List.of("0x11A8"), Map.of("StageName", "Closed Won", "Probability", 100.0,
                        "IsClosed", true, "IsWon", true, "LastModifiedDate", won.toEpochMilli())));
        salesforce.start();
        SalesforceStreamStubs.stubStream(salesforce, ORDERS, List.of());
        // The account-contacts audience reads the Opportunity's AccountId.
        salesforce.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", containing("AccountId IN (SELECT AccountId FROM Opportunity WHERE Id = '"
                        + OPPORTUNITY + "')"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBodyFile("audience-onboarding-acme.json")));

        app = SignalIntakeApps.pubSub("http://localhost:" + salesforcePort, pubSub.port(), database.url(),
                "--kairos.config.root=" + root);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList("select status from inbox_event where "
                + "event_type = 'OpportunityChangeEvent' and status = 'DONE'", String.class).size() == 1);
        assertThat(jdbc.queryForList("select type || ' ' || record_id from signal", String.class))
                .containsExactly("ONBOARDING " + OPPORTUNITY);
        assertThat(jdbc.queryForObject("select starts_at from signal", java.sql.Timestamp.class).toInstant())
                .as("the commit time, which the delay counts from").isEqualTo(won);
        Map<String, ZoneId> zones = Map.of("jane@acme.example", ZoneId.of("Europe/Berlin"),
                "sam@acme.example", ZoneId.of("America/New_York"));
        List<Map<String, Object>> rows = jdbc.queryForList("select contact_email, status, send_at, reason_code, "
                + "reason from outbox_message");
        assertThat(rows).extracting(row -> row.get("contact_email")).containsExactlyInAnyOrderElementsOf(zones.keySet());
        for (Map<String, Object> row : rows) {
            String email = (String) row.get("contact_email");
            Instant sendAt = ((java.sql.Timestamp) row.get("send_at")).toInstant();
            assertThat(sendAt).as(email).isEqualTo(nextWorkingHoursFrom(won.plus(Duration.ofDays(1)), zones.get(email)));
            assertThat(row.get("reason_code")).as(email).isEqualTo("DELAYED");
            assertThat((String) row.get("reason")).as(email).contains("the ONBOARDING signal waits 1 day after it "
                    + "happened");
        }
        assertThat(jdbc.queryForList("select contact_email || ' ' || decision || ' ' || reason_code || ' ' || reason "
                        + "from ledger_entry where signal_type = 'ONBOARDING'", String.class))
                .hasSize(2).allSatisfy(entry -> assertThat(entry).contains(" DEFERRED DELAYED Deferred to ")
                        .contains("waits 1 day after it happened"));
    }

    @Test
    void anEventOfTheOrgsOwnChannelIsASignalOfItsKindPlannedForTheOrdersContact() {
        Instant published = now.minus(Duration.ofMinutes(5));
        ByteString delayed = pubSub.publish(ORDERS_DELAYED, PubSubRecords.record(pubSub.schema(ORDERS_DELAYED),
                Map.of("CreatedDate", published.toEpochMilli(), "CreatedById", "005000000000001AAA",
                        "Order__c", ORDER, "Reason__c", "Carrier strike", "Details__c", "It ships on Monday.")));
        ByteString urgent = pubSub.publish(ORDERS_DELAYED, PubSubRecords.record(pubSub.schema(ORDERS_DELAYED),
                Map.of("CreatedDate", published.toEpochMilli(), "CreatedById", "005000000000001AAA",
                        "Order__c", ORDER, "Reason__c", "Storm", "Severity__c", "URGENT")));
        salesforce.start();
        SalesforceStreamStubs.stubStream(salesforce, ORDERS, List.of());
        salesforce.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", containing("FROM Order WHERE Id = '" + ORDER + "'"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBodyFile("audience-order-00000102.json")));

        app = SignalIntakeApps.pubSub("http://localhost:" + salesforcePort, pubSub.port(), database.url(),
                "--kairos.config.root=" + root);

        await().atMost(Duration.ofSeconds(30)).until(() -> base64(urgent).equals(storedReplayId(ORDERS_DELAYED)));
        assertThat(pubSub.subscribeRequests(ORDERS_DELAYED)).first().as("its own position: nothing stored yet")
                .extracting(SubscribeRequest::preset).isEqualTo(ReplayPreset.EARLIEST);
        assertThat(app.getBean(CamelContext.class).getRouteController()
                .getRouteStatus("salesforce-event-order-delayed-to-inbox").isStarted()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList("select status from inbox_event where "
                + "event_type = 'Order_Delayed__e' and status in ('DONE', 'DEAD')", String.class).size() == 2);
        assertThat(jdbc.queryForList("select attempts || ' ' || reason from dead_letter where event_type = "
                + "'Order_Delayed__e'", String.class)).as("a severity that is none: at once, with the reason")
                .singleElement().satisfies(letter -> assertThat(letter).startsWith("1 ")
                        .contains("Severity__c of event").contains("is 'URGENT', not LOW, NORMAL, HIGH or CRITICAL"));
        assertThat(jdbc.queryForList("select type || ' ' || record_id || ' ' || severity || ' ' || title from signal",
                String.class)).as("mapped, with the source's severity as the event has none")
                .containsExactly("LATE_ORDER " + ORDER + " HIGH Carrier strike");
        assertThat(jdbc.queryForList("select contact_email || ' ' || reason_code from outbox_message", String.class))
                .containsExactly("jane@acme.example DELAYED");
        assertThat(jdbc.queryForList("select count(*) from ledger_entry where signal_type = 'LATE_ORDER'",
                Integer.class)).containsExactly(1);
    }

    /**
     * The first moment at or after {@code earliest} inside 09:00–17:00 Monday to Friday in the zone: read from the
     * example's rules here, independently of the policy.
     */
    private static Instant nextWorkingHoursFrom(Instant earliest, ZoneId zone) {
        ZonedDateTime local = earliest.atZone(zone);
        for (int day = 0; day < 8; day++) {
            ZonedDateTime date = local.toLocalDate().plusDays(day).atStartOfDay(zone);
            if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            ZonedDateTime opens = date.with(LocalTime.of(9, 0));
            ZonedDateTime closes = date.with(LocalTime.of(17, 0));
            if (!local.isBefore(opens) && local.isBefore(closes)) {
                return earliest;
            }
            if (opens.isAfter(local)) {
                return opens.toInstant();
            }
        }
        throw new AssertionError("no working hours within a week of " + local);
    }

    /** The channel of each subscription route (by id: Camel may list a Kamelet's route twice). */
    private static List<String> subscriptionRoutes(CamelContext camel) {
        return camel.getRoutes().stream().map(Route::getRouteId).distinct().map(camel::getRoute)
                .map(Route::getEndpoint)
                .filter(endpoint -> endpoint instanceof SalesforceEndpoint)
                .map(endpoint -> CamelReplayIds.channelName(((SalesforceEndpoint) endpoint).getTopicName()))
                .toList();
    }

    private String storedReplayId(String channel) {
        return jdbc.queryForList("select pubsub_replay_id from replay_position where channel = ?", String.class,
                "pubsub:" + channel).stream().findFirst().orElse(null);
    }

    private static String base64(ByteString replayId) {
        return Base64.getEncoder().encodeToString(replayId.toByteArray());
    }

    /**
     * The repository's routes, Kamelets and templates, with the example catalog (and a kind of the org's own
     * Order_Delayed__e, told a day later) and the example timing in config/.
     */
    private static Path configRoot() {
        Path root = ConfigRoots.copyOfRepository();
        ConfigRoots.write(root, "config/signals.yaml", ConfigRoots.example("signals.yaml") + """
                  LATE_ORDER:
                    description: "The org's own Order_Delayed__e: the order's contact hears why."
                    audience: order-contact
                    sources:
                      - platform-event:
                          channel: /event/Order_Delayed__e
                          fields: {recordId: Order__c, title: Reason__c, body: Details__c, severity: Severity__c}
                          severity: HIGH
                    timing:
                      delay: 1d
                      # No quiet hours: the delay alone holds it back, whatever the hour the test runs.
                      quiet-start: "00:00"
                      quiet-end: "00:00"
                """);
        ConfigRoots.write(root, "templates/late_order.mustache", "{{#body}}{{title}}: {{body}}{{/body}}");
        ConfigRoots.write(root, "config/timing.yaml", ConfigRoots.example("timing.yaml"));
        return root;
    }
}
