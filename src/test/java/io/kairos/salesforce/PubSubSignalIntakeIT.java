package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.ReplayPreset;
import io.kairos.proactive.Signal;
import io.kairos.support.FreePorts;
import io.kairos.support.PubSubRecords;
import io.kairos.support.PubSubStandIn;
import io.kairos.support.PubSubStandIn.SubscribeRequest;
import io.kairos.support.SalesforceTestCamel;
import io.kairos.support.SignalIntakeApps;
import io.kairos.support.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole app with kairos.signals.transport=pubsub, subscribed through camel-salesforce's Pub/Sub consumer to the
 * loopback stand-in: events reach the inbox with their replay id stored in the same transaction, a restart resumes
 * right after the stored id (nothing lost, nothing twice), a newer subscriber term resumes after it and fences the
 * old one out, and a stored id Salesforce refuses resumes from the earliest retained event with one warning, a
 * recorded gap and the gap metric; an Order change event (CDC, bitmap changedFields) is stored decoded with its
 * replay id and decided as an ORDER_DELAY as over CometD, and one with a malformed bitmap is kept with the reason.
 */
@ExtendWith(OutputCaptureExtension.class)
class PubSubSignalIntakeIT {

    private static final String CHANNEL = "/event/Kairos_Signal__e";
    private static final String CDC_CHANNEL = "/data/OrderChangeEvent";
    private static final String ORDER_ID = "801000000000102AAA";

