package io.kairos.proactive;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.support.ConfigRoots;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A catalog that says, per kind, what the note on an open ticket says (open-tickets.note) and which template a
 * language uses (message.locales): with Jane's ticket 35436 open about her delayed order (as in
 * {@link OpenTicketHoldIT}) and her helpdesk locale German, the held-back delay becomes the kind's own note in
 * German on that ticket, and a preview shows the language the catalog's locale gave her.
 */
// Closed after the class: it has a config root of its own, and its inbox poller would take other contexts' events.
@DirtiesContext
class OpenTicketNoteIT extends KairosAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = configRoot();

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    UserLocales userLocales;

    @DynamicPropertySource
    static void catalogWithNotesAndLocales(DynamicPropertyRegistry registry) {
        registry.add("kairos.config.root", ROOT::toString);
    }

    @BeforeEach
    void janesTicketIsOpenAndHerHelpdeskLocaleIsGerman() {
        janesTicket35436IsOpenAndEnriched();
        userLocales.remember(Map.of("jane@acme.example", "de-AT"));
    }

    @Test
    void aHeldBackDelayBecomesTheKindsOwnNoteInTheRecipientsLanguageOnTheOpenTicket() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, OpenTicketHoldIT.ORDER_AUDIENCE, 200, "audience-order-00000102.json");

        HttpResponse<String> raised = send("/api/signals", "{\"type\":\"ORDER_DELAY\",\"recordId\":\""
                + OpenTicketHoldIT.ORDER_ID + "\",\"severity\":\"NORMAL\",\"title\":\"Order 00000102 is late\"}");

        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "NOTED".equals(jdbc.queryForList(
                "select status from outbox_message", String.class).stream().findFirst().orElse(null)));
        ZENDESK.verify(1, putRequestedFor(urlEqualTo("/api/v2/tickets/35436.json"))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.body", containing(
                        "Kairos hat eine Nachricht zu Bestellung 00000102 (neuer Termin 2026-12-01) an Jane Doe "
                                + "zurückgehalten, weil Ticket #35436 offen ist."))));
        assertThat(jdbc.queryForMap("select channel, ticket_id from outbox_message"))
                .containsEntry("channel", Outbox.TICKET_NOTE).containsEntry("ticket_id", 35436L);
        JsonNode decisions = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/decisions?contact=jane@acme.example")).header("Authorization", "Bearer " + API_TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString()).body()).path("decisions");
        assertThat(decisions.get(0).path("decision").asText() + " " + decisions.get(0).path("reasonCode").asText())
                .isEqualTo("NOTED OPEN_TICKET");
    }

    @Test
    void thePreviewShowsTheLanguageACatalogLocaleGaveEachRecipient() throws Exception {
        SalesforceStubs.stubQuery(SALESFORCE, SignalsApiIT.SYNC_APP_OWNERS, 200, "audience-known-issue-sync-app.json");

        HttpResponse<String> preview = send("/api/signals/preview", OpenTicketHoldIT.KNOWN_ISSUE_SIGNAL);

        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        Map<String, String> languages = new LinkedHashMap<>();
        for (JsonNode r : JSON.readTree(preview.body()).path("recipients")) {
            languages.put(r.path("email").asText(), r.path("language").asText() + " · "
                    + r.path("languageNote").asText());
        }
        assertThat(languages).as("templates/known_issue has no .de file: the catalog's locale is what gives German")
                .containsEntry("jane@acme.example", "de · in de, the helpdesk user's locale de-AT")
                .containsEntry("max@acme.example", "en · in en, the default: no language known for the contact");
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + API_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The repository's routes, Kamelets and templates, and the example catalog where ORDER_DELAY has a note of its
     * own (in English and German) and KNOWN_ISSUE a German template named by a locale.
     */
    private static Path configRoot() {
        Path root = ConfigRoots.copyOfRepository();
        String catalog = ConfigRoots.example("signals.yaml")
                .replace("    sources: [order-change, platform-event, api]\n",
                        "    sources: [order-change, platform-event, api]\n"
                                + "    open-tickets:\n      note: order_delay_note\n")
                .replace("    audience: product-owners\n", "    audience: product-owners\n"
                        + "    message:\n      locales: { de: known_issue_de }\n");
        ConfigRoots.write(root, "config/signals.yaml", catalog);
        ConfigRoots.write(root, "templates/order_delay_note.mustache", "{{#body}}Kairos held back a "
                + "message about order {{{orderNumber}}} (new date {{{expectedDelivery}}}) to {{{name}}}, because "
                + "ticket #{{{ticketId}}} is open.{{/body}}");
        ConfigRoots.write(root, "templates/order_delay_note.de.mustache", "{{#body}}Kairos hat eine "
                + "Nachricht zu Bestellung {{{orderNumber}}} (neuer Termin {{{expectedDelivery}}}) an {{{name}}} "
                + "zurückgehalten, weil Ticket #{{{ticketId}}} offen ist.{{/body}}");
        ConfigRoots.write(root, "templates/known_issue_de.mustache", ConfigRoots.repositoryFile(
                "templates/known_issue.mustache").replace("Hi ", "Hallo ")
                .replace("We know about an issue", "Wir kennen ein Problem"));
        return root;
    }
}
