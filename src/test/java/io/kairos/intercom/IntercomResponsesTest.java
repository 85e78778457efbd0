package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(responses.classify(200, Map.of(), "{\"type\":\"user_message\",\"id\":\"403918330\"}"))
                .isEqualTo(new IntercomOutcome.Sent("403918330"));
        assertThat(responses.classify(202, Map.of(), "")).isEqualTo(new IntercomOutcome.Sent(null));
    }

    @Test
    void rateLimitWaitsUntilTheResetTime() {
        IntercomOutcome outcome = responses.classify(429, Map.of("X-RateLimit-Limit", "166",
                "x-ratelimit-remaining", "0", "X-RateLimit-Reset", "1764147610"), "");

        assertThat(outcome).isInstanceOfSatisfying(IntercomOutcome.RetryAt.class, retry -> {
            assertThat(retry.at()).isEqualTo(Instant.ofEpochSecond(1764147610));
            assertThat(retry.countAttempt()).isFalse();
            assertThat(retry.reason()).contains("429", "limit 166", "remaining 0");
        });
    }

    @Test
    void rateLimitHonoursRetryAfterAndWaitsForTheLaterOfBoth() {
        Instant reset = NOW.plusSeconds(5);
        IntercomOutcome later = responses.classify(429,
                Map.of("Retry-After", "30", "X-RateLimit-Reset", Long.toString(reset.getEpochSecond())), "");
        IntercomOutcome resetLater = responses.classify(429,
                Map.of("Retry-After", "2", "X-RateLimit-Reset", Long.toString(reset.getEpochSecond())), "");
        IntercomOutcome httpDate = responses.classify(429,
                Map.of("Retry-After", "Wed, 26 Nov 2025 09:01:00 GMT"), "");

        assertThat(((IntercomOutcome.RetryAt) later).at()).isEqualTo(NOW.plusSeconds(30));
        assertThat(((IntercomOutcome.RetryAt) resetLater).at()).isEqualTo(Instant.ofEpochSecond(reset.getEpochSecond()));
        assertThat(((IntercomOutcome.RetryAt) httpDate).at()).isEqualTo(Instant.parse("2025-11-26T09:01:00Z"));
    }

    @Test
    void rateLimitWithoutATimeWaitsAWindowAndAPastResetStillWaitsASecond() {
        IntercomOutcome none = responses.classify(429, Map.of(), "");
        IntercomOutcome past = responses.classify(429, Map.of("X-RateLimit-Reset", "1000"), "");
        IntercomOutcome listValued = responses.classify(429, Map.of("X-RateLimit-Reset",
                List.of(Long.toString(NOW.getEpochSecond() + 3))), "");

        assertThat(((IntercomOutcome.RetryAt) none).at()).isEqualTo(NOW.plusSeconds(10));
        assertThat(((IntercomOutcome.RetryAt) past).at()).isEqualTo(NOW.plusSeconds(1));
        assertThat(((IntercomOutcome.RetryAt) listValued).at()).isEqualTo(Instant.ofEpochSecond(NOW.getEpochSecond() + 3));
    }

    @Test
    void serverErrorsBackOffUnlessTheyNameATime() {
        assertThat(responses.classify(503, Map.of(), "upstream unavailable"))
                .isEqualTo(new IntercomOutcome.Backoff("Intercom answered 503: upstream unavailable"));
        assertThat(responses.classify(503, Map.of("Retry-After", "20"), ""))
                .isInstanceOfSatisfying(IntercomOutcome.RetryAt.class, retry -> {
                    assertThat(retry.at()).isEqualTo(NOW.plusSeconds(20));
                    assertThat(retry.countAttempt()).isTrue();
                });
    }

    @Test
    void otherClientErrorsFailAtOnceWithIntercomsMessage() {
        String body = "{\"type\":\"error.list\",\"request_id\":\"r1\",\"errors\":[{\"code\":\"parameter_invalid\","
                + "\"message\":\"message_type must be one of email, in_app\"}]}";

        assertThat(responses.classify(400, Map.of(), body)).isEqualTo(new IntercomOutcome.Failed("HTTP_400",
                "Intercom answered 400: parameter_invalid: message_type must be one of email, in_app"));
        assertThat(responses.classify(401, Map.of(), "")).isEqualTo(new IntercomOutcome.Failed("HTTP_401",
                "Intercom answered 401"));
        assertThat(responses.classify(404, Map.of(), "<html>not found</html>")).isEqualTo(
                new IntercomOutcome.Failed("HTTP_404", "Intercom answered 404: <html>not found</html>"));
    }

    @Test
    void failuresBeforeTheRequestLeftAreRetried() {
        assertThat(responses.classify(new HttpHostConnectException("Connect to localhost:1 failed: refused")))
                .isInstanceOf(IntercomOutcome.Backoff.class);
        assertThat(responses.classify(new ConnectTimeoutException("Connect timed out")))
                .isInstanceOf(IntercomOutcome.Backoff.class);
        assertThat(responses.classify(new UnknownHostException("api.intercom.invalid")))
                .isInstanceOf(IntercomOutcome.Backoff.class);
        assertThat(responses.classify(new RuntimeException("wrapped", new ConnectException("refused"))))
                .isInstanceOf(IntercomOutcome.Backoff.class);
    }

    @Test
    void failuresAfterTheRequestLeftNeedReconciliation() {
        assertThat(responses.classify(new SocketTimeoutException("Read timed out")))
                .isInstanceOfSatisfying(IntercomOutcome.NeedsReconcile.class,
                        unknown -> assertThat(unknown.reason()).contains("SocketTimeoutException", "Read timed out"));
        assertThat(responses.classify(new NoHttpResponseException("localhost:8080 failed to respond")))
                .isInstanceOf(IntercomOutcome.NeedsReconcile.class);
        assertThat(responses.classify(new IOException("Connection reset")))
                .isInstanceOf(IntercomOutcome.NeedsReconcile.class);
    }
}
