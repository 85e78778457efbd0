package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.kairos.support.FreePorts;
import io.kairos.support.SignalIntakeApps;
import io.kairos.support.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.camel.CamelContext;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole app subscribed through the real camel-salesforce consumer to a WireMock that scripts Salesforce's
 * CometD exchange (handshake, subscribe, long-poll connects that deliver events): events reach the inbox once,
 * the replay position is stored, a restart resumes from it, an expired or refused position resumes from the earliest
 * retained event with a recorded gap, an event the database rejected is delivered again by resubscribing from the
 * stored position, and a Salesforce that is down at start-up neither stops Kairos nor the later subscription.
 */
@ExtendWith(OutputCaptureExtension.class)
class SalesforceSignalSubscriptionIT {

    private static final String CHANNEL = "/event/Kairos_Signal__e";
    private static final String CDC_CHANNEL = "/data/OrderChangeEvent";
    private static final String ID = SalesforceStreamStubs.ID;
    private static final String UUID_7 = "4b3c8a52-0c4e-4a4f-9d0e-6f0f1b0c0a07";
    private static final String UUID_8 = "9f1d2e3c-4b5a-4c6d-8e7f-0a1b2c3d4e08";

    private final int salesforcePort = FreePorts.any();
    private final TestDatabases.Database database = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
    private final WireMockServer salesforce = new WireMockServer(wireMockConfig().port(salesforcePort)
            .usingFilesUnderClasspath("wiremock/salesforce"));
    private final JdbcTemplate jdbc = database.jdbc();
    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        salesforce.stop();
        database.drop();
    }

    @Test
    void eventsReachTheInboxOnceAndARestartResumesAfterTheStoredPosition() {
        salesforce.start();
        stubSalesforce(List.of(event("signal-known-issue.json") + "," + event("signal-order-delay.json"),
                event("signal-order-delay.json")));

        app = startKairos();

        await().atMost(Duration.ofSeconds(15)).until(() -> "batch-2".equals(scenarioState()));
        await().atMost(Duration.ofSeconds(5)).until(() -> storedEventIds().size() == 2);
        assertThat(storedEventIds()).containsExactlyInAnyOrder(UUID_7, UUID_8);
        assertThat(replayIdSentOnSubscribe()).as("a channel never seen").isEqualTo(-1);
        assertThat(storedReplayId()).isEqualTo(8);

        app.close();
        salesforce.resetAll();
        String nine = event("signal-order-delay.json").replace(UUID_8, "uuid-nine").replace("\"replayId\":8",
                "\"replayId\":9");
        stubSalesforce(List.of(event("signal-order-delay.json") + "," + nine));

        app = startKairos();

        await().atMost(Duration.ofSeconds(15)).until(() -> storedEventIds().size() == 3);
        assertThat(replayIdSentOnSubscribe()).as("resumes after the stored position").isEqualTo(8);
        assertThat(storedEventIds()).containsExactlyInAnyOrder(UUID_7, UUID_8, "uuid-nine");
        assertThat(storedReplayId()).isEqualTo(9);
        assertThat(replayIdsSentOnSubscribe(CDC_CHANNEL)).as("the change event channel, never seen").contains(-1L);
    }

    @Test
    void expiredPositionResubscribesFromTheEarliestRetainedEventAndCountsTheGap() {
        OffsetDateTime lastEvent = OffsetDateTime.now(ZoneOffset.UTC).minusHours(73).truncatedTo(ChronoUnit.MILLIS);
        jdbc.update("insert into replay_position (channel, replay_id, event_uuid, event_created_at, updated_at) "
                + "values (?, 8, ?, ?, ?)", CHANNEL, UUID_8, lastEvent, lastEvent);
        salesforce.start();
        stubSalesforce(List.of(event("signal-known-issue.json")));

        app = startKairos();

        await().atMost(Duration.ofSeconds(15)).until(() -> storedEventIds().size() == 1);
        assertThat(replayIdSentOnSubscribe()).isEqualTo(-2);
        assertThat(app.getBean(MeterRegistry.class).find(SubscriptionReplay.GAP_COUNTER).counters())
                .singleElement().satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
        assertThat(app.getBean(ReplayPositions.class).openGaps()).singleElement()
                .satisfies(gap -> assertThat(gap.since()).isEqualTo(lastEvent.toInstant()));
        assertThat(storedReplayId()).as("an expired position still only moves forward").isEqualTo(8);
    }

    @Test
    void intakeFailureResubscribesFromTheStoredPositionAndTheEventIsStoredOnce() {
        OffsetDateTime lastEvent = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.MILLIS);
        jdbc.update("insert into replay_position (channel, replay_id, event_uuid, event_created_at, updated_at) "
                + "values (?, 6, 'uuid-six', ?, ?)", CHANNEL, lastEvent, lastEvent);
        rejectFirstInsertOfSeven();
        salesforce.start();
        // Every subscribe to the channel replays the batch, as Salesforce does from the replayId sent.
        stubSalesforce(List.of(event("signal-known-issue.json") + "," + event("signal-order-delay.json")));

        app = startKairos();

        awaitAcrossRestart().atMost(Duration.ofSeconds(15)).until(() -> storedEventIds().size() == 2);
        assertThat(insertsOfSevenTried()).as("the first delivery of 7 failed, a later one was stored")
                .isGreaterThanOrEqualTo(2);
        assertThat(replayIdsSentOnSubscribe(CHANNEL)).as("resubscribed from the stored position")
                .hasSizeGreaterThanOrEqualTo(2).containsOnly(6L);
        assertThat(storedEventIds()).containsExactlyInAnyOrder(UUID_7, UUID_8);
        assertThat(storedReplayId()).isEqualTo(8);
        assertThat(app.getBean(SubscriptionHolds.class).isHeld(CHANNEL)).isFalse();
    }

    @Test
    void replayIdRefusedBySalesforceIsRecordedAsAGapAndResubscribesFromTheEarliestRetained() {
        OffsetDateTime lastEvent = OffsetDateTime.now(ZoneOffset.UTC).minusHours(30).truncatedTo(ChronoUnit.MILLIS);
        jdbc.update("insert into replay_position (channel, replay_id, event_uuid, event_created_at, updated_at) "
                + "values (?, 5, 'uuid-five', ?, ?)", CHANNEL, lastEvent, lastEvent);
        salesforce.start();
        stubSalesforce(List.of(event("signal-known-issue.json")));
        salesforce.stubFor(bayeux("/meta/subscribe").atPriority(0)
                .withRequestBody(matchingJsonPath("$[?(@.subscription == '" + CHANNEL + "' && @.ext.replay['"
                        + CHANNEL + "'] == 5)]"))
                .willReturn(reply("[{\"id\":\"" + ID + "\",\"channel\":\"/meta/subscribe\",\"successful\":false,"
                        + "\"clientId\":\"fake-client-1\",\"subscription\":\"" + CHANNEL + "\",\"error\":\"400::The "
                        + "replayId {5} you provided was invalid.  Please provide a valid ID, -2 to replay all events, "
                        + "or -1 to replay only new events.\"}]")));

        app = startKairos();

        awaitAcrossRestart().atMost(Duration.ofSeconds(15)).until(() -> storedEventIds().size() == 1);
        // Refused, then the earliest retained event. CometD may repeat a refused subscribe before Kairos reacts to
        // the refusal; every try before the switch still carries the stored position, and -1 (new only) never comes.
        List<Long> sent = replayIdsSentOnSubscribe(CHANNEL);
        assertThat(sent).as("refused, then the earliest retained event").contains(-2L).doesNotContain(-1L);
        assertThat(sent.subList(0, sent.indexOf(-2L))).as("tries before the switch to -2").isNotEmpty()
                .containsOnly(5L);
        assertThat(app.getBean(MeterRegistry.class).find(SubscriptionReplay.GAP_COUNTER).counters())
                .singleElement().satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
        assertThat(app.getBean(ReplayPositions.class).openGaps()).singleElement()
                .satisfies(gap -> assertThat(gap.since()).isEqualTo(lastEvent.toInstant()));
        assertThat(storedReplayId()).isEqualTo(7);
    }

    @Test
    void salesforceDownAtStartupDoesNotStopKairosAndTheSubscriptionFollowsLater(CapturedOutput output) {
        app = startKairos();

        CamelContext camel = app.getBean(CamelContext.class);
        assertThat(camel.isStarted()).isTrue();
        assertThat(camel.getRouteController().getRouteStatus("zendesk-webhook-to-inbox").isStarted()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("not started (ConnectException"));
        assertThat(app.getBean(SalesforceStreamStarter.class).allStarted()).isFalse();

        salesforce.start();
        stubSalesforce(List.of(event("signal-known-issue.json")));

        await().atMost(Duration.ofSeconds(20)).until(() -> app.getBean(SalesforceStreamStarter.class).allStarted());
        await().atMost(Duration.ofSeconds(10)).until(() -> storedEventIds().size() == 1);
        assertThat(camel.getRouteController().getRouteStatus("salesforce-order-change-to-inbox").isStarted()).isTrue();
    }

    /**
     * Waits without failing on other threads' exceptions: while the subscriptions restart, camel-salesforce's
     * connect listener may still iterate a channel whose consumer just unsubscribed and throw a
     * NullPointerException on its worker thread (SubscriptionHelper line 167); the new client subscribes anyway.
     */
    private static ConditionFactory awaitAcrossRestart() {
        return await().dontCatchUncaughtExceptions();
    }

    private ConfigurableApplicationContext startKairos() {
        return SignalIntakeApps.cometd("http://localhost:" + salesforcePort, database.url());
    }

    private void stubSalesforce(List<String> batches) {
        SalesforceStreamStubs.stubStream(salesforce, CHANNEL, batches);
    }

    private static MappingBuilder bayeux(String metaChannel) {
        return SalesforceStreamStubs.bayeux(metaChannel);
    }

    private static ResponseDefinitionBuilder reply(String body) {
        return SalesforceStreamStubs.reply(body);
    }

    private static String event(String fixture) {
        return SalesforceStreamStubs.event(fixture);
    }

    private String scenarioState() {
        return SalesforceStreamStubs.scenarioState(salesforce);
    }

    private long replayIdSentOnSubscribe() {
        List<Long> sent = replayIdsSentOnSubscribe(CHANNEL);
        assertThat(sent).as("subscribe requests for " + CHANNEL).isNotEmpty();
        return sent.get(sent.size() - 1);
    }

    private List<Long> replayIdsSentOnSubscribe(String channel) {
        return SalesforceStreamStubs.replayIdsSentOnSubscribe(salesforce, channel);
    }

    private List<String> storedEventIds() {
        return jdbc.queryForList("select event_id from inbox_event where source = 'salesforce'", String.class);
    }

    private Long storedReplayId() {
        return jdbc.queryForObject("select replay_id from replay_position where channel = ?", Long.class, CHANNEL);
    }

    /**
     * A trigger that rejects the first insert of event 7 into the inbox, as a database hiccup would. It counts the
     * tries with a sequence, which the rejected transaction's rollback does not undo.
     */
    private void rejectFirstInsertOfSeven() {
        jdbc.execute("create sequence inserts_of_seven");
        jdbc.execute("""
                create function reject_first_insert_of_seven() returns trigger language plpgsql as $$
                begin
                    if new.event_id = '%s' then
                        if nextval('inserts_of_seven') = 1 then
                            raise exception 'injected: the database rejects event 7 once' using errcode = '08006';
                        end if;
                    end if;
                    return new;
                end $$""".formatted(UUID_7));
        jdbc.execute("create trigger reject_seven_once before insert on inbox_event for each row "
                + "execute function reject_first_insert_of_seven()");
    }

    private long insertsOfSevenTried() {
        Long tried = jdbc.queryForObject("select case when is_called then last_value else 0 end from inserts_of_seven",
                Long.class);
        return tried == null ? 0 : tried;
    }

}
