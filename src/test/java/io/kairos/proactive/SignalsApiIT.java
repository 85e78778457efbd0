package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /api/signals}: authenticated, validated, stored once, then planned into the outbox from the inbox. */
class SignalsApiIT extends KairosAppTest {

    static final String SYNC_APP_OWNERS = SalesforceStubs.SYNC_APP_OWNERS;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String body, String token, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/signals"))
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
}
