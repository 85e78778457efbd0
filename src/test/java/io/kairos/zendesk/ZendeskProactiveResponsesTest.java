package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.kairos.proactive.DeliveryOutcome;
import io.kairos.support.MutableClock;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.camel.RuntimeCamelException;
import org.asynchttpclient.Response;
import org.asynchttpclient.exception.TooManyConnectionsPerHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zendesk.client.v2.ZendeskException;
import org.zendesk.client.v2.ZendeskResponseException;
import org.zendesk.client.v2.ZendeskResponseRateLimitException;
import org.zendesk.client.v2.model.Ticket;

/** What camel-zendesk's createTicket answer or failure means for a proactive message. */
class ZendeskProactiveResponsesTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final ZendeskProactiveResponses responses = new ZendeskProactiveResponses(new MutableClock(NOW));

    @Test
    void aCreatedTicketIsSentWithItsId() {
        Ticket created = new Ticket();
        created.setId(35440L);

        assertThat(responses.answered(null, Map.of(), created)).isEqualTo(new DeliveryOutcome.Sent("35440"));
    }

    @Test
    void noTicketInTheAnswerMayStillHaveCreatedOne() {
        // The client answers a 404 with null; a 2xx whose body names no ticket reads the same.
        assertThat(responses.answered(null, Map.of(), null)).isInstanceOf(DeliveryOutcome.NeedsReconcile.class);
        assertThat(responses.answered(null, Map.of(), new Ticket())).isInstanceOf(DeliveryOutcome.NeedsReconcile.class);
    }

    @Test
    void aRateLimitWaitsForRetryAfterWithoutCountingAnAttempt() throws IOException {
        assertThat(responses.failed(camel(rateLimited("17")))).isEqualTo(new DeliveryOutcome.RetryAt(
                NOW.plusSeconds(17), "Zendesk rate limit (429, Retry-After 17 s): nothing is sent before "
                + NOW.plusSeconds(17)));
    }

    @Test
    void aRateLimitWithoutAUsableRetryAfterWaitsAMinuteAndAtLeastASecond() throws IOException {
        assertThat(retryAt(rateLimited(null))).isEqualTo(NOW.plusSeconds(60));
        assertThat(retryAt(rateLimited("soon"))).isEqualTo(NOW.plusSeconds(60));
        assertThat(retryAt(rateLimited("0"))).isEqualTo(NOW.plusSeconds(1));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"409, Conflict", "500, Internal Server Error", "502, Bad Gateway", "503, Service Unavailable"})
    void conflictsAndServerErrorsBackOff(int status, String text) {
        assertThat(responses.failed(camel(new ZendeskResponseException(status, text, ""))))
                .isEqualTo(new DeliveryOutcome.Backoff("Zendesk answered " + status + " " + text));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"400, Bad Request", "401, Unauthorized", "403, Forbidden", "404, Not Found",
            "422, Unprocessable Entity"})
    void otherClientErrorsFailAtOnce(int status, String text) {
        assertThat(responses.failed(camel(new ZendeskResponseException(status, text, null))))
                .isEqualTo(new DeliveryOutcome.Failed("HTTP_" + status,
                        "Zendesk answered " + status + " " + text));
    }

    @Test
    void aClientErrorNamesZendesksReasons() {
        String invalid = "{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors\",\"details\":"
                + "{\"requester\":[{\"description\":\"Requester: Email is invalid\",\"error\":\"InvalidValue\"}]}}";
        String forbidden = "{\"error\":{\"title\":\"Forbidden\",\"message\":\"You do not have access\"}}";

        assertThat(responses.failed(new ZendeskResponseException(422, "Unprocessable Entity", invalid)))
                .isEqualTo(new DeliveryOutcome.Failed("HTTP_422", "Zendesk answered 422 Unprocessable Entity: "
                        + "RecordInvalid: Record validation errors (Requester: Email is invalid)"));
        assertThat(responses.failed(new ZendeskResponseException(403, "Forbidden", forbidden)))
                .isEqualTo(new DeliveryOutcome.Failed("HTTP_403",
                        "Zendesk answered 403 Forbidden: Forbidden: You do not have access"));
        assertThat(responses.failed(new ZendeskResponseException(400, "Bad Request", "<html>nope</html>")))
                .isEqualTo(new DeliveryOutcome.Failed("HTTP_400",
                        "Zendesk answered 400 Bad Request: <html>nope</html>"));
    }

    @Test
    void aRequestThatNeverLeftBacksOff() {
        assertThat(responses.failed(camel(new ZendeskException(new ConnectException("Connection refused")))))
                .isEqualTo(new DeliveryOutcome.Backoff(
                        "not sent, no connection to Zendesk: ConnectException (Connection refused)"));
        assertThat(responses.failed(new ZendeskException(new UnknownHostException("zendesk.invalid"))))
                .isInstanceOf(DeliveryOutcome.Backoff.class);
        assertThat(responses.failed(new ZendeskException(new SSLHandshakeException("bad certificate"))))
                .isInstanceOf(DeliveryOutcome.Backoff.class);
        assertThat(responses.failed(new ZendeskException(new TooManyConnectionsPerHostException(10))))
                .isInstanceOf(DeliveryOutcome.Backoff.class);
    }

    @Test
    void aTimeoutAfterTheRequestWentOutNeedsReconciling() {
        TimeoutException timeout = new TimeoutException("Request timeout to localhost/127.0.0.1:443 after 60000 ms");

        assertThat(responses.failed(camel(new ZendeskException(timeout.getMessage(), timeout))))
                .isEqualTo(new DeliveryOutcome.NeedsReconcile("no answer from Zendesk after the request "
                        + "went out: TimeoutException (Request timeout to localhost/127.0.0.1:443 after 60000 ms)"));
        assertThat(responses.failed(new IllegalStateException("anything else")))
                .isInstanceOf(DeliveryOutcome.NeedsReconcile.class);
    }

    @Test
    void aReasonNeverCarriesCredentials() {
        DeliveryOutcome outcome = responses.failed(new RuntimeCamelException(
                new IllegalStateException("endpoint zendesk://DEFAULT/createTicket?token=s3cret&username=a@b")));

        assertThat(((DeliveryOutcome.NeedsReconcile) outcome).reason()).doesNotContain("s3cret")
                .contains("token=***");
    }

    private Instant retryAt(Throwable failure) {
        return ((DeliveryOutcome.RetryAt) responses.failed(failure)).at();
    }

    /** As camel-zendesk hands it to the route: the client's exception inside Camel's. */
    private static RuntimeCamelException camel(Throwable failure) {
        return new RuntimeCamelException("Error invoking createTicket: " + failure.getMessage(), failure);
    }

    private static ZendeskResponseRateLimitException rateLimited(String retryAfter) throws IOException {
        Response response = mock(Response.class);
        when(response.getStatusCode()).thenReturn(429);
        when(response.getStatusText()).thenReturn("Too Many Requests");
        when(response.getResponseBody()).thenReturn("Rate limit for ticket updates exceeded");
        when(response.getHeader("Retry-After")).thenReturn(retryAfter);
        return new ZendeskResponseRateLimitException(response);
    }
}
