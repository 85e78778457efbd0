package io.kairos.proactive;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.platform.Inbox;
import io.kairos.support.Fixtures;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code POST /api/signals}: authenticated, validated, stored once, then planned into the outbox from the inbox; a
 * signal from Salesforce that can never be planned is dead-lettered at once; an unexpected failure of the API answers
 * a plain 500.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignalsApiIT extends KairosAppTest {

    static final String SYNC_APP_OWNERS = SalesforceStubs.SYNC_APP_OWNERS;

    /** Not an Order id: a SOQL injection attempt, and an Account's id. */
    private static final List<String> NOT_ORDER_IDS = List.of("8018c0000' OR Id != '", "001000000000102AAA");

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private Inbox inbox;

    private HttpResponse<String> post(String body, String token, String idempotencyKey) throws Exception {
        return post("/api/signals", body, token, idempotencyKey);
    }

    private HttpResponse<String> post(String path, String body, String token, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutTheBearerTokenTheApiAnswers401() throws Exception {
        String body = "{\"type\":\"ANNOUNCEMENT\",\"severity\":\"LOW\",\"title\":\"Hi\",\"audience\":\"MailingCountry = 'DE'\"}";

        assertThat(post(body, null, null).statusCode()).isEqualTo(401);
        assertThat(post(body, "wrong", null).statusCode()).isEqualTo(401);
        assertThat(jdbc.queryForObject("select count(*) from inbox_event", Integer.class)).isZero();
    }

    @Test
    void invalidBodiesGet400NamingTheField() throws Exception {
        record Case(String body, String field) { }
        for (Case c : List.of(
                new Case("not json", "$"),
                new Case("{\"type\":\"RAIN\",\"severity\":\"LOW\",\"title\":\"x\"}", "type"),
                new Case("{\"type\":\"KNOWN_ISSUE\",\"severity\":\"LOUD\",\"title\":\"x\",\"product\":\"p\"}", "severity"),
                new Case("{\"type\":\"KNOWN_ISSUE\",\"severity\":\"LOW\",\"title\":\"x\"}", "product"),
                new Case("{\"type\":\"ORDER_DELAY\",\"severity\":\"LOW\",\"title\":\"x\"}", "recordId"),
                new Case("{\"type\":\"OUTAGE\",\"severity\":\"HIGH\",\"title\":\"x\",\"startsAt\":\"tomorrow\"}", "startsAt"),
                new Case("{\"type\":\"OUTAGE\",\"severity\":\"HIGH\",\"title\":\"x\",\"audience\":\"Id != null; DELETE\"}",
                        "audience"),
                new Case("{\"type\":\"OUTAGE\",\"severity\":\"HIGH\",\"title\":\"x\",\"colour\":\"red\"}", "colour"))) {
            HttpResponse<String> response = post(c.body(), API_TOKEN, null);

            assertThat(response.statusCode()).as(c.body()).isEqualTo(400);
            assertThat(response.body()).as(c.body()).contains("\"field\":\"" + c.field() + "\"");
        }
        assertThat(jdbc.queryForObject("select count(*) from inbox_event", Integer.class)).isZero();
    }

    @Test
    void aKnownIssueSignalIsPlannedForEveryContactOfTheAccountsOwningTheProduct() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SYNC_APP_OWNERS, 200, "audience-known-issue-sync-app.json");
        String body = "{\"type\":\"KNOWN_ISSUE\",\"recordId\":\"KI-0042\",\"severity\":\"HIGH\","
                + "\"title\":\"Sync fails on Android 14\",\"body\":\"A fix ships this week.\",\"product\":\"Sync App\"}";

        HttpResponse<String> first = post(body, API_TOKEN, "maintenance-42");
        HttpResponse<String> again = post(body, API_TOKEN, "maintenance-42");

        assertThat(first.statusCode()).isEqualTo(202);
        String signalId = first.body().replaceAll(".*\"signalId\":\"([^\"]+)\".*", "$1");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"signalId\":\"" + signalId + "\"").contains("duplicate");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from signal where status = 'PLANNED'", Integer.class) == 1);
        assertThat(jdbc.queryForObject("select id from signal", String.class)).isEqualTo(signalId);
        assertThat(jdbc.queryForList("select contact_email from outbox_message where signal_id = ? order by id",
                String.class, signalId)).containsExactly("jane@acme.example", "max@acme.example", "li@globex.example");
        assertThat(jdbc.queryForObject("select planned_count from signal", Integer.class)).isEqualTo(3);
    }

    @Test
    void anOrderDelayWhoseRecordIsNoOrderIdGets400FromBothEndpointsAndReachesNoOne() throws Exception {
        for (String recordId : NOT_ORDER_IDS) {
            String body = "{\"type\":\"ORDER_DELAY\",\"recordId\":\"" + recordId + "\",\"severity\":\"HIGH\","
                    + "\"title\":\"Your order ships later\"}";
            for (String path : List.of("/api/signals", "/api/signals/preview")) {
                HttpResponse<String> response = post(path, body, API_TOKEN, null);

                assertThat(response.statusCode()).as(path + " " + recordId).isEqualTo(400);
                assertThat(response.body()).as(path + " " + recordId).contains("\"error\":\"invalid_signal\"")
                        .contains("\"field\":\"recordId\"");
            }
        }
        assertThat(jdbc.queryForObject("select count(*) from inbox_event", Integer.class)).isZero();
        SALESFORCE.verify(0, anyRequestedFor(urlPathMatching("/services/data/.*")));
    }

    @Test
    void aSalesforceSignalWhoseRecordIsNoOrderIdIsDeadLetteredAtOnceWithTheReason() {
        String stored = fixture("signal-order-delay.json");
        for (int i = 0; i < NOT_ORDER_IDS.size(); i++) {
            String event = stored.replace("801000000000102AAA", NOT_ORDER_IDS.get(i));
            assertThat(event).isNotEqualTo(stored);
            inbox.accept("salesforce", "bad-record-" + i, "Kairos_Signal__e", event);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from dead_letter", Integer.class) == NOT_ORDER_IDS.size());
        List<Map<String, Object>> letters = jdbc.queryForList(
                "select event_id, reason, attempts from dead_letter order by event_id");
        assertThat(letters).extracting(l -> l.get("event_id")).containsExactly("bad-record-0", "bad-record-1");
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.get("attempts")).as("not retried").isEqualTo(1);
            assertThat((String) l.get("reason")).startsWith("invalid signal: recordId: ");
        });
        assertThat((String) letters.get(0).get("reason")).contains("is not a Salesforce id");
        assertThat((String) letters.get(1).get("reason")).contains("is not an Order id");
        assertThat(jdbc.queryForObject("select count(*) from signal", Integer.class)).isZero();
        SALESFORCE.verify(0, anyRequestedFor(urlPathMatching("/services/data/.*")));
    }

    @Test
    void anUnexpectedFailureAnswersAPlain500AndLogsOneErrorWithItsStackTrace(CapturedOutput output)
            throws Exception {
        // A first page that points its next page outside the query API: Kairos refuses to follow it, unexpectedly.
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).withQueryParam("q", equalTo(SYNC_APP_OWNERS))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"totalSize\":2,\"done\":false,\"nextRecordsUrl\":\"/internal/secret-path\","
                                + "\"records\":[]}")));
        String body = "{\"type\":\"KNOWN_ISSUE\",\"severity\":\"HIGH\",\"title\":\"Sync fails\","
                + "\"product\":\"Sync App\"}";

        HttpResponse<String> response = post("/api/signals/preview", body, API_TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(500);
        String correlationId = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(response.body()).startsWith("{\"error\":\"internal_error\",")
                .contains("\"correlationId\":\"" + correlationId + "\"")
                .doesNotContain("secret-path").doesNotContain("Exception").doesNotContain("io.kairos");
        await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("secret-path"));
        String log = output.getOut();
        assertThat(log.split("Unexpected failure answering a JSON API request", -1)).as("one ERROR line").hasSize(2);
        assertThat(log).contains("java.lang.IllegalStateException: Salesforce sent an unexpected nextRecordsUrl")
                .containsPattern("\tat io\\.kairos\\.salesforce\\.SalesforceAudience\\.resolve");
    }

    private static String fixture(String name) {
        return Fixtures.read("salesforce/" + name);
    }
}
