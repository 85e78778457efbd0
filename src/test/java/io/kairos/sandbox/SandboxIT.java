package io.kairos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.support.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's first run, as a test: the sandbox profile, no configuration at all, and the sample scripts, in the
 * README's order: a signed webhook puts Kairos's note on Omar's simulated ticket about the sync problem, then a
 * manual signal about that known issue reaches the product's other owners in Intercom, while Omar, whose ticket is
 * open, gets an internal note on it instead; and an Intercom conversation becomes an enriched ticket that follows
 * its reply and close. The Zendesk sidebar app's token then shows Omar's context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("sandbox")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxIT {

    private static final int PORT = FreePorts.any();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONVERSATION = "7700001";
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private JdbcTemplate jdbc;

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        // Smaller than the seeded audiences, so the signal's audience is read through queryMore as well.
        registry.add("sandbox.salesforce.page-size", () -> 2);
        // Quiet hours off: these tests run at any hour and expect messages to go out at once.
        registry.add("kairos.timing.quiet-start", () -> "00:00");
        registry.add("kairos.timing.quiet-end", () -> "00:00");
        registry.add("kairos.db.url", () -> "jdbc:h2:mem:sandbox-it;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    @Test
    @Order(1)
    void theSampleWebhookEnrichesTheSimulatedTicket() throws Exception {
        Process script = new ProcessBuilder(List.of("bash", "scripts/send-sample-webhook.sh", "35437",
                "http://localhost:" + PORT)).directory(Path.of(".").toFile()).redirectErrorStream(true).start();
        String printed = new String(script.getInputStream().readAllBytes());
        assertThat(script.waitFor()).isZero();
        assertThat(printed).contains("HTTP/1.1 202").contains("\"status\":\"accepted\"");

        await().atMost(Duration.ofSeconds(20)).until(() -> get("/sandbox/zendesk/api/v2/tickets/35437/comments.json")
                .contains("Kairos · Salesforce context"));
        String comments = get("/sandbox/zendesk/api/v2/tickets/35437/comments.json");
        assertThat(comments).contains("Who: Omar Haddad <omar@globex.example> · Globex Inc · Tier: Silver")
                .contains("KI-0042").contains("\"public\":false");
        String ticket = get("/sandbox/zendesk/api/v2/tickets/35437.json");
        assertThat(ticket).contains("\"problem_id\":99").contains("\"type\":\"incident\"")
                .contains("kairos_known_issue");
    }

    @Test
    @Order(2)
    void theSampleSignalReachesTheSyncAppOwnersInTheSimulatedIntercomExceptOmarWhoseTicketIsOpen() throws Exception {
        Process script = new ProcessBuilder(List.of("bash", "scripts/send-sample-signal.sh",
                "http://localhost:" + PORT)).directory(Path.of(".").toFile()).redirectErrorStream(true).start();
        String printed = new String(script.getInputStream().readAllBytes());
        assertThat(script.waitFor()).isZero();
        assertThat(printed).contains("HTTP/1.1 202").contains("\"signalId\"").contains("/sandbox/intercom/messages");

        List<String> owners = List.of("priya@globex.example", "claire@initech.example");
        await().atMost(Duration.ofSeconds(30)).until(() -> recipients().containsAll(owners)
                && get("/sandbox/zendesk/api/v2/tickets/35437/comments.json").contains("proactive message held back"));

        JsonNode messages = JSON.readTree(get("/sandbox/intercom/messages")).get("data");
        assertThat(get("/sandbox/zendesk/api/v2/tickets/35437/comments.json"))
                .contains("This customer (Omar Haddad <omar@globex.example>) is affected by KNOWN_ISSUE KI-0042");
        assertThat(recipients()).doesNotHaveDuplicates().doesNotContain("marc@initech.example", "omar@globex.example")
                .doesNotContain("jane@acme.example", "klaus@acme.example", "nobody@unknown.example");
        for (JsonNode message : messages) {
            assertThat(message.get("message_type").asText()).isEqualTo("email");
            assertThat(message.get("subject").asText()).isEqualTo("Sync fails on Android 14");
            assertThat(message.get("body").asText()).contains("Sync App").contains("Sync fails on Android 14");
            assertThat(message.get("owner").get("id").asText()).isEqualTo("1");
        }
        assertThat(messages).filteredOn(m -> m.get("to").get("email").asText().equals("claire@initech.example"))
                .singleElement().satisfies(m -> assertThat(m.get("body").asText()).contains("Hi Claire")
                        .contains("Initech SARL"));
    }

    @Test
    @Order(3)
    void theAdminSignsInWithTheSandboxCredentialsAndSeesWhyOmarGotNoMessage() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:sandbox-admin".getBytes(
                StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT
                + "/admin/api/timeline?email=omar@globex.example")).header("Authorization", basic).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode timeline = JSON.readTree(response.body());
        assertThat(timeline.path("tickets").get(0).path("ticketId").asLong()).isEqualTo(35437);
        assertThat(timeline.path("signals").get(0).path("verdict").asText())
                .isEqualTo("Not told: their open ticket #35437 got an internal note instead.");
    }

    @Test
    @Order(4)
    void theSidebarAppsTokenShowsOmarsContextAndWhatKairosDecidedForHim() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT
                + "/api/agent/context?ticket=35437")).header("Authorization", "Bearer sandbox-agent-token").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode context = JSON.readTree(response.body());
        assertThat(context.path("requester").path("email").asText()).isEqualTo("omar@globex.example");
        assertThat(context.path("customer").path("account").asText()).isEqualTo("Globex Inc");
        assertThat(context.path("knownIssues").get(0).path("name").asText()).isEqualTo("KI-0042");
        assertThat(context.path("timeline").get(0).path("decision").asText()).isEqualTo("NOTED");
    }

    @Test
    void theSampleIntercomConversationBecomesAnEnrichedTicketThatFollowsTheConversation() throws Exception {
        assertThat(intercomScript("created")).contains("HTTP/1.1 202").contains("\"status\":\"accepted\"");

        String byExternalId = "/sandbox/zendesk/api/v2/tickets.json?external_id=intercom-conversation-" + CONVERSATION;
        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(get(byExternalId)).get("tickets").size() == 1);
        JsonNode ticket = JSON.readTree(get(byExternalId)).get("tickets").get(0);
        long id = ticket.get("id").asLong();
        assertThat(ticket.get("requester_id").asLong()).as("Jane, the seeded Zendesk user").isEqualTo(9001);
        assertThat(ticket.get("subject").asText())
                .isEqualTo("Hi, my Widget Pro order still has not arrived. Can you check?");
        String comments = "/sandbox/zendesk/api/v2/tickets/" + id + "/comments.json";
        await().atMost(Duration.ofSeconds(20)).until(() -> get(comments).contains("Kairos · Salesforce context"));
        assertThat(get(comments)).contains("Who: Jane Doe <jane@acme.example> · Acme GmbH · Tier: Gold")
                .contains("Orders at risk: 00000123 Delayed");
        assertThat(JSON.readTree(get("/sandbox/zendesk/api/v2/tickets/" + id + ".json")).get("ticket").get("tags"))
                .extracting(JsonNode::asText).contains("kairos_source_intercom", "kairos_enriched", "kairos_tier_gold");

        assertThat(intercomScript("replied")).contains("HTTP/1.1 202");
        await().atMost(Duration.ofSeconds(20)).until(() -> get(comments).contains("The order number is 00000123"));
        JsonNode reply = null;
        for (JsonNode comment : JSON.readTree(get(comments)).get("comments")) {
            if (comment.get("body").asText().contains("The order number is 00000123")) {
                reply = comment;
            }
        }
        assertThat(reply.get("public").asBoolean()).isTrue();
        assertThat(reply.get("author_id").asLong()).as("written as the requester").isEqualTo(9001);

        assertThat(intercomScript("closed")).contains("HTTP/1.1 202");
        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(
                get("/sandbox/zendesk/api/v2/tickets/" + id + ".json")).get("ticket").get("status").asText()
                .equals("solved"));
        assertThat(intercomScript("created")).as("the same conversation again").contains("HTTP/1.1 202");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("select count(*) from inbox_event "
                + "where source = 'intercom' and status = 'SKIPPED'", Integer.class) == 1);
        assertThat(JSON.readTree(get(byExternalId)).get("tickets")).as("still one ticket").hasSize(1);
    }

    private String intercomScript(String what) throws IOException, InterruptedException {
        Process script = new ProcessBuilder(List.of("bash", "scripts/send-sample-intercom-webhook.sh", what,
                CONVERSATION, "http://localhost:" + PORT)).directory(Path.of(".").toFile()).redirectErrorStream(true)
                .start();
        String printed = new String(script.getInputStream().readAllBytes());
        assertThat(script.waitFor()).as(printed).isZero();
        return printed;
    }

    private List<String> recipients() throws IOException, InterruptedException {
        List<String> emails = new ArrayList<>();
        JSON.readTree(get("/sandbox/intercom/messages")).get("data")
                .forEach(message -> emails.add(message.get("to").get("email").asText()));
        return emails;
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
                .header("Authorization", "Basic YWdlbnRAc2FuZGJveC5leGFtcGxlL3Rva2VuOng=").build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

}
