package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.platform.Failure;
import io.kairos.support.RealPayloads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.zendesk.client.v2.ZendeskResponseRateLimitException;

/**
 * Every Zendesk REST answer published by others (real-payloads/zendesk-rest) through the reader of Kairos's own
 * REST calls ({@link ZendeskRest#answer}, {@link ZendeskRest#ticket}) and the failure classifier. A body
 * {@code X.json} is read with the status and headers of {@code X.headers.json} when the capture has them.
 */
class ZendeskRealPayloadsTest {

    private static final String SYSTEM = "zendesk-rest";
    private static final String HEADERS = ".headers.json";

    /** The call each capture answered, its status when no headers file gives it, and what Kairos makes of it. */
    private static final Map<String, Capture> EXPECTED = Map.of(
            "get-ticket-200.zenpy-capture.json", new Capture("GET /api/v2/tickets/1.json", null,
                    "ticket HelpdeskTicket[id=1, subject=Sample ticket: Meet the ticket, status=open, type=incident, "
                            + "requesterId=6130869168922]"),
            "get-ticket-200.zenpy-capture.headers.json", new Capture("GET /api/v2/tickets/1.json", null,
                    "status 200, Retry-After none: the body of get-ticket-200.zenpy-capture.json is read"),
            "error-404-record-not-found.zenpy-capture.json", new Capture(
                    "PUT /api/v2/tickets/9223372036854775807.json", 404,
                    "refused, PERMANENT: Zendesk PUT /api/v2/tickets/9223372036854775807.json answered 404 "
                            + "(RecordNotFound: Not found)"));

    private final ObjectMapper json = new ObjectMapper();
    private final ZendeskFailureClassifier classifier = new ZendeskFailureClassifier();

    record Capture(String call, Integer status, String outcome) {
    }

    static List<String> files() {
        return RealPayloads.files(SYSTEM);
    }

    @ParameterizedTest
    @MethodSource("files")
    void eachPublishedAnswerIsReadOrRefusedWithAReason(String file) throws Exception {
        Capture capture = RealPayloads.expectation(EXPECTED, SYSTEM, file);

        assertThat(outcome(file, capture)).isEqualTo(capture.outcome());
    }

    @Test
    void theTableNamesNoFileThatIsGone() {
        assertThat(files()).containsAll(EXPECTED.keySet());
    }

    /** The captured headers as a 429 with a plain-text body: Retry-After is honoured, the body never parsed. */
    @Test
    void a429WithAPlainTextBodyWaitsForItsRetryAfter() throws Exception {
        ObjectNode limited = (ObjectNode) json.readTree(RealPayloads.read(SYSTEM,
                "get-ticket-200.zenpy-capture.headers.json"));
        limited.withObject("/headers").putArray("Retry-After").add("37");
        limited.withObject("/headers").putArray("Content-Type").add("text/plain; charset=utf-8");

        assertThatThrownBy(() -> ZendeskRest.answer(json, "GET /api/v2/tickets/1.json", 429, headers(limited),
                "Rate limit exceeded. Try again in 37 seconds."))
                .isInstanceOfSatisfying(ZendeskRestException.class, refused -> {
                    assertThat(refused.getMessage()).isEqualTo("Zendesk GET /api/v2/tickets/1.json answered 429");
                    assertThat(classifier.classify(refused)).contains(new Failure(Failure.Kind.RETRY_AFTER,
                            Duration.ofSeconds(37), "Zendesk GET /api/v2/tickets/1.json answered 429 (rate limit), "
                            + "Retry-After 37 s"));
                });
    }

    /** The same 429 as camel-zendesk's client meets it: its exception keeps the text, the classifier the wait. */
    @Test
    void a429WithAPlainTextBodyThroughTheZendeskClientWaitsForItsRetryAfterToo() throws Exception {
        JsonNode recorded = json.readTree(RealPayloads.read(SYSTEM, "get-ticket-200.zenpy-capture.headers.json"));
        UnaryOperator<String> header = headers(recorded);
        org.asynchttpclient.Response response = mock(org.asynchttpclient.Response.class);
        when(response.getStatusCode()).thenReturn(429);
        when(response.getStatusText()).thenReturn("Too Many Requests");
        when(response.getResponseBody()).thenReturn("Rate limit exceeded. Try again in 37 seconds.");
        // The capture's rate-limit-reset (37 s) stands for the Retry-After a 429 carries.
        when(response.getHeader("Retry-After")).thenReturn(header.apply("rate-limit-reset"));

        assertThat(classifier.classify(new ZendeskResponseRateLimitException(response))).contains(new Failure(
                Failure.Kind.RETRY_AFTER, Duration.ofSeconds(37), "Zendesk rate limit (429), Retry-After 37 s"));
    }

    @Test
    void aRefusalWithAnEmptyOrOddBodyStillNamesItsStatus() {
        assertThat(ZendeskRest.errorOf(json, "")).isNull();
        assertThat(ZendeskRest.errorOf(json, "<html>502 Bad Gateway</html>")).isNull();
        assertThat(ZendeskRest.errorOf(json, "[\"x\"]")).isNull();
        assertThat(ZendeskRest.errorOf(json, "{\"error\":{\"title\":\"Forbidden\",\"message\":\"No access\"}}"))
                .isEqualTo("Forbidden: No access");
        assertThat(ZendeskRest.errorOf(json, "{\"error\":\"InvalidEndpoint\"}")).isEqualTo("InvalidEndpoint");
    }

    private String outcome(String file, Capture capture) throws Exception {
        boolean isHeaders = file.endsWith(HEADERS);
        String bodyFile = isHeaders ? file.substring(0, file.length() - HEADERS.length()) + ".json" : file;
        String headersFile = bodyFile.substring(0, bodyFile.length() - ".json".length()) + HEADERS;
        JsonNode recorded = files().contains(headersFile) ? json.readTree(RealPayloads.read(SYSTEM, headersFile))
                : null;
        Integer status = recorded == null ? capture.status() : Integer.valueOf(recorded.path("status").path("code")
                .asInt());
        UnaryOperator<String> header = recorded == null ? name -> null : headers(recorded);
        String body = RealPayloads.read(SYSTEM, bodyFile);
        try {
            JsonNode answer = ZendeskRest.answer(json, capture.call(), status, header, body);
            if (isHeaders) {
                return "status " + status + ", Retry-After "
                        + (ZendeskRest.retryAfter(header.apply("Retry-After")) == null ? "none" : "given")
                        + ": the body of " + bodyFile + " is read";
            }
            return answer.has("ticket") ? "ticket " + ZendeskRest.ticket(answer.get("ticket")) : "json " + answer;
        } catch (ZendeskRestException refused) {
            Failure failure = classifier.classify(refused).orElseThrow();
            return "refused, " + failure.kind() + ": " + failure.reason();
        }
    }

    /** A recorded response's headers, looked up as HTTP does: by name whatever its case, the first value. */
    private static UnaryOperator<String> headers(JsonNode recorded) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        recorded.path("headers").fields().forEachRemaining(h -> byName.put(h.getKey(), h.getValue().path(0)
                .asText()));
        return byName::get;
    }
}
