package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.proactive.DeliveryOutcome;
import io.kairos.support.MutableClock;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

class IntercomResponsesTest {

    private static final Instant NOW = Instant.parse("2025-11-26T09:00:00.250Z");

    private final IntercomResponses responses = new IntercomResponses(new MutableClock(NOW));

    @Test
    void successIsSentWithIntercomsMessageId() {
        assertThat(responses.answered(200, Map.of(), "{\"type\":\"user_message\",\"id\":\"403918330\"}"))
                .isEqualTo(new DeliveryOutcome.Sent("403918330"));
        assertThat(responses.answered(202, Map.of(), "")).isEqualTo(new DeliveryOutcome.Sent(null));
    }

    @Test
    void rateLimitWaitsUntilTheResetTime() {
        DeliveryOutcome outcome = responses.answered(429, Map.of("X-RateLimit-Limit", "166",
                "x-ratelimit-remaining", "0", "X-RateLimit-Reset", "1764147610"), "");

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.RetryAt.class, retry -> {
            assertThat(retry.at()).isEqualTo(Instant.ofEpochSecond(1764147610));
            assertThat(retry.reason()).contains("429", "limit 166", "remaining 0");
        });
    }

    @Test
    void rateLimitHonoursRetryAfterAndWaitsForTheLaterOfBoth() {
        Instant reset = NOW.plusSeconds(5);
        DeliveryOutcome later = responses.answered(429,
                Map.of("Retry-After", "30", "X-RateLimit-Reset", Long.toString(reset.getEpochSecond())), "");
        DeliveryOutcome resetLater = responses.answered(429,
                Map.of("Retry-After", "2", "X-RateLimit-Reset", Long.toString(reset.getEpochSecond())), "");
        DeliveryOutcome httpDate = responses.answered(429,
                Map.of("Retry-After", "Wed, 26 Nov 2025 09:01:00 GMT"), "");

        assertThat(((DeliveryOutcome.RetryAt) later).at()).isEqualTo(NOW.plusSeconds(30));
        assertThat(((DeliveryOutcome.RetryAt) resetLater).at()).isEqualTo(Instant.ofEpochSecond(reset.getEpochSecond()));
        assertThat(((DeliveryOutcome.RetryAt) httpDate).at()).isEqualTo(Instant.parse("2025-11-26T09:01:00Z"));
    }

    @Test
    void rateLimitWithoutATimeWaitsAWindowAndAPastResetStillWaitsASecond() {
        DeliveryOutcome none = responses.answered(429, Map.of(), "");
        DeliveryOutcome past = responses.answered(429, Map.of("X-RateLimit-Reset", "1000"), "");
        DeliveryOutcome listValued = responses.answered(429, Map.of("X-RateLimit-Reset",
                List.of(Long.toString(NOW.getEpochSecond() + 3))), "");

        assertThat(((DeliveryOutcome.RetryAt) none).at()).isEqualTo(NOW.plusSeconds(10));
        assertThat(((DeliveryOutcome.RetryAt) past).at()).isEqualTo(NOW.plusSeconds(1));
        assertThat(((DeliveryOutcome.RetryAt) listValued).at()).isEqualTo(Instant.ofEpochSecond(NOW.getEpochSecond() + 3));
    }

    @Test
    void serverErrorsBackOffAndNotBeforeTheirRetryAfter() {
        assertThat(responses.answered(503, Map.of(), "upstream unavailable"))
                .isEqualTo(new DeliveryOutcome.Backoff("Intercom answered 503: upstream unavailable"));
        assertThat(responses.answered(503, Map.of("Retry-After", "20"), ""))
                .as("a server error spends its attempt and pauses no channel")
                .isInstanceOfSatisfying(DeliveryOutcome.Backoff.class,
                        backoff -> assertThat(backoff.notBefore()).isEqualTo(NOW.plusSeconds(20)));
    }

    @Test
    void otherClientErrorsFailAtOnceWithIntercomsMessage() {
        String body = "{\"type\":\"error.list\",\"request_id\":\"r1\",\"errors\":[{\"code\":\"parameter_invalid\","
                + "\"message\":\"message_type must be one of email, in_app\"}]}";

        assertThat(responses.answered(400, Map.of(), body)).isEqualTo(new DeliveryOutcome.Failed("HTTP_400",
                "Intercom answered 400: parameter_invalid: message_type must be one of email, in_app"));
        assertThat(responses.answered(401, Map.of(), "")).isEqualTo(new DeliveryOutcome.Failed("HTTP_401",
                "Intercom answered 401"));
        assertThat(responses.answered(404, Map.of(), "<html>not found</html>")).isEqualTo(
                new DeliveryOutcome.Failed("HTTP_404", "Intercom answered 404: <html>not found</html>"));
    }

    @Test
    void failuresBeforeTheRequestLeftAreRetried() {
        assertThat(responses.failed(new HttpHostConnectException("Connect to localhost:1 failed: refused")))
                .isInstanceOf(DeliveryOutcome.Backoff.class);
        assertThat(responses.failed(new ConnectTimeoutException("Connect timed out")))
                .isInstanceOf(DeliveryOutcome.Backoff.class);
        assertThat(responses.failed(new UnknownHostException("api.intercom.invalid")))
                .isInstanceOf(DeliveryOutcome.Backoff.class);
        assertThat(responses.failed(new RuntimeException("wrapped", new ConnectException("refused"))))
                .isInstanceOf(DeliveryOutcome.Backoff.class);
    }

    @Test
    void failuresAfterTheRequestLeftNeedReconciliation() {
        assertThat(responses.failed(new SocketTimeoutException("Read timed out")))
                .isInstanceOfSatisfying(DeliveryOutcome.NeedsReconcile.class,
                        unknown -> assertThat(unknown.reason()).contains("SocketTimeoutException", "Read timed out"));
        assertThat(responses.failed(new NoHttpResponseException("localhost:8080 failed to respond")))
                .isInstanceOf(DeliveryOutcome.NeedsReconcile.class);
        assertThat(responses.failed(new IOException("Connection reset")))
                .isInstanceOf(DeliveryOutcome.NeedsReconcile.class);
    }
}
