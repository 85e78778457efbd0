package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.activity.ContactActivity;
import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import io.kairos.timing.TimingPolicySettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /api/signals/preview} decides for the audience and stores nothing; {@code GET /api/decisions}. */
class TimingApiIT extends KairosAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private LedgerStore ledger;

    @Autowired
    private ProactiveRules rules;

    @Autowired
    private ContactActivity activity;

    @Test
    void thePreviewListsTheDecisionPerRecipientAndTotalsPerReasonAndWritesNothing() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SignalsApiIT.SYNC_APP_OWNERS, 200,
                "audience-known-issue-sync-app.json");
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        ledger.record(entry("jane@acme.example", LedgerEntry.Decision.SENT, anHourAgo));
        String body = "{\"type\":\"KNOWN_ISSUE\",\"recordId\":\"KI-0042\",\"severity\":\"HIGH\","
                + "\"title\":\"Sync fails on Android 14\",\"body\":\"A fix ships this week.\",\"product\":\"Sync App\"}";

        assertThat(send(post("/api/signals/preview", body), null).statusCode()).isEqualTo(401);
        HttpResponse<String> response = send(post("/api/signals/preview", body), API_TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.path("recipientCount").asInt()).isEqualTo(3);
        assertThat(json.path("truncated").asBoolean()).isFalse();
        List<String> lines = new ArrayList<>();
        json.path("recipients").forEach(r -> lines.add(r.path("email").asText() + " " + r.path("decision").asText()
                + " " + r.path("reasonCode").asText()));
        assertThat(lines).containsExactly("jane@acme.example DEFER CAP_REACHED", "max@acme.example SUPPRESS OPTED_OUT",
                "li@globex.example SEND OK");
        JsonNode jane = json.path("recipients").get(0);
        assertThat(jane.path("name").asText()).isEqualTo("Jane Doe");
        assertThat(Instant.parse(jane.path("sendAt").asText())).isEqualTo(anHourAgo.plus(Duration.ofHours(24)));
        assertThat(jane.path("reason").asText()).contains("cap of 1 message per 24 h reached");
        assertThat(json.path("recipients").get(1).has("sendAt")).as("null fields are left out").isFalse();
        assertThat(json.path("totals").toString()).isEqualTo("{\"CAP_REACHED\":1,\"OK\":1,\"OPTED_OUT\":1}");

        for (String table : new String[] {"inbox_event", "signal", "outbox_message"}) {
            assertThat(jdbc.queryForObject("select count(*) from " + table, Integer.class)).as(table).isZero();
        }
        assertThat(jdbc.queryForObject("select count(*) from ledger_entry", Integer.class)).isEqualTo(1);
    }

    @Test
    void thePreviewSaysWhenAKindsDelayLetsItsMessagesGo() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SignalsApiIT.SYNC_APP_OWNERS, 200,
                "audience-known-issue-sync-app.json");
        Instant happened = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        TimingPolicySettings before = rules.timingSettings();
        rules.replaceTiming(new TimingPolicySettings(before.defaults(), Map.of(Signal.Type.KNOWN_ISSUE,
                before.forType(Signal.Type.KNOWN_ISSUE).withDelay(Duration.ofDays(1)))));
        try {
            HttpResponse<String> response = send(post("/api/signals/preview", "{\"type\":\"KNOWN_ISSUE\","
                    + "\"recordId\":\"KI-0042\",\"severity\":\"HIGH\",\"title\":\"Sync fails\",\"product\":"
                    + "\"Sync App\",\"startsAt\":\"" + happened + "\"}"), API_TOKEN);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode jane = JSON.readTree(response.body()).path("recipients").get(0);
            assertThat(jane.path("email").asText()).isEqualTo("jane@acme.example");
            assertThat(jane.path("reasonCode").asText()).isEqualTo("DELAYED");
            assertThat(Instant.parse(jane.path("sendAt").asText())).isEqualTo(happened.plus(Duration.ofDays(1)));
            assertThat(jane.path("reason").asText()).startsWith("Deferred to ").endsWith(": the KNOWN_ISSUE signal "
                    + "waits 1 day after it happened (" + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                    .withZone(ZoneOffset.UTC).format(happened) + ").");
        } finally {
            rules.replaceTiming(before);
        }
    }

    @Test
    void thePreviewSaysWhenAContactIsUsuallyActive() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SignalsApiIT.SYNC_APP_OWNERS, 200,
                "audience-known-issue-sync-app.json");
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDate today = LocalDate.now(berlin);
        for (int day = 1; day <= 5; day++) {
            activity.seen("test:" + day, "jane@acme.example", null, "Europe/Berlin", null,
                    today.minusDays(day).atTime(12, 20).atZone(berlin).toInstant());
        }

        Instant before = Instant.now();
        HttpResponse<String> response = send(post("/api/signals/preview", "{\"type\":\"KNOWN_ISSUE\","
                + "\"recordId\":\"KI-0042\",\"severity\":\"NORMAL\",\"title\":\"Sync fails\",\"product\":"
                + "\"Sync App\"}"), API_TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode jane = JSON.readTree(response.body()).path("recipients").get(0);
        assertThat(jane.path("email").asText()).isEqualTo("jane@acme.example");
        assertThat(jane.path("reasonCode").asText()).isEqualTo("SEND_TIME");
        assertThat(jane.path("reason").asText()).contains("usually active 12:00–13:00 Europe/Berlin; sending at 12:");
        ZonedDateTime sendAt = Instant.parse(jane.path("sendAt").asText()).atZone(berlin);
        assertThat(sendAt.getHour()).as("in her active hour").isEqualTo(12);
        assertThat(sendAt.toInstant()).isAfterOrEqualTo(before.truncatedTo(ChronoUnit.SECONDS))
                .isBefore(before.plus(Duration.ofHours(25)));
    }

    @Test
    void aBadPreviewBodyNamesTheField() throws Exception {
        HttpResponse<String> response = send(post("/api/signals/preview", "{\"type\":\"KNOWN_ISSUE\"}"), API_TOKEN);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"severity\"");
    }

    @Test
    void theDecisionsOfOneContactAreListedNewestFirst() throws Exception {
        Instant earlier = Instant.parse("2026-11-20T09:14:00Z");
        ledger.record(entry("jane@acme.example", LedgerEntry.Decision.SENT, earlier));
        ledger.record(entry("jane@acme.example", LedgerEntry.Decision.DEFERRED, earlier.plus(Duration.ofDays(1))));
        ledger.record(entry("max@acme.example", LedgerEntry.Decision.SUPPRESSED, earlier));

        assertThat(send(get("/api/decisions?contact=jane@acme.example"), null).statusCode()).isEqualTo(401);
        HttpResponse<String> response = send(get("/api/decisions?contact=Jane@Acme.example"), API_TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.path("contact").asText()).isEqualTo("jane@acme.example");
        JsonNode newest = json.path("decisions").get(0);
        assertThat(json.path("decisions")).hasSize(2);
        assertThat(newest.path("decision").asText()).isEqualTo("DEFERRED");
        assertThat(json.path("decisions").get(1).path("decision").asText()).isEqualTo("SENT");
        List<String> fields = new ArrayList<>();
        newest.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("signalId", "signalType", "recordId", "channel", "decision", "reasonCode",
                "reason", "summary", "occurredAt");
        assertThat(newest.path("occurredAt").asText()).isEqualTo("2026-11-21T09:14:00Z");
        assertThat(newest.path("reasonCode").asText()).isEqualTo("QUIET_HOURS");

        assertThat(send(get("/api/decisions"), API_TOKEN).statusCode()).isEqualTo(400);
    }

    private static LedgerEntry entry(String email, LedgerEntry.Decision decision, Instant at) {
        return new LedgerEntry(email, "sig-0", "ORDER_DELAY", "801A", "intercom", decision,
                decision == LedgerEntry.Decision.SENT ? null : "QUIET_HOURS",
                decision == LedgerEntry.Decision.SENT ? null : "Deferred to 08:00 Europe/Berlin.",
                "Order 00123 is late", at);
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
