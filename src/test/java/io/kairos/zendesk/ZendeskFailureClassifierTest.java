package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.kairos.platform.Failure;
import java.io.IOException;
import java.time.Duration;
import org.asynchttpclient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zendesk.client.v2.ZendeskResponseException;
import org.zendesk.client.v2.ZendeskResponseRateLimitException;

/** How Zendesk's answers are treated: wait for Retry-After, retry conflicts and 5xx, give up on other 4xx. */
class ZendeskFailureClassifierTest {

    private final ZendeskFailureClassifier classifier = new ZendeskFailureClassifier();

    @Test
    void aRateLimitWaitsForRetryAfter() throws IOException {
        assertThat(classifier.classify(rateLimited("17"))).contains(new Failure(Failure.Kind.RETRY_AFTER,
                Duration.ofSeconds(17), "Zendesk rate limit (429), Retry-After 17 s"));
    }

    @Test
    void aRateLimitWithoutAUsableRetryAfterWaitsAMinute() throws IOException {
        assertThat(classifier.classify(rateLimited(null)).orElseThrow().delay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(classifier.classify(rateLimited("soon")).orElseThrow().delay()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aRateLimitWaitsAtLeastASecond() throws IOException {
        assertThat(classifier.classify(rateLimited("0")).orElseThrow().delay()).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"409, Conflict", "500, Internal Server Error", "502, Bad Gateway", "503, Service Unavailable"})
    void conflictsAndServerErrorsAreRetried(int status, String text) {
        assertThat(classifier.classify(new ZendeskResponseException(status, text, "{}")))
                .contains(Failure.transientFailure("Zendesk answered " + status + " " + text));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"400, Bad Request", "401, Unauthorized", "403, Forbidden", "404, Not Found",
            "422, Unprocessable Entity"})
    void otherClientErrorsAreFinal(int status, String text) {
        assertThat(classifier.classify(new ZendeskResponseException(status, text, "{}")))
                .contains(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, "Zendesk answered " + status + " " + text));
    }

    @Test
    void aMissingTicketIsFinal() {
        assertThat(classifier.classify(new TicketNotFoundException("Zendesk has no ticket 35436")))
                .contains(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, "Zendesk has no ticket 35436"));
    }

    @Test
    void leavesOtherFailuresToOtherClassifiers() {
        assertThat(classifier.classify(new IllegalStateException("boom"))).isEmpty();
        assertThat(classifier.classify(new RuntimeException(new ZendeskResponseException(500, "x", ""))))
                .as("the handler unwraps causes, not the classifier").isEmpty();
    }

    private static ZendeskResponseRateLimitException rateLimited(String retryAfter) throws IOException {
        Response response = mock(Response.class);
        when(response.getStatusCode()).thenReturn(429);
        when(response.getStatusText()).thenReturn("Too Many Requests");
        when(response.getResponseBody()).thenReturn("{\"error\":\"APIRateLimitExceeded\"}");
        when(response.getHeader("Retry-After")).thenReturn(retryAfter);
        return new ZendeskResponseRateLimitException(response);
    }
}
