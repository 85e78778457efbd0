package io.kairos.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.support.KairosAppTest;
import io.kairos.support.SignedWebhooks;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the webhook endpoint answers to forged, stale, unsigned, malformed, oversized and hostile deliveries, and to
 * the Zendesk events that name no ticket.
 */
class ZendeskWebhookIntakeIT extends KairosAppTest {

    @Autowired
    MeterRegistry meters;

    private final String body = SignedWebhooks.fixture("ticket-created");

    /** What a test accepted is finished before the next one checks that nothing reached Zendesk. */
    @AfterEach
    void inboxSettles() {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox_event where status in ('PENDING', 'PROCESSING')", Integer.class) == 0);
    }

    private int inboxRows() {
        return jdbc.queryForObject("select count(*) from inbox_event", Integer.class);
    }

    @Test
    void forgedSignatureIsRejectedWith401AndNothingIsStored() {
        String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String forged = new SignedWebhooks("unused").sign(timestamp, body.replace("35436", "35437"));

        HttpResponse<String> response = webhooks().post(body, timestamp, forged);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"error\":\"unauthorized\"").contains("signature does not match");
        assertThat(inboxRows()).isZero();
    }

    @Test
    void signatureWithAnotherSecretIsRejected() {
        String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String other = new ZendeskSignature("not-the-secret", java.time.Duration.ofMinutes(5),
                java.time.Clock.systemUTC()).sign(timestamp, body.getBytes());

        assertThat(webhooks().post(body, timestamp, other).statusCode()).isEqualTo(401);
    }

    @Test
    void staleTimestampIsRejectedEvenWithAValidSignature() {
        String stale = Instant.now().minus(6, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        String valid = webhooks().sign(stale, body);

        HttpResponse<String> response = webhooks().post(body, stale, valid);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("outside the PT5M tolerance");
        assertThat(inboxRows()).isZero();
    }

    @Test
    void missingSignatureIsRejected() {
        assertThat(webhooks().post(body, null, null).statusCode()).isEqualTo(401);
        assertThat(webhooks().post(body, Instant.now().toString(), null).statusCode()).isEqualTo(401);
    }

    @Test
    void malformedJsonGets400WithAClearJsonMessage() {
        HttpResponse<String> response = webhooks().post("{\"type\": \"zen:event-type:ticket.created\", ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body()).startsWith("{\"error\":\"malformed\",\"message\":\"body is not valid JSON");
        assertThat(inboxRows()).isZero();
    }

    @Test
    void jsonThatIsNoZendeskDeliveryGets400() {
        HttpResponse<String> response = webhooks().post("{\"hello\":\"world\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("neither a Zendesk event");
    }

    @Test
    void bodyOverTheLimitGets413ByContentLength() throws Exception {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');

        HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofByteArray(big));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("payload_too_large");
        assertThat(inboxRows()).isZero();
    }

    @Test
    void chunkedBodyOverTheLimitGets413WithoutBeingReadToTheEnd() throws Exception {
        byte[] big = new byte[4 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        // An input-stream publisher has no length, so the client sends it chunked.
        HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(big)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(inboxRows()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user-group-membership-created", "user-active-changed", "organization-created",
            "agent-state-changed", "agent-groups-updated"})
    void aSignedEventThatNamesNoTicketIsAcknowledgedAsIgnoredStoredNowhereAndWrittenNowhere(String fixture) {
        double before = ignoredCount();

        HttpResponse<String> response = webhooks().post(SignedWebhooks.fixture(fixture));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"status\":\"ignored\",").contains("\"reason\":\"no flow for "
                + "Zendesk event type ");
        assertThat(inboxRows()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from dead_letter", Integer.class)).isZero();
        assertThat(ignoredCount()).isEqualTo(before + 1);
        // Its detail.id is a user's, an organization's or an agent's: no ticket is read or written.
        ZENDESK.verify(0, anyRequestedFor(anyUrl()));
    }

    /** A number past 2^63 was once read with asLong(), which wrapped 2^64 + 46020 to ticket 46020. */
    @ParameterizedTest
    @ValueSource(strings = {"18446744073709597636", "\"18446744073709597636\"", "-46020", "46020.5", "4.602E4"})
    void aTicketIdThatIsNoExactIdIsRefusedWith400NeverConverted(String id) {
        String overflow = body.replace("\"id\":\"35436\"", "\"id\":" + id)
                .replace("zen:ticket:35436", "zen:ticket:46020");

        HttpResponse<String> response = webhooks().post(overflow);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"error\":\"malformed\",\"message\":\"detail.id");
        assertThat(inboxRows()).isZero();
        ZENDESK.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aTriggerWhoseTicketIdOverflowsIsRefusedToo() {
        HttpResponse<String> response = webhooks().post(SignedWebhooks.fixture("trigger-ticket")
                .replace("\"ticket_id\":\"35437\"", "\"ticket_id\":18446744073709597636"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("ticket_id 18446744073709597636 is not an id that fits in 64 bits");
        assertThat(inboxRows()).isZero();
    }

    /** The inbox row holds 200 characters of event id and 100 of type: more was once taken for a store outage. */
    @Test
    void anEventIdOrTypeTooLongToStoreIsRefusedWith400NamingItNotA503() {
        HttpResponse<String> longId = webhooks().post(body.replace("01HNX-CREATED-35436", "e".repeat(300)));
        HttpResponse<String> longType = webhooks().post(body.replace("ticket.created", "ticket." + "x".repeat(208)));

        assertThat(longId.statusCode()).isEqualTo(400);
        assertThat(longId.body()).contains("event id is 300 characters long; at most 200 are accepted");
        assertThat(longId.headers().firstValue("Retry-After")).isEmpty();
        assertThat(longType.statusCode()).isEqualTo(400);
        assertThat(longType.body()).contains("event type is 215 characters long; at most 100 are accepted");
        assertThat(longType.headers().firstValue("Retry-After")).isEmpty();
        assertThat(inboxRows()).isZero();
        // Right at the limit it is stored.
        assertThat(webhooks().post(body.replace("01HNX-CREATED-35436", "e".repeat(200))).statusCode()).isEqualTo(202);
    }

    @Test
    void anEventIdWithAControlCharacterIsRefused() {
        HttpResponse<String> response = webhooks().post(body.replace("01HNX-CREATED-35436", "01HNX\\u0000"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("event id contains a control character");
        assertThat(inboxRows()).isZero();
    }

    private double ignoredCount() {
        var counter = meters.find("kairos.webhooks").tag("source", "zendesk").tag("outcome", "ignored").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void triggerShapedBodyIsAccepted() {
        HttpResponse<String> response = webhooks().post(SignedWebhooks.fixture("trigger-ticket"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("trigger-35437-1");
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/webhooks/zendesk")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void withoutTheSandboxProfileNoSimulatedSystemIsServed() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/sandbox/zendesk/api/v2/tickets/35436.json"))
                .header("Authorization", "Basic YWdlbnRAc2FuZGJveC5leGFtcGxlL3Rva2VuOng=").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher publisher) throws Exception {
        String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/webhooks/zendesk"))
                .header("Content-Type", "application/json")
                .header("X-Zendesk-Webhook-Signature-Timestamp", timestamp)
                .header("X-Zendesk-Webhook-Signature", "irrelevant")
                .POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
    }
}
