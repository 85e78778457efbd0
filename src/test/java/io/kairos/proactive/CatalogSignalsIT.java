package io.kairos.proactive;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.activity.ContactActivity;
import io.kairos.config.LiveConfiguration;
import io.kairos.support.ConfigRoots;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A kind ops defined in the signal catalog, through the whole app against the WireMock Salesforce: its scheduled
 * SOQL raises one signal per record, each planned for its account's contacts; and signals of it keep flowing, each
 * planned once, while the catalog is reloaded again and again; a kind with a holdout plans the contacts its draw
 * picks as HELD_OUT, and its preview shows who would be.
 */
// Closed after the class: a config root of its own, and its inbox poller must not take other contexts' events.
@DirtiesContext
class CatalogSignalsIT extends KairosAppTest {

    private static final String RENEWALS = "SELECT Id FROM Account WHERE Renewal_Date__c = NEXT_N_DAYS:30";
    private static final String KIND = """
              RENEWAL_DUE:
                description: "A renewal in 30 days: the account's contacts hear from us before the invoice."
                audience: account-contacts
                sources:
                  - api
                  - schedule:
                      every: 1d
                      soql: "%s"
                      title: "Your renewal is coming up"
                      severity: LOW
            """.formatted(RENEWALS);
    /** A kind with a control group of half its eligible contacts; delayed a day, so nothing is dispatched here. */
    private static final String SURVEY = """
              SURVEY_INVITE:
                description: "A satisfaction survey: half the account's contacts are not asked, to measure its effect."
                audience: account-contacts
                sources:
                  - api
                timing:
                  holdout: 50%
                  delay: 1d
            """;
    /** A kind running the send-time experiment: half the contacts send-time applies to go at once. */
    private static final String CHECK_IN = """
              CHECK_IN:
                description: "A check-in: half of those send-time applies to are sent at once, to measure send-time."
                audience: account-contacts
                sources:
                  - api
                timing:
                  send-time-holdout: 50%
            """;
    private static final String PANEL = "001000000000501AAA";
    private static final String CHECK_IN_PANEL = "001000000000502AAA";
    private static final String CHECK_IN_KEY = "check-in-2026-12";
    private static final String SURVEY_KEY = "survey-2026-12";
    private static final String HELD_OUT = "Held out: drawn into the control group of SURVEY_INVITE (50 % of eligible "
            + "contacts); not messaged, so the message's effect can be measured.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = root();

    @Autowired
    SignalSchedules schedules;

    @Autowired
    LiveConfiguration configuration;

    @Autowired
    ContactActivity activity;

    @Autowired
    Clock clock;

    @DynamicPropertySource
    static void configRoot(DynamicPropertyRegistry registry) {
        registry.add("kairos.config.root", ROOT::toString);
    }

