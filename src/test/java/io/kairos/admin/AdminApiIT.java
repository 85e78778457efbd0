package io.kairos.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.support.ControlGroupSeed;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Every admin JSON endpoint on the whole app: 401 without the admin's credentials, and what each answers. */
class AdminApiIT extends KairosAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private LoginThrottle throttle;

    private AdminFixtures fixtures;

    @BeforeEach
    void fixtures() {
        throttle.clear();
        fixtures = new AdminFixtures(jdbc);
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("GET", "/admin/api/timeline?email=jane@acme.example"),
                Arguments.of("GET", "/admin/api/signals"),
                Arguments.of("GET", "/admin/api/signals/sig-1"),
                Arguments.of("POST", "/admin/api/signals/preview"),
                Arguments.of("GET", "/admin/api/outbox"),
                Arguments.of("POST", "/admin/api/outbox/1/replay"),
                Arguments.of("GET", "/admin/api/dead-letters"),
                Arguments.of("GET", "/admin/api/dead-letters/1"),
                Arguments.of("POST", "/admin/api/dead-letters/1/replay"),
                Arguments.of("POST", "/admin/api/dead-letters/replay"),
                Arguments.of("GET", "/admin/api/replays"),
                Arguments.of("GET", "/admin/api/impact"),
                Arguments.of("GET", "/admin/api/impact.csv"),
                Arguments.of("GET", "/admin/api/impact/control-groups"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void everyEndpointAnswers401WithoutTheAdminsCredentials(String method, String path) throws Exception {
        long letter = fixtures.deadLetter("zendesk", "e-1", "ticket.created", "Zendesk 422", "{}", NOW);
        String realPath = path.replace("/1/", "/" + letter + "/").replaceAll("/1$", "/" + letter);

        HttpResponse<String> none = send(method, realPath, "{\"ids\":[" + letter + "]}", null);
        HttpResponse<String> wrong = send(method, realPath, "{\"ids\":[" + letter + "]}",
                basic(ADMIN_USER, "not-the-password"));
        HttpResponse<String> apiToken = send(method, realPath, "{\"ids\":[" + letter + "]}", "Bearer " + API_TOKEN);

        for (HttpResponse<String> response : List.of(none, wrong, apiToken)) {
            assertThat(response.statusCode()).as(method + " " + realPath).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Basic"));
            assertThat(response.body()).contains("\"error\":\"unauthorized\"");
        }
        assertThat(jdbc.queryForObject("select count(*) from dead_letter where replayed_at is null", Integer.class))
                .as("nothing was replayed").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from ledger_entry", Integer.class)).isZero();
    }

    @Test
    void repeatedWrongPasswordsAreRefusedWith429EvenWithTheRightOneThen() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(send("GET", "/admin/api/signals", null, basic(ADMIN_USER, "guess-" + i)).statusCode())
                    .isEqualTo(401);
        }
        assertThat(send("GET", "/admin/api/signals", null, basic(ADMIN_USER, "guess-4")).statusCode()).isEqualTo(401);

        HttpResponse<String> refused = send("GET", "/admin/api/signals", null, admin());

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 300L);
        throttle.clear();
        assertThat(send("GET", "/admin/api/signals", null, admin()).statusCode()).isEqualTo(200);
    }

    @Test
    void theTimelineTellsWhyACustomerWasNotTold() throws Exception {
        fixtures.signal("sig-ki", "KNOWN_ISSUE", "KI-0042", "Sync App", "Sync fails", NOW.minus(Duration.ofHours(3)));
        fixtures.signal("sig-od", "ORDER_DELAY", "801A", null, "Order late", NOW.minus(Duration.ofHours(2)));
        fixtures.message("sig-ki", "jane@acme.example", "intercom", "SUPPRESSED", "OPTED_OUT",
                "the contact opted out of email.", NOW.minus(Duration.ofHours(3)));
        fixtures.message("sig-od", "jane@acme.example", "intercom", "SENT", null, null,
                NOW.minus(Duration.ofHours(2)));
        fixtures.ledger("jane@acme.example", "sig-ki", "KNOWN_ISSUE", "KI-0042", "intercom", "SUPPRESSED",
                "OPTED_OUT", "the contact opted out of email.", NOW.minus(Duration.ofHours(3)));
        fixtures.ledger("jane@acme.example", "sig-od", "ORDER_DELAY", "801A", "intercom", "SENT", null, null,
                NOW.minus(Duration.ofHours(2)));
        fixtures.ticket(35436, "jane@acme.example", "Where is my order?", "open", NOW.minus(Duration.ofHours(1)),
                "ORDER_DELAY:801A");
        fixtures.ledger("max@acme.example", "sig-ki", "KNOWN_ISSUE", "KI-0042", "intercom", "SENT", null, null, NOW);

        HttpResponse<String> response = send("GET", "/admin/api/timeline?email=Jane@Acme.example", null, admin());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.path("email").asText()).isEqualTo("jane@acme.example");
        assertThat(json.path("tickets").get(0).path("ticketId").asLong()).isEqualTo(35436);
        assertThat(json.path("tickets").get(0).path("topics").get(0).asText()).isEqualTo("ORDER_DELAY:801A");
        List<String> verdicts = new ArrayList<>();
        json.path("signals").forEach(s -> verdicts.add(s.path("signalId").asText() + ": " + s.path("verdict").asText()));
        assertThat(verdicts).hasSize(2);
        assertThat(verdicts.get(0)).startsWith("sig-od: Told: sent by intercom");
        assertThat(verdicts.get(1)).isEqualTo("sig-ki: Not told: the contact opted out of email.");
        assertThat(json.path("decisions")).hasSize(2);
        List<String> kinds = new ArrayList<>();
        json.path("events").forEach(e -> kinds.add(e.path("kind").asText()));
        assertThat(kinds).containsExactly("ticket", "signal", "decision", "signal", "decision");

        assertThat(send("GET", "/admin/api/timeline", null, admin()).statusCode()).isEqualTo(400);
    }

    @Test
    void signalsShowTheirAudienceAndTotalsByDecisionReason() throws Exception {
        fixtures.signal("sig-ki", "KNOWN_ISSUE", "KI-0042", "Sync App", "Sync fails", NOW);
        fixtures.message("sig-ki", "a@x.example", "intercom", "SENT", null, null, NOW);
        fixtures.message("sig-ki", "b@x.example", "intercom", "SENT", null, null, NOW);
        fixtures.message("sig-ki", "c@x.example", "intercom", "SUPPRESSED", "OPTED_OUT", "opted out", NOW);

        JsonNode list = JSON.readTree(send("GET", "/admin/api/signals", null, admin()).body());
        JsonNode one = JSON.readTree(send("GET", "/admin/api/signals/sig-ki", null, admin()).body());

        assertThat(list.path("signals")).hasSize(1);
        assertThat(one.path("audience").asLong()).isEqualTo(3);
        List<String> totals = new ArrayList<>();
        one.path("totals").forEach(t -> totals.add(t.path("status").asText() + "/" + t.path("reasonCode").asText("-")
                + "=" + t.path("messages").asLong()));
        assertThat(totals).containsExactly("SENT/-=2", "SUPPRESSED/OPTED_OUT=1");
        assertThat(send("GET", "/admin/api/signals/nope", null, admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void thePreviewDecidesForTheAudienceAndStoresNothing() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.SYNC_APP_OWNERS, 200,
                "audience-known-issue-sync-app.json");
        String body = "{\"type\":\"KNOWN_ISSUE\",\"recordId\":\"KI-0042\",\"severity\":\"HIGH\","
                + "\"title\":\"Sync fails\",\"product\":\"Sync App\"}";

        HttpResponse<String> response = send("POST", "/admin/api/signals/preview", body, admin());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.path("recipientCount").asInt()).isEqualTo(3);
        assertThat(json.path("totals").path("OPTED_OUT").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from signal", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from outbox_message", Integer.class)).isZero();
        HttpResponse<String> invalid = send("POST", "/admin/api/signals/preview", "{\"type\":\"KNOWN_ISSUE\"}",
                admin());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("\"field\":\"severity\"");
    }

    @Test
    void anUnreconciledMessageIsListedAndItsReplayIsInTheLedger() throws Exception {
        fixtures.signal("sig-od", "ORDER_DELAY", "801A", null, "Order late", NOW);
        long id = fixtures.message("sig-od", "jane@acme.example", "intercom", "NEEDS_RECONCILE", "OUTCOME_UNKNOWN",
                "read timeout after the request went out", NOW.minus(Duration.ofMinutes(5)));
        fixtures.message("sig-od", "due@acme.example", "intercom", "PLANNED", null, null,
                NOW.minus(Duration.ofMinutes(30)));

        JsonNode outbox = JSON.readTree(send("GET", "/admin/api/outbox", null, admin()).body());

        assertThat(outbox.path("byStatus").path("NEEDS_RECONCILE").asLong()).isEqualTo(1);
        assertThat(outbox.path("needsReconcile").get(0).path("id").asLong()).isEqualTo(id);
        assertThat(outbox.path("oldestDueSeconds").asLong()).isGreaterThanOrEqualTo(30 * 60);

        assertThat(send("POST", "/admin/api/outbox/" + id + "/replay", "", admin()).statusCode()).isEqualTo(202);
        assertThat(send("POST", "/admin/api/outbox/" + id + "/replay", "", admin()).statusCode()).isEqualTo(404);

        assertThat(jdbc.queryForObject("select status from outbox_message where id = ?", String.class, id))
                .isIn("PLANNED", "CLAIMED", "SENDING", "FAILED", "SENT");
        assertThat(jdbc.queryForList("select reason from ledger_entry where decision = 'REPLAYED'", String.class))
                .containsExactly("Replayed by admin '" + ADMIN_USER + "': the message was NEEDS_RECONCILE "
                        + "(OUTCOME_UNKNOWN) and is planned to be sent again.");
    }

    @Test
    void deadLettersAreFilteredShownMaskedAndReplayedOneOrMany() throws Exception {
        fixtures.signal("sig-od", "ORDER_DELAY", "801A", null, "Order late", NOW);
        long outbox = fixtures.failedMessage("sig-od", "ORDER_DELAY", "801A", "jane@acme.example",
                NOW.minus(Duration.ofMinutes(3)));
        long zendesk = fixtures.deadLetter("zendesk", "01HNX", "ticket.created",
                "ZendeskResponseException: 422 Unprocessable", "{\"ticket_id\":\"35436\",\"api_token\":\"abc123\","
                        + "\"note\":\"call failed: token=zd-secret-9\"}", NOW.minus(Duration.ofMinutes(2)));
        long intercom = fixtures.deadLetter("intercom", "n-1", "conversation.user.replied",
                "waited 1h for the Zendesk ticket", "{}", NOW.minus(Duration.ofMinutes(1)));

        JsonNode all = JSON.readTree(send("GET", "/admin/api/dead-letters", null, admin()).body());
        JsonNode byReason = JSON.readTree(send("GET", "/admin/api/dead-letters?reason=unprocessABLE", null,
                admin()).body());
        JsonNode bySource = JSON.readTree(send("GET", "/admin/api/dead-letters?source=outbox", null, admin()).body());
        JsonNode detail = JSON.readTree(send("GET", "/admin/api/dead-letters/" + zendesk, null, admin()).body());

        assertThat(ids(all.path("deadLetters"))).containsExactly(intercom, zendesk, outbox);
        assertThat(all.path("openBySource").path("zendesk").asLong()).isEqualTo(1);
        assertThat(ids(byReason.path("deadLetters"))).containsExactly(zendesk);
        assertThat(ids(bySource.path("deadLetters"))).containsExactly(outbox);
        assertThat(detail.path("correlationId").asText()).isEqualTo("cid-01HNX");
        assertThat(detail.path("payload").asText()).contains("\"api_token\" : \"***\"").contains("token=***")
                .doesNotContain("abc123").doesNotContain("zd-secret-9");

        HttpResponse<String> one = send("POST", "/admin/api/dead-letters/" + outbox + "/replay", "", admin());
        assertThat(one.statusCode()).isEqualTo(202);
        JsonNode outboxDetail = JSON.readTree(send("GET", "/admin/api/dead-letters/" + outbox, null, admin()).body());
        List<String> story = new ArrayList<>();
        outboxDetail.path("ledger").forEach(e -> story.add(e.path("decision").asText()));
        assertThat(story).containsExactly("REPLAYED", "FAILED");
        assertThat(outboxDetail.path("payload").asText()).contains("\"accessToken\" : \"***\"")
                .doesNotContain("tok-secret-123");

        HttpResponse<String> many = send("POST", "/admin/api/dead-letters/replay",
                "{\"ids\":[" + zendesk + "," + intercom + "," + outbox + "]}", admin());
        assertThat(many.statusCode()).isEqualTo(200);
        JsonNode result = JSON.readTree(many.body());
        assertThat(ids(result.path("replayed"))).containsExactly(zendesk, intercom);
        assertThat(ids(result.path("notOpen"))).containsExactly(outbox);
        JsonNode replays = JSON.readTree(send("GET", "/admin/api/replays", null, admin()).body());
        assertThat(replays.path("replays")).hasSize(3);
        assertThat(replays.path("replays").get(0).path("reason").asText())
                .startsWith("Replayed by admin '" + ADMIN_USER + "': dead letter #");
        assertThat(send("POST", "/admin/api/dead-letters/replay", "{\"ids\":[]}", admin()).statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/admin/api/dead-letters/999999", null, admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void theImpactComparesNotifiedAndNotNotifiedCustomers() throws Exception {
        Instant received = NOW.minus(Duration.ofDays(10));
        fixtures.signal("sig-od", "ORDER_DELAY", "801A", null, "Order late", received);
        fixtures.message("sig-od", "told@x.example", "intercom", "SENT", null, null, received);
        fixtures.message("sig-od", "told2@x.example", "intercom", "SENT", null, null, received);
        fixtures.message("sig-od", "quiet@x.example", "intercom", "SUPPRESSED", "OPTED_OUT", "opted out", received);
        fixtures.message("sig-od", "held@x.example", "zendesk_note", "NOTED", "OPEN_TICKET", "held", received);
        fixtures.ledger("told@x.example", "sig-od", "ORDER_DELAY", "801A", "intercom", "SENT", null, null, received);
        fixtures.ticket(1, "quiet@x.example", "Where is my order?", "open", received.plus(Duration.ofDays(2)),
                "ORDER_DELAY:801A");
        fixtures.ticket(2, "told2@x.example", "Where is my order?", "open", received.plus(Duration.ofDays(9)),
                "ORDER_DELAY:801A");

        HttpResponse<String> response = send("GET", "/admin/api/impact?days=14&within=7", null, admin());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.path("perDay")).hasSize(14);
        JsonNode sentDay = json.path("perDay").get(3);
        assertThat(sentDay.path("day").asText()).isEqualTo(LocalDate.ofInstant(received, ZoneOffset.UTC).toString());
        assertThat(sentDay.path("proactive").asLong()).isEqualTo(1);
        JsonNode signal = json.path("signals").get(0);
        assertThat(signal.path("measurable").asBoolean()).isTrue();
        assertThat(signal.path("notified").path("customers").asLong()).isEqualTo(2);
        assertThat(signal.path("notified").path("ticketed").asLong()).as("day 9 is past the 7 days").isZero();
        assertThat(signal.path("notNotified").path("customers").asLong()).isEqualTo(1);
        assertThat(signal.path("notNotified").path("share").asDouble()).isEqualTo(1.0);
        assertThat(signal.path("leftOut").asLong()).isEqualTo(1);
        assertThat(json.path("byType").get(0).path("type").asText()).isEqualTo("ORDER_DELAY");
    }

    @Test
    void theControlGroupsComeAsCsvARowPerKindAndPerSignal() throws Exception {
        Instant received = NOW.minus(Duration.ofDays(10));
        ControlGroupSeed seed = new ControlGroupSeed(jdbc);
        seed.signal("sig-ki", "KNOWN_ISSUE", "KI-0042", "=Sync fails, \"again\"", received);
        seed.signal("sig-out", "OUTAGE", null, "Down", received);
        seed.ledger("held", 100, "sig-ki", "HELD_OUT", received);
        seed.ledger("told", 200, "sig-ki", "SENT", received);
        seed.ledger("told", 3, "sig-out", "SENT", received);
        seed.ledger("held", 1, "sig-out", "HELD_OUT", received);
        seed.tickets("held", 1, 30, received.plus(Duration.ofDays(1)), List.of("KNOWN_ISSUE_NAME:ki-0042"));
        seed.tickets("told", 1, 20, received.plus(Duration.ofDays(1)), List.of("KNOWN_ISSUE_ID:KI-0042"));
        // The send-time experiment of another signal: 120 at the active hour (12 ticketed), 100 at once (25).
        seed.signal("sig-st", "ORDER_DELAY", "801A", "Order 801A is late", received);
        seed.ledger("active", 120, "sig-st", "SENT", null, "send-time:active", received);
        seed.ledger("once", 100, "sig-st", "SENT", "LANGUAGE_FALLBACK", "send-time:at-once", received);
        seed.tickets("active", 1, 12, received.plus(Duration.ofDays(1)), List.of("ORDER_DELAY:801A"));
        seed.tickets("once", 1, 25, received.plus(Duration.ofDays(1)), List.of("ORDER_DELAY:801A"));

        HttpResponse<String> response = send("GET", "/admin/api/impact.csv?days=14&within=7", null, admin());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/csv"));
        List<String> lines = List.of(response.body().split("\r\n"));
        assertThat(response.body()).endsWith("\r\n");
        assertThat(lines).hasSize(7);
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).startsWith("level", "kind", "signal_id").contains("about_reduction_low",
                "any_tickets_avoided").endsWith("experiment");
        List<String> sendTime = fields(lines.stream().filter(l -> l.startsWith("kind,ORDER_DELAY,")).findFirst()
                .orElseThrow());
        assertThat(sendTime).hasSameSizeAs(header);
        assertThat(sendTime.get(header.indexOf("experiment"))).isEqualTo("send-time");
        assertThat(sendTime.get(header.indexOf("about_notified"))).as("at the active hour").isEqualTo("120");
        assertThat(sendTime.get(header.indexOf("about_notified_share"))).isEqualTo("0.1000");
        assertThat(sendTime.get(header.indexOf("about_held_out"))).as("at once").isEqualTo("100");
        assertThat(sendTime.get(header.indexOf("about_held_out_share"))).isEqualTo("0.2500");
        assertThat(sendTime.get(header.indexOf("about_reduction"))).isEqualTo("0.1500");
        assertThat(sendTime.get(header.indexOf("about_tickets_avoided"))).isEqualTo("18.0");
        assertThat(header).contains("answered_notified", "answered_held_out_share", "answered_note");
        assertThat(sendTime.get(header.indexOf("answered_notified"))).as("no outbox row: nothing went through "
                + "Intercom, so nothing could be answered").isEmpty();
        assertThat(lines).filteredOn(l -> l.startsWith("signal,ORDER_DELAY,sig-st,")).singleElement()
                .satisfies(l -> assertThat(l).endsWith(",send-time"));
        assertThat(lines).filteredOn(l -> l.contains("KNOWN_ISSUE") || l.contains("OUTAGE"))
                .allSatisfy(l -> assertThat(l).endsWith(",control-group"));
        List<String> kind = fields(lines.stream().filter(l -> l.startsWith("kind,KNOWN_ISSUE,")).findFirst()
                .orElseThrow());
        assertThat(kind).hasSameSizeAs(header);
        assertThat(kind.get(header.indexOf("about_notified"))).isEqualTo("200");
        assertThat(kind.get(header.indexOf("about_notified_share"))).isEqualTo("0.1000");
        assertThat(kind.get(header.indexOf("about_held_out_share"))).isEqualTo("0.3000");
        assertThat(kind.get(header.indexOf("about_reduction"))).isEqualTo("0.2000");
        assertThat(kind.get(header.indexOf("about_tickets_avoided"))).isEqualTo("40.0");
        assertThat(kind.get(header.indexOf("about_enough"))).isEqualTo("true");
        List<String> signal = fields(lines.stream().filter(l -> l.startsWith("signal,KNOWN_ISSUE,")).findFirst()
                .orElseThrow());
        assertThat(signal.get(header.indexOf("title"))).as("quoted, quotes doubled, no formula")
                .isEqualTo("'=Sync fails, \"again\"");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"'=Sync fails, \"\"again\"\"\""));
        List<String> outage = fields(lines.stream().filter(l -> l.startsWith("kind,OUTAGE,")).findFirst()
                .orElseThrow());
        assertThat(outage.get(header.indexOf("about_notified"))).as("no ticket is about an outage").isEmpty();
        assertThat(outage.get(header.indexOf("any_held_out"))).isEqualTo("1");
        assertThat(outage.get(header.indexOf("any_note"))).isEqualTo("not enough data yet: 1 held out, 100 needed");

        JsonNode json = JSON.readTree(send("GET", "/admin/api/impact/control-groups?days=14&within=7", null,
                admin()).body());
        assertThat(json.path("minGroupSize").asInt()).isEqualTo(100);
        assertThat(json.path("kinds").findValuesAsText("kind")).contains("KNOWN_ISSUE", "OUTAGE")
                .doesNotContain("ORDER_DELAY");
        JsonNode sendTimeJson = JSON.readTree(send("GET", "/admin/api/impact/control-groups?days=14&within=7"
                + "&experiment=send-time", null, admin()).body());
        assertThat(sendTimeJson.path("experiment").asText()).isEqualTo("SEND_TIME");
        assertThat(sendTimeJson.path("note").asText()).isEqualTo("read: not measured — Intercom does not report "
                + "reads by webhook");
        assertThat(sendTimeJson.path("kinds").findValuesAsText("kind")).containsOnly("ORDER_DELAY");
        HttpResponse<String> unknown = send("GET", "/admin/api/impact/control-groups?experiment=colour", null,
                admin());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("experiment must be control-group or send-time");
    }

    /** The fields of one CSV line as RFC 4180 reads them (no line breaks inside fields here). */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.has("id") ? node.path("id").asLong() : node.asLong()));
        return ids;
    }

    private static String admin() {
        return basic(ADMIN_USER, ADMIN_PASSWORD);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
