package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.KairosAppTest;
import io.kairos.support.SignedWebhooks;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the webhook endpoint answers to forged, stale, unsigned, malformed and oversized deliveries. */
class ZendeskWebhookIntakeIT extends KairosAppTest {

    private final String body = SignedWebhooks.fixture("ticket-created");

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