    @Test
    void aScheduledQueryRaisesOneSignalPerRecordEachPlannedForItsAccountsContacts() {
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).withQueryParam("q", equalTo(RENEWALS))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"totalSize": 2, "done": true, "records": [
                          {"attributes": {"type": "Account"}, "Id": "001000000000301AAA"},
                          {"attributes": {"type": "Account"}, "Id": "001000000000302AAA"}]}""")));
        stubContactsOf("001000000000301AAA", "audience-outage-page-3.json");
        stubContactsOf("001000000000302AAA", "audience-known-issue-sync-app.json");

        assertThat(schedules.runDue()).as("signals stored").isEqualTo(2);
        assertThat(schedules.runDue()).as("not due again within the day").isZero();

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from signal where type = 'RENEWAL_DUE' and status = 'PLANNED'", Integer.class) == 2);
        assertThat(jdbc.queryForList("select record_id || ' ' || source || ' ' || title from signal order by record_id",
                String.class)).containsExactly("001000000000301AAA schedule Your renewal is coming up",
                "001000000000302AAA schedule Your renewal is coming up");
        assertThat(jdbc.queryForList("""
                select o.contact_email from outbox_message o join signal s on s.id = o.signal_id
                where s.record_id = '001000000000301AAA' order by o.contact_email""", String.class))
                .containsExactly("contact8@acme.example", "contact9@acme.example");
        assertThat(jdbc.queryForList("""
                select o.contact_email from outbox_message o join signal s on s.id = o.signal_id
                where s.record_id = '001000000000302AAA' order by o.contact_email""", String.class))
                .containsExactly("jane@acme.example", "li@globex.example", "max@acme.example");
    }

    @Test
    void signalsRaisedWhileTheCatalogIsReloadedAreEachPlannedOnce() throws Exception {
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", containing("AccountId = '0010000000004"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("audience-outage-page-3.json")));
        String catalog = ConfigRoots.example("signals.yaml") + KIND;
        String edited = catalog.replace("hear from us before the invoice", "hear from us first") + """
                  MAINTENANCE:
                    description: "Planned downtime, the day before."
                    audience: contacts-where
                """;
        AtomicBoolean raising = new AtomicBoolean(true);
        CompletableFuture<List<Integer>> raised = CompletableFuture.supplyAsync(() -> {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                statuses.add(raise("0010000000004%02dAAA".formatted(i)));
            }
            raising.set(false);
            return statuses;
        });

        int reloads = 0;
        while (raising.get() || reloads < 4) {
            ConfigRoots.write(ROOT, "config/signals.yaml", reloads % 2 == 0 ? edited : catalog);
            assertThat(configuration.reload()).as("reload " + reloads).isTrue();
            reloads++;
        }

        assertThat(raised.get()).hasSize(30).containsOnly(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from signal where type = 'RENEWAL_DUE' and status = 'PLANNED'", Integer.class) == 30);
        assertThat(jdbc.queryForObject("select count(*) from outbox_message", Integer.class))
                .as("two contacts per signal, each planned once").isEqualTo(60);
        assertThat(jdbc.queryForObject("select count(*) from dead_letter", Integer.class)).isZero();
    }

    @Test
    void aKindWithAHoldoutPlansTheDrawnContactsHeldOutAndThePreviewShowsWhoWouldBe() throws Exception {
        List<String> emails = IntStream.range(0, 40).mapToObj(i -> "member" + i + "@panel.example").toList();
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", containing("AccountId = '" + PANEL + "'"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(contacts(emails))));
        String body = "{\"type\":\"SURVEY_INVITE\",\"recordId\":\"" + PANEL + "\",\"severity\":\"LOW\","
                + "\"title\":\"How are we doing?\"}";

        HttpResponse<String> previewed = post("/api/signals/preview", body, SURVEY_KEY);
        assertThat(previewed.statusCode()).isEqualTo(200);
        JsonNode preview = JSON.readTree(previewed.body());
        List<JsonNode> lines = new ArrayList<>();
        preview.get("recipients").forEach(lines::add);
        List<JsonNode> wouldBeHeldOut = lines.stream().filter(l -> "HOLD_OUT".equals(l.get("decision").asText()))
                .toList();
        assertThat(preview.get("recipientCount").asInt()).isEqualTo(40);
        // Given the key the signal will be raised with, the preview draws exactly the signal's control group.
        Set<String> drawn = emails.stream().filter(e -> drawnAtHalf("manual:" + SURVEY_KEY, e))
                .collect(Collectors.toSet());
        assertThat(drawn).as("some held out, some told").isNotEmpty().hasSizeLessThan(40);
        assertThat(wouldBeHeldOut).allSatisfy(line -> {
            assertThat(line.get("reasonCode").asText()).isEqualTo("CONTROL_GROUP");
            assertThat(line.get("reason").asText()).isEqualTo(HELD_OUT);
            assertThat(line.has("sendAt")).isFalse();
        }).extracting(line -> line.get("email").asText()).containsExactlyInAnyOrderElementsOf(drawn);
        assertThat(lines).filteredOn(l -> !"HOLD_OUT".equals(l.get("decision").asText()))
                .allSatisfy(line -> assertThat(line.get("reasonCode").asText()).isEqualTo("DELAYED"));
        assertThat(preview.get("totals").get("CONTROL_GROUP").asInt()).isEqualTo(wouldBeHeldOut.size());
        assertThat(jdbc.queryForObject("select count(*) from outbox_message", Integer.class)).as("a dry run")
                .isZero();

        assertThat(post("/api/signals", body, SURVEY_KEY).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from signal where type = 'SURVEY_INVITE' and status = 'PLANNED'", Integer.class) == 1);
        Map<String, String> statuses = new HashMap<>();
        jdbc.query("select contact_email, status, reason_code from outbox_message", rs -> {
            statuses.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
        });
        assertThat(statuses).hasSize(40).allSatisfy((email, status) -> assertThat(status).as(email)
                .isEqualTo(drawn.contains(email) ? "HELD_OUT CONTROL_GROUP" : "PLANNED DELAYED"));
        assertThat(jdbc.queryForList("select contact_email from ledger_entry where decision = 'HELD_OUT' "
                + "and reason_code = 'CONTROL_GROUP' and reason = ?", String.class, HELD_OUT))
                .containsExactlyInAnyOrderElementsOf(drawn);
    }

    /**
     * Contacts active at every hour of the day (a day of actions two days ago, in Berlin), so send-time applies to
     * each whatever the hour now: the preview with the signal's key shows each one's arm, the at-once arm exactly
     * the contacts the README's salted draw picks, and the moment chosen for each.
     */
    @Test
    void thePreviewShowsTheSendTimeArmEachContactWillBeIn() throws Exception {
        // Another test reloads a catalog without this kind: put it back first (unchanged when this test runs first).
        ConfigRoots.write(ROOT, "config/signals.yaml", ConfigRoots.example("signals.yaml") + KIND + SURVEY + CHECK_IN);
        configuration.reload();
        List<String> emails = IntStream.range(0, 30).mapToObj(i -> "member" + i + "@check.example").toList();
        Instant dayBefore = clock.instant().minus(Duration.ofDays(2));
        for (String email : emails) {
            for (int hour = 0; hour < 24; hour++) {
                activity.seen("check-in-" + email + "-" + hour, email, null, "Europe/Berlin", null,
                        dayBefore.plus(Duration.ofHours(hour)));
            }
        }
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", containing("AccountId = '" + CHECK_IN_PANEL + "'"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(contacts(emails))));
        String body = "{\"type\":\"CHECK_IN\",\"recordId\":\"" + CHECK_IN_PANEL + "\",\"severity\":\"LOW\","
                + "\"title\":\"All good?\"}";

        HttpResponse<String> previewed = post("/api/signals/preview", body, CHECK_IN_KEY);

        assertThat(previewed.statusCode()).isEqualTo(200);
        JsonNode preview = JSON.readTree(previewed.body());
        Map<String, JsonNode> lines = new HashMap<>();
        preview.get("recipients").forEach(line -> lines.put(line.get("email").asText(), line));
        Set<String> atOnce = emails.stream().filter(e -> drawnAtHalf("send-time:manual:" + CHECK_IN_KEY, e))
                .collect(Collectors.toSet());
        assertThat(atOnce).as("some at once, some at their hour").isNotEmpty().hasSizeLessThan(30);
        assertThat(lines).hasSize(30).allSatisfy((email, line) -> {
            assertThat(line.get("experimentArm").asText()).as(email)
                    .isEqualTo(atOnce.contains(email) ? "send-time:at-once" : "send-time:active");
            assertThat(line.has("sendAt")).as("the chosen moment").isTrue();
        });
        lines.values().stream().filter(line -> "send-time:active".equals(line.get("experimentArm").asText()))
                .forEach(line -> assertThat(line.get("reasonCode").asText()).isEqualTo("SEND_TIME"));
        lines.values().stream().filter(line -> "send-time:at-once".equals(line.get("experimentArm").asText()))
                .forEach(line -> assertThat(line.get("reason").asText()).contains("send-time experiment")
                        .endsWith("(control)."));
        assertThat(preview.get("experimentArms").get("send-time:at-once").asInt()).isEqualTo(atOnce.size());
        assertThat(preview.get("experimentArms").get("send-time:active").asInt()).isEqualTo(30 - atOnce.size());
        assertThat(jdbc.queryForObject("select count(*) from outbox_message o join signal s on s.id = o.signal_id "
                + "where s.type = 'CHECK_IN'", Integer.class)).as("a dry run").isZero();
    }

    /**
     * The README's draw, computed here without Kairos's code: held out at 50 % when the first 8 bytes of
     * SHA-256("&lt;signal key&gt;:&lt;email&gt;"), unsigned, are below 2^63.
     */
    private static boolean drawnAtHalf(String signalKey, String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((signalKey + ":" + email).getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, Arrays.copyOf(digest, 8)).compareTo(BigInteger.ONE.shiftLeft(63)) < 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An audience page of Contacts as Salesforce answers the query, one per email, all in Berlin. */
    private static String contacts(List<String> emails) {
        ArrayNode records = JSON.createArrayNode();
        for (int i = 0; i < emails.size(); i++) {
            String id = "0030000000005%02dAAA".formatted(i);
            ObjectNode record = records.addObject();
            record.putObject("attributes").put("type", "Contact").put("url",
                    "/services/data/v62.0/sobjects/Contact/" + id);
            record.put("Id", id).put("Name", "Member " + i).put("Email", emails.get(i))
                    .put("Time_Zone__c", "Europe/Berlin").put("HasOptedOutOfEmail", false);
            record.putObject("Account").put("Name", "Panel GmbH").putObject("attributes").put("type", "Account");
        }
        ObjectNode page = JSON.createObjectNode().put("totalSize", emails.size()).put("done", true);
        page.set("records", records);
        return page.toString();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, null);
    }

    private HttpResponse<String> post(String path, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HttpClient.newHttpClient().send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void stubContactsOf(String accountId, String file) {
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", containing("AccountId = '" + accountId + "'"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile(file)));
    }

    private int raise(String accountId) {
        String body = "{\"type\":\"RENEWAL_DUE\",\"recordId\":\"" + accountId + "\",\"severity\":\"LOW\","
                + "\"title\":\"Your renewal is coming up\"}";
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/signals"))
                    .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path root() {
        Path root = ConfigRoots.copyOfRepository();
        ConfigRoots.write(root, "config/signals.yaml", ConfigRoots.example("signals.yaml") + KIND + SURVEY
                + CHECK_IN);
        ConfigRoots.write(root, "templates/renewal_due.mustache",
                "{{#body}}<p>Hi {{firstName}},</p><p>{{title}}{{#accountName}} for {{accountName}}{{/accountName}}."
                        + "</p>{{/body}}");
        ConfigRoots.write(root, "templates/maintenance.mustache", "{{#body}}<p>{{title}}</p>{{/body}}");
        ConfigRoots.write(root, "templates/check_in.mustache", "{{#body}}<p>Hi {{firstName}}, {{title}}</p>{{/body}}");
        ConfigRoots.write(root, "templates/survey_invite.mustache",
                "{{#body}}<p>Hi {{firstName}}, {{title}}</p>{{/body}}");
        return root;
    }
}