    private final TestDatabases.Database database = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
    // A known port: Kairos may start before Salesforce answers there.
    private final int salesforcePort = FreePorts.any();
    private final WireMockServer salesforce = new WireMockServer(wireMockConfig().port(salesforcePort)
            .usingFilesUnderClasspath("wiremock/salesforce"));
    private final PubSubStandIn pubSub = PubSubStandIn.start(CHANNEL, "pubsub/Kairos_Signal__e.avsc",
            Duration.ofMillis(200)).withTopic(CDC_CHANNEL, PubSubRecords.ORDER_CHANGE_SCHEMA);
    private final JdbcTemplate jdbc = database.jdbc();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        pubSub.close();
        salesforce.stop();
        database.drop();
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(500))
                .until(() -> SalesforceTestCamel.interruptPubSubRetryLoops() == 0);
    }

    @Test
    void eventsReachTheInboxWithTheirReplayIdAndARestartResumesRightAfterIt() {
        pubSub.publish(signal("Sync App loses drafts"));
        ByteString second = pubSub.publish(signal("Checkout is slow"));
        startSalesforce();

        app = startKairos();

        await().atMost(Duration.ofSeconds(20)).until(() -> storedTitles().size() == 2);
        assertThat(pubSub.subscribeRequests(CHANNEL)).first().as("nothing stored yet: every retained event")
                .extracting(SubscribeRequest::preset).isEqualTo(ReplayPreset.EARLIEST);
        await().atMost(Duration.ofSeconds(5)).until(() -> base64(second).equals(storedReplayId()));
        assertThat(storedTitles()).containsExactlyInAnyOrder("Sync App loses drafts", "Checkout is slow");
        Signal signal = app.getBean(SalesforceSignalEvents.class).toSignal(storedPayloads().get(0)).orElseThrow();
        assertThat(signal.type()).isEqualTo(Signal.Type.KNOWN_ISSUE);
        assertThat(signal.severity()).isEqualTo(Signal.Severity.HIGH);
        assertThat(signal.startsAt()).as("a DateTime as epoch milliseconds")
                .isEqualTo(now.minus(Duration.ofMinutes(90)));
        assertThat(signal.endsAt()).isEqualTo(now.plus(Duration.ofHours(32)));

        app.close();
        int requestsBefore = pubSub.subscribeRequests(CHANNEL).size();
        ByteString third = pubSub.publish(signal("Published while Kairos was down"));

        app = startKairos();

        await().atMost(Duration.ofSeconds(20)).until(() -> storedTitles().size() == 3);
        assertThat(pubSub.subscribeRequests(CHANNEL).get(requestsBefore)).as("resumes right after the stored id")
                .isEqualTo(new SubscribeRequest(CHANNEL, ReplayPreset.CUSTOM, second, 100));
        await().atMost(Duration.ofSeconds(5)).until(() -> base64(third).equals(storedReplayId()));
        assertThat(storedTitles()).containsExactlyInAnyOrder("Sync App loses drafts", "Checkout is slow",
                "Published while Kairos was down");
        assertThat(jdbc.queryForObject("select count(distinct event_id) from inbox_event where source = 'salesforce'",
                Integer.class)).isEqualTo(3);
    }

    @Test
    void aRefusedStoredReplayIdResubscribesFromTheEarliestRetainedEventWithOneWarningAndTheGap(
            CapturedOutput output) {
        ByteString expired = pubSub.publish(signal("Expired before Kairos came back"));
        pubSub.publish(signal("Still retained"));
        pubSub.expireOldest(1);
        OffsetDateTime lastEvent = now.minus(Duration.ofHours(2)).atOffset(ZoneOffset.UTC);
        jdbc.update("insert into replay_position (channel, replay_id, pubsub_replay_id, event_uuid, event_created_at, "
                + "updated_at) values (?, 0, ?, 'uuid-old', ?, ?)", "pubsub:" + CHANNEL, base64(expired), lastEvent,
                lastEvent);
        startSalesforce();

        app = startKairos();

        await().atMost(Duration.ofSeconds(20)).until(() -> storedTitles().size() == 1);
        assertThat(storedTitles()).containsExactly("Still retained");
        List<SubscribeRequest> requests = pubSub.subscribeRequests(CHANNEL);
        assertThat(requests).first().isEqualTo(new SubscribeRequest(CHANNEL, ReplayPreset.CUSTOM, expired, 100));
        assertThat(requests).extracting(SubscribeRequest::preset).contains(ReplayPreset.EARLIEST)
                .doesNotContain(ReplayPreset.LATEST);
        assertThat(output.getOut().split("refused the stored Pub/Sub replay id", -1)).as("one warning").hasSize(2);
        assertThat(app.getBean(MeterRegistry.class).find(SubscriptionReplay.GAP_COUNTER).counters())
                .singleElement().satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
        assertThat(app.getBean(ReplayPositions.class).openGaps()).singleElement()
                .satisfies(gap -> assertThat(gap.since()).isEqualTo(lastEvent.toInstant()));
        await().atMost(Duration.ofSeconds(5)).until(() -> storedReplayId() != null
                && !storedReplayId().equals(base64(expired)));
        // The refusal left camel-salesforce's client waiting to retry when its route stopped: the starter ended it.
        assertThat(output.getOut()).contains("Ended 1 Pub/Sub retry loop(s) of the stopped subscriptions");
        assertThat(PubSubRetryLoops.waiting()).isEmpty();
    }

    @Test
    void aNewerSubscriberTermResumesAfterTheStoredIdAndTheOldOneStopsAtItsNextEvent() {
        ByteString first = pubSub.publish(signal("Before the takeover"));
        startSalesforce();
        app = startKairos();
        await().atMost(Duration.ofSeconds(20)).until(() -> base64(first).equals(storedReplayId()));
        int requestsBefore = pubSub.subscribeRequests(CHANNEL).size();

        // A second replica that begins a newer term, as a new leader does after a failover while the old one still
        // runs (leader election is off here, so each replica leads: the store's epoch fencing decides).
        ConfigurableApplicationContext next = startKairos();
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> pubSub.subscribeRequests(CHANNEL).size() > requestsBefore);
            assertThat(pubSub.subscribeRequests(CHANNEL).get(requestsBefore))
                    .as("the new term resumes after the stored id")
                    .isEqualTo(new SubscribeRequest(CHANNEL, ReplayPreset.CUSTOM, first, 100));
            ByteString second = pubSub.publish(signal("After the takeover"));

            await().atMost(Duration.ofSeconds(20)).until(() -> storedTitles().size() == 2
                    && !app.getBean(SalesforceStreamStarter.class).isLeading());
            assertThat(next.getBean(SalesforceStreamStarter.class).isLeading()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> base64(second).equals(storedReplayId()));
            assertThat(jdbc.queryForObject("select epoch from replay_position where channel = ?", Long.class,
                    "pubsub:" + CHANNEL)).isEqualTo(next.getBean(SubscriberTerm.class).epoch());
            assertThat(storedTitles()).containsExactlyInAnyOrder("Before the takeover", "After the takeover");
        } finally {
            next.close();
        }
    }

    @Test
    void aStreamThatStallsIsNoticedAndResubscribedFromTheStoredIdWithNothingLost(CapturedOutput output) {
        ByteString first = pubSub.publish(signal("Before the stall"));
        startSalesforce();
        app = startKairos("--kairos.signals.keepalive-timeout=2s", "--kairos.signals.stall-probe-wait=1s");
        await().atMost(Duration.ofSeconds(20)).until(() -> base64(first).equals(storedReplayId()));
        int requestsBefore = pubSub.subscribeRequests(CHANNEL).size();

        // Salesforce's side of the streams stops: no event, no keepalive, the connections stay open.
        pubSub.stallOpenStreams();
        pubSub.publish(signal("During the stall"));

        await().atMost(Duration.ofSeconds(30)).until(() -> storedTitles().size() == 2);
        assertThat(storedTitles()).containsExactlyInAnyOrder("Before the stall", "During the stall");
        assertThat(pubSub.subscribeRequests(CHANNEL).subList(requestsBefore, pubSub.subscribeRequests(CHANNEL).size()))
                .as("the probe, then the subscription again, both after the stored id")
                .contains(new SubscribeRequest(CHANNEL, ReplayPreset.CUSTOM, first, 1),
                        new SubscribeRequest(CHANNEL, ReplayPreset.CUSTOM, first, 100));
        assertThat(output.getOut().split("stalled, resubscribing from the stored position", -1)).hasSize(2);
        assertThat(app.getBean(MeterRegistry.class).find(PubSubStallWatch.STALLS).counter())
                .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
    }

    @Test
    void aQuietStreamIsCheckedButNeverResubscribed() {
        ByteString first = pubSub.publish(signal("The only event"));
        startSalesforce();
        app = startKairos("--kairos.signals.keepalive-timeout=1s", "--kairos.signals.stall-probe-wait=500ms");
        await().atMost(Duration.ofSeconds(20)).until(() -> base64(first).equals(storedReplayId()));
        int requestsBefore = pubSub.subscribeRequests(CHANNEL).size();

        // Several timeouts pass: each check asks for one event after the stored id, finds none, and stops there.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pubSub.subscribeRequests(CHANNEL).size() >= requestsBefore + 3);
        assertThat(pubSub.subscribeRequests(CHANNEL).subList(requestsBefore, pubSub.subscribeRequests(CHANNEL).size()))
                .allSatisfy(request -> assertThat(request).isEqualTo(
                        new SubscribeRequest(CHANNEL, ReplayPreset.CUSTOM, first, 1)));
        assertThat(app.getBean(MeterRegistry.class).find(PubSubStallWatch.STALLS).counter()).isNull();
        ByteString second = pubSub.publish(signal("After a quiet while"));
        await().atMost(Duration.ofSeconds(10)).until(() -> base64(second).equals(storedReplayId()));
    }

    @Test
    void anOrderUpdateToDelayedReachesTheInboxWithItsReplayIdAndIsAnOrderDelayAsOverCometD() {
        Instant committed = now.minus(Duration.ofMinutes(5));
        Schema schema = pubSub.schema(CDC_CHANNEL);
        pubSub.publish(CDC_CHANNEL, PubSubRecords.orderChange(schema, "UPDATE", ORDER_ID, committed, 1L,
                List.of("0xZZ"), Map.of("Status", "Delayed")));
        // Bit 7 is Status, bit 16 LastModifiedDate in OrderChangeEvent.avsc; commitNumber above 2^53.
        ByteString update = pubSub.publish(CDC_CHANNEL, PubSubRecords.orderChange(schema, "UPDATE", ORDER_ID,
                committed, (1L << 53) + 1, List.of("0x010080"),
                Map.of("Status", "Delayed", "LastModifiedDate", committed.toEpochMilli())));
        startSalesforce();

        app = startKairos();

        await().atMost(Duration.ofSeconds(20)).until(() -> base64(update).equals(storedReplayId(CDC_CHANNEL)));
        assertThat(pubSub.subscribeRequests(CDC_CHANNEL)).first().extracting(SubscribeRequest::preset)
                .isEqualTo(ReplayPreset.EARLIEST);
        List<String> payloads = jdbc.queryForList("select payload from inbox_event where source = 'salesforce' "
                + "and event_type = 'OrderChangeEvent' order by received_at", String.class);
        assertThat(payloads).as("the unreadable event is kept too").hasSize(2);
        SalesforceSignalEvents signals = app.getBean(SalesforceSignalEvents.class);
        String unreadable = payloads.stream().filter(p -> p.contains("\"unreadable\"")).findFirst().orElseThrow();
        assertThatThrownBy(() -> signals.toSignal(unreadable)).as("the signal flow dead-letters it with the reason")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changedFields entry '0xZZ'");
        String delayed = payloads.stream().filter(p -> !p.equals(unreadable)).findFirst().orElseThrow();
        assertThat(delayed).contains("\"changedFields\":[\"Status\",\"LastModifiedDate\"]")
                .contains("\"commitNumber\":9007199254740993");
        Signal signal = signals.toSignal(delayed).orElseThrow();
        // As SalesforceSignalEventsTest decides the same change received over CometD (order-change-delayed.json).
        assertThat(signal.type()).isEqualTo(Signal.Type.ORDER_DELAY);
        assertThat(signal.recordId()).isEqualTo(ORDER_ID);
        assertThat(signal.severity()).isEqualTo(Signal.Severity.NORMAL);
        assertThat(signal.startsAt()).as("the commit time").isEqualTo(committed);
        assertThat(jdbc.queryForObject("select priority from inbox_event where event_type = 'OrderChangeEvent' "
                + "and payload = ?", Integer.class, delayed)).isEqualTo(Signal.Severity.NORMAL.inboxPriority());
    }

    @Test
    void salesforceDownAtStartupDoesNotStopKairosAndTheSubscriptionFollowsLater(CapturedOutput output) {
        ByteString first = pubSub.publish(signal("Published while Salesforce's login was down"));

        app = startKairos();

        CamelContext camel = app.getBean(CamelContext.class);
        assertThat(camel.getRouteController().getRouteStatus("zendesk-webhook-to-inbox").isStarted()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("not started (ConnectException"));
        assertThat(app.getBean(SalesforceStreamStarter.class).allStarted()).isFalse();
        assertThat(pubSub.subscribeRequests()).as("no subscription without a session").isEmpty();

        startSalesforce();

        await().atMost(Duration.ofSeconds(20)).until(() -> base64(first).equals(storedReplayId()));
        assertThat(app.getBean(SalesforceStreamStarter.class).allStarted()).isTrue();
        assertThat(storedTitles()).containsExactly("Published while Salesforce's login was down");
    }

    private void startSalesforce() {
        salesforce.start();
        // Salesforce's OAuth token: both channels are on Pub/Sub, so no CometD stream is opened.
        SalesforceStreamStubs.stubStream(salesforce, CDC_CHANNEL, List.of());
    }

    private ConfigurableApplicationContext startKairos(String... arguments) {
        return SignalIntakeApps.pubSub("http://localhost:" + salesforcePort, pubSub.port(), database.url(), arguments);
    }

    private List<String> storedTitles() {
        return storedPayloads().stream().map(payload -> payload.replaceAll(".*\"Title__c\":\"([^\"]*)\".*", "$1"))
                .toList();
    }

    private List<String> storedPayloads() {
        return jdbc.queryForList("select payload from inbox_event where source = 'salesforce' and event_type = ?",
                String.class, "Kairos_Signal__e");
    }

    private String storedReplayId() {
        return storedReplayId(CHANNEL);
    }

    private String storedReplayId(String channel) {
        return jdbc.queryForList("select pubsub_replay_id from replay_position where channel = ?", String.class,
                "pubsub:" + channel).stream().findFirst().orElse(null);
    }

    private Map<String, Object> signal(String title) {
        return SalesforceStreamStubs.pubSubKnownIssue(title, now);
    }

    private static String base64(ByteString replayId) {
        return Base64.getEncoder().encodeToString(replayId.toByteArray());
    }
}
