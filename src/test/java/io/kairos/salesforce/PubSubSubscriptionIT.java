package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.ReplayPreset;
import io.kairos.support.PubSubStandIn;
import io.kairos.support.PubSubStandIn.CallMetadata;
import io.kairos.support.PubSubStandIn.SubscribeRequest;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SalesforceTestCamel;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.InvalidReplayIdException;
import org.apache.camel.component.salesforce.internal.client.PubSubApiClient;
import org.apache.camel.spi.ExceptionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * camel-salesforce 4.17's {@code pubSubSubscribe} consumer against the loopback Pub/Sub stand-in, logged in through
 * the WireMock OAuth stub: what it delivers, where it starts, and what it does with a refused replay id, a silent
 * stream and a stop during its error backoff. These are the facts the Pub/Sub intake builds on; the last three
 * tests record component behaviour Kairos has to work around, and fail when an upgrade changes it.
 */
@ExtendWith(OutputCaptureExtension.class)
class PubSubSubscriptionIT {

    @RegisterExtension
    static WireMockExtension salesforce = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"))
            .build();

    private static final String TOPIC = "/event/Kairos_Signal__e";
    private static final String SUBSCRIBE = "salesforce:pubSubSubscribe:" + TOPIC
            + "?pubSubDeserializeType=JSON&pubSubBatchSize=5&backoffIncrement=50&maxBackoff=200";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Throwable> handled = new CopyOnWriteArrayList<>();
    private final ExceptionHandler recordingHandler = new RecordingHandler();
    private final Instant now = Instant.now();
    private PubSubStandIn pubSub;
    private CamelContext camel;

    private record Received(JsonNode body, String replayId, String eventId) {
    }

