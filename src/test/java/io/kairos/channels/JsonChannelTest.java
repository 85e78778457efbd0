package io.kairos.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.proactive.DeliveryOutcome;
import io.kairos.proactive.OutboxMessage;
import io.kairos.proactive.Signal;
import io.kairos.support.MutableClock;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generic JSON channel: the request any receiver can read, and its answers read as the delivery promise says. */
class JsonChannelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final JsonResponses responses = new JsonResponses(new MutableClock(NOW));

    @Test
    void theRequestSaysWhoWhatAndWhichMessage() throws Exception {
        Signal signal = new Signal("sig-1", "evt-1", "manual", Signal.Type.KNOWN_ISSUE, "KI-42", Signal.Severity.HIGH,
                null, "Sync stalls", null, null, null, null, NOW);
        OutboxMessage message = new OutboxMessage(7, signal, "jane@acme.example", "003A", "Jane Doe", "UTC",
                "webhook", Map.of(), NOW, 1, false);

        JsonNode request = JSON.readTree(new JsonMessages().request(message, "\nHi Jane,\n"));

        assertThat(request.path("id").asText()).isEqualTo("kairos-outbox-7");
        assertThat(request.path("to").path("email").asText()).isEqualTo("jane@acme.example");
        assertThat(request.path("to").path("name").asText()).isEqualTo("Jane Doe");
        assertThat(request.path("subject").asText()).as("no title: the type in words").isEqualTo("Known issue");
        assertThat(request.path("text").asText()).isEqualTo("Hi Jane,");
        assertThat(request.path("signal").path("type").asText()).isEqualTo("KNOWN_ISSUE");
        assertThat(request.path("signal").path("recordId").asText()).isEqualTo("KI-42");
    }

    @Test
    void eachAnswerIsItsOutcome() {
        assertThat(responses.answered(202, Map.of(), "{\"id\":\"wh-1\"}")).isEqualTo(new DeliveryOutcome.Sent("wh-1"));
        assertThat(responses.answered(200, Map.of(), "ok")).isEqualTo(new DeliveryOutcome.Sent(null));
        assertThat(responses.answered(429, Map.of("retry-after", "30"), ""))
                .isInstanceOfSatisfying(DeliveryOutcome.RetryAt.class,
                        retry -> assertThat(retry.at()).isEqualTo(NOW.plusSeconds(30)));
        assertThat(responses.answered(429, Map.of(), ""))
                .isInstanceOfSatisfying(DeliveryOutcome.RetryAt.class, retry -> assertThat(retry.at())
                        .isEqualTo(NOW.plus(JsonResponses.DEFAULT_RATE_LIMIT_WAIT)));
        assertThat(responses.answered(502, Map.of(), "bad gateway"))
                .isEqualTo(new DeliveryOutcome.Backoff("the channel's API answered 502: bad gateway"));
        assertThat(responses.answered(422, Map.of(), "{\"error\":\"unknown recipient\"}"))
                .isEqualTo(new DeliveryOutcome.Failed("HTTP_422",
                        "the channel's API answered 422: {\"error\":\"unknown recipient\"}"));
        assertThat(responses.answered(null, Map.of(), "?")).isInstanceOf(DeliveryOutcome.NeedsReconcile.class);
    }

    @Test
    void noConnectionIsRetriedAndNoAnswerIsReconciled() {
        assertThat(responses.failed(new RuntimeException(new ConnectException("refused"))))
                .isInstanceOf(DeliveryOutcome.Backoff.class);
        assertThat(responses.failed(new SocketTimeoutException("Read timed out")))
                .isInstanceOf(DeliveryOutcome.NeedsReconcile.class);
    }
}