    @BeforeEach
    void start() {
        SalesforceStubs.stubToken(salesforce);
        pubSub = PubSubStandIn.start(TOPIC, "pubsub/Kairos_Signal__e.avsc", Duration.ofMillis(200));
        camel = SalesforceTestCamel.startForPubSub(salesforce.baseUrl(), pubSub.port());
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        pubSub.close();
        // Quiet for half a second: a loop sleeps at least backoffIncrement (50 ms) between its attempts.
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(500))
                .until(() -> SalesforceTestCamel.interruptPubSubRetryLoops() == 0);
    }

    @Test
    void latestDeliversAvroEventsAsJsonWithTheirOpaqueReplayIdsAndSendsTheSessionAsMetadata() throws Exception {
        subscribe("latest", SUBSCRIBE);
        await().atMost(Duration.ofSeconds(10)).until(() -> pubSub.openStreams() == 1);

        ByteString first = pubSub.publish(signal("Sync App loses drafts"));
        ByteString second = pubSub.publish(signal("Checkout is slow"));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received).extracting(r -> r.body().path("Title__c").asText())
                .containsExactly("Sync App loses drafts", "Checkout is slow");
        assertThat(received.get(0).body().path("Type__c").asText()).isEqualTo("KNOWN_ISSUE");
        assertThat(received.get(0).body().path("CreatedDate").asLong()).isEqualTo(now.toEpochMilli());
        assertThat(received).extracting(Received::replayId).containsExactly(base64(first), base64(second));
        assertThat(received).extracting(Received::eventId).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(pubSub.subscribeRequests()).containsExactly(
                new SubscribeRequest(TOPIC, ReplayPreset.LATEST, ByteString.EMPTY, 5));
        assertThat(pubSub.calls()).isNotEmpty().allSatisfy(call -> assertThat(call).isEqualTo(
                new CallMetadata("00DTEST!kairos-token", salesforce.baseUrl(), "00D000000000001AAA")));
    }

    @Test
    void customResumesRightAfterTheStoredReplayIdAndAgainAfterARestart() throws Exception {
        ByteString stored = pubSub.publish(signal("already in the inbox"));
        pubSub.publish(signal("missed while down 1"));
        pubSub.publish(signal("missed while down 2"));

        subscribe("resume", custom(base64(stored)));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(titles()).containsExactly("missed while down 1", "missed while down 2");
        assertThat(pubSub.subscribeRequests().get(0).preset()).isEqualTo(ReplayPreset.CUSTOM);
        assertThat(pubSub.subscribeRequests().get(0).replayId()).isEqualTo(stored);

        String lastSeen = received.get(1).replayId();
        camel.getRouteController().stopRoute("resume");
        camel.removeRoute("resume");
        pubSub.publish(signal("published during the restart"));
        subscribe("resume-again", custom(lastSeen));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        assertThat(titles()).containsExactly("missed while down 1", "missed while down 2",
                "published during the restart");
    }

    @Test
    void aRefusedReplayIdWithFallbackResubscribesFromLatestSkippingWhatWasRetained() throws Exception {
        ByteString expired = pubSub.publish(signal("expired"));
        pubSub.publish(signal("retained but skipped by LATEST"));
        pubSub.expireOldest(1);

        subscribe("fallback", custom(base64(expired)) + "&fallbackToLatestReplayId=true");

        await().atMost(Duration.ofSeconds(10)).until(() -> pubSub.openStreams() == 1);
        assertThat(pubSub.subscribeRequests()).extracting(SubscribeRequest::preset)
                .containsExactly(ReplayPreset.CUSTOM, ReplayPreset.LATEST);
        pubSub.publish(signal("after the fallback"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(titles()).containsExactly("after the fallback");
        assertThat(handled).as("the fallback is only logged").isEmpty();
    }

    @Test
    void aRefusedReplayIdWithoutFallbackReachesTheExceptionHandlerAndIsRetriedAsIs() throws Exception {
        ByteString expired = pubSub.publish(signal("expired"));
        pubSub.expireOldest(1);

        subscribe("no-fallback", custom(base64(expired)));

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() >= 2);
        assertThat(handled).first().isInstanceOfSatisfying(InvalidReplayIdException.class,
                e -> assertThat(e.getReplayId()).isEqualTo(base64(expired)));
        assertThat(pubSub.subscribeRequests()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(request -> {
            assertThat(request.preset()).isEqualTo(ReplayPreset.CUSTOM);
            assertThat(request.replayId()).isEqualTo(expired);
        });
    }

    @Test
    void aStreamThatGoesSilentIsNeitherDetectedNorResubscribedByTheComponent() throws Exception {
        subscribe("silent", SUBSCRIBE);
        await().atMost(Duration.ofSeconds(10)).until(() -> pubSub.openStreams() == 1);
        pubSub.publish(signal("before the silence"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);

        pubSub.goSilent();
        pubSub.publish(signal("never delivered"));

        // Ten keepalive intervals without a byte: the consumer neither errors nor resubscribes.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() ->
                received.size() == 1 && pubSub.subscribeRequests().size() == 1 && handled.isEmpty());
    }

    @Test
    void aConsumerStoppedDuringItsErrorBackoffKeepsResubscribingOnItsClosedChannel(CapturedOutput output)
            throws Exception {
        // The client's INFO lines are what this test counts: a Kairos app booted earlier in this JVM set the
        // component's loggers to WARN (application.yaml).
        Logger client = (Logger) LoggerFactory.getLogger(PubSubApiClient.class);
        Level level = client.getLevel();
        client.setLevel(Level.INFO);
        try {
            refusedTopicKeepsRetryingAfterStop(output);
        } finally {
            client.setLevel(level);
        }
    }

    private void refusedTopicKeepsRetryingAfterStop(CapturedOutput output) throws Exception {
        // A topic of its own, refused by the stand-in, so that only this consumer writes these lines.
        String unserved = "/event/Unserved__e";
        subscribe("stopped", "salesforce:pubSubSubscribe:" + unserved + "?backoffIncrement=50&maxBackoff=200");
        await().atMost(Duration.ofSeconds(10)).until(() -> pubSub.subscribeRequests().size() >= 2);

        camel.getRouteController().stopRoute("stopped");
        int stoppedAt = output.getOut().length();

        // A leader that steps down stops its route: this loop (linear backoff, maxBackoff ignored) outlives it.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                occurrences(output.getOut().substring(stoppedAt), "Subscribing to topic: " + unserved + ".") >= 3);
        assertThat(pubSub.subscribeRequests()).as("the channel is closed: nothing reaches Salesforce")
                .allSatisfy(request -> assertThat(request.topic()).isEqualTo(unserved))
                .hasSizeLessThan(occurrences(output.getOut(), "Subscribing to topic: " + unserved + "."));
    }

    private void subscribe(String routeId, String uri) throws Exception {
        SalesforceTestCamel.subscribePlaintext(camel, routeId, uri, recordingHandler, this::receive);
    }

    private void receive(Exchange exchange) throws Exception {
        received.add(new Received(JSON.readTree(exchange.getMessage().getBody(String.class)),
                exchange.getMessage().getHeader("CamelSalesforcePubSubReplayId", String.class),
                exchange.getMessage().getHeader("CamelSalesforcePubSubEventId", String.class)));
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private List<String> titles() {
        return received.stream().map(r -> r.body().path("Title__c").asText()).toList();
    }

    private Map<String, Object> signal(String title) {
        return SalesforceStreamStubs.pubSubKnownIssue(title, now);
    }

    private static String custom(String replayId) {
        // Base64 holds '+', '/' and '=': RAW keeps the URI from reading them as separators or spaces.
        return SUBSCRIBE + "&replayPreset=CUSTOM&pubSubReplayId=RAW(" + replayId + ")";
    }

    private static String base64(ByteString replayId) {
        return Base64.getEncoder().encodeToString(replayId.toByteArray());
    }

    private final class RecordingHandler implements ExceptionHandler {
        @Override
        public void handleException(Throwable exception) {
            handled.add(exception);
        }

        @Override
        public void handleException(String message, Throwable exception) {
            handled.add(exception);
        }

        @Override
        public void handleException(String message, Exchange exchange, Throwable exception) {
            handled.add(exception);
        }
    }
}
