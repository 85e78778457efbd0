package io.kairos.config;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.enrichment.EnrichmentRules;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.Signal;
import io.kairos.support.ConfigRoots;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SignedWebhooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Edits to the configuration files of a running Kairos: a checked edit applies without a restart; a bad file of
 * each kind is rejected naming file, line and what is wrong, and the running configuration keeps working.
 */
// Closed after the class: its inbox poller shares the in-memory store of the other whole-app tests and would take
// their events.
@DirtiesContext
class ConfigReloadIT extends KairosAppTest {

    private static final Path ROOT = ConfigRoots.copyOfRepository();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    LiveConfiguration configuration;

    @Autowired
    EnrichmentRules enrichment;

    @Autowired
    ProactiveRules proactive;

    @DynamicPropertySource
    static void configRoot(DynamicPropertyRegistry registry) {
        registry.add("kairos.config.root", ROOT::toString);
        // Each test stubs the org as it needs it: no describe answer is kept from one test to the next.
        registry.add("kairos.config.org-fields-ttl", () -> "0s");
    }

    @AfterEach
    void restoreFiles() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("config"))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        copyTemplates(ROOT);
        configuration.reload();
    }

    @Test
    void aCheckedEditAppliesWithoutARestart() {
        write("config/enrichment.yaml", "tag-prefix: acme_\n");

        assertThat(configuration.reload()).isTrue();

        assertThat(enrichment.current().tagPrefix()).isEqualTo("acme_");
        assertThat(ticketTagsAfterAWebhook("01HNX-CREATED-35436")).contains("\"acme_enriched\"");
    }

    @Test
    void aMappingAppliedLiveAsksSalesforceForTheFieldAndWritesItOntoTheNextTicket() {
        ticketTagsAfterAWebhook("01HNX-CREATED-35436");
        String mappedQuery = SalesforceStubs.contactQuery("jane@acme.example")
                .replace(" FROM Contact", ", Account.Industry, Account.Region__c FROM Contact");
        SalesforceStubs.stubQuery(SALESFORCE, mappedQuery, 200, "contact-jane-mapped.json");
        write("config/enrichment.yaml", """
                mappings:
                  - salesforce: Account.Industry
                    custom-field: 360004
                  - salesforce: Account.Region__c
                    tag: "region_{value}"
                """);

        assertThat(configuration.reload()).isTrue();
        ZENDESK.resetRequests();
        SALESFORCE.resetRequests();
        ticketUpdateAfterAWebhook(SignedWebhooks.fixture("ticket-created")
                .replace("01HNX-CREATED-35436", "01HNX-CREATED-35436-AGAIN"), "01HNX-CREATED-35436-AGAIN");

        // Jane's context from the first ticket is still in the cache, but it was looked up without the new fields.
        SALESFORCE.verify(1, getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", equalTo(mappedQuery)));
        ZENDESK.verify(1, putRequestedFor(urlEqualTo("/api/v2/tickets/35436.json"))
                .withRequestBody(matchingJsonPath("$.ticket.custom_fields[?(@.id == 360004)].value",
                        equalToJson("[\"Manufacturing\"]")))
                .withRequestBody(matchingJsonPath("$.ticket.custom_fields[?(@.id == 360001)].value",
                        equalToJson("[\"Gold\"]")))
                .withRequestBody(matchingJsonPath("$.ticket.tags[?(@ == 'kairos_region_emea_north')]"))
                .withRequestBody(matchingJsonPath("$.ticket.tags[?(@ == 'kairos_enriched')]")));
    }

    @Test
    void aYamlSyntaxErrorIsRejectedAndTheRunningConfigurationStays() {
        write("config/enrichment.yaml", "tag-prefix: acme_\ncustom-fields:\n  tier: 1\n   account: 2\n");

        assertThat(configuration.reload()).isFalse();

        assertThat(configuration.rejected()).extracting(ConfigProblem::toString).containsExactly(
                "config/enrichment.yaml:4: YAML syntax error: mapping values are not allowed here");
        assertTheOldConfigurationRuns();
    }

    @Test
    void anUnknownFieldIsRejectedAndTheRunningConfigurationStays() {
        write("config/enrichment.yaml", "tag-prefix: acme_\ntag-suffix: _x\n");

        assertThat(configuration.reload()).isFalse();

        assertThat(configuration.rejected()).extracting(ConfigProblem::toString).containsExactly(
                "config/enrichment.yaml:2: unknown field 'tag-suffix': the schema does not allow it");
        assertTheOldConfigurationRuns();
    }

    @Test
    void aWrongTypeIsRejectedAndTheRunningConfigurationStays() {
        write("config/enrichment.yaml", "tag-prefix: acme_\nledger-lines: three\n");

        assertThat(configuration.reload()).isFalse();

        assertThat(configuration.rejected()).extracting(ConfigProblem::toString).containsExactly(
                "config/enrichment.yaml:2: /ledger-lines: string found, integer expected");
        assertTheOldConfigurationRuns();
    }

    @Test
    void aTemplateReferringToAMissingVariableIsRejectedAndTheOldTextStays() {
        String before = proactive.templateText("outage");
        write("config/enrichment.yaml", "tag-prefix: acme_\n");
        write("templates/outage.mustache", "{{#body}}\n<p>Hi {{firstName}},</p>\n<p>{{ticketUrl}}</p>\n{{/body}}\n");

        assertThat(configuration.reload()).isFalse();

        assertThat(configuration.rejected()).extracting(ConfigProblem::toString).singleElement().asString()
                .startsWith("templates/outage.mustache:3: unknown variable 'ticketUrl'");
        assertThat(proactive.templateText("outage")).isEqualTo(before).doesNotContain("ticketUrl");
        assertTheOldConfigurationRuns();
    }

    @Test
    void aKindAddedToTheCatalogIsTakenAtOnceAndARejectedCatalogLeavesTheRunningOne() throws Exception {
        String maintenance = "{\"type\":\"MAINTENANCE\",\"severity\":\"LOW\",\"title\":\"Maintenance tonight\","
                + "\"audience\":\"MailingCountry = 'DE'\"}";
        assertThat(raise(maintenance).statusCode()).as("no such kind yet").isEqualTo(400);

        String catalog = Files.readString(Path.of("config/examples/signals.yaml")) + """
                  MAINTENANCE:
                    description: "Planned downtime, the day before."
                    audience: contacts-where
                """;
        write("templates/maintenance.mustache", "{{#body}}<p>{{title}}</p>{{/body}}");
        write("config/signals.yaml", catalog);
        assertThat(configuration.reload()).isTrue();

        HttpResponse<String> raised = raise(maintenance);
        assertThat(raised.statusCode()).isEqualTo(202);
        assertThat(jdbc.queryForObject("select count(*) from inbox_event where event_type = 'signal.MAINTENANCE'",
                Integer.class)).isEqualTo(1);

        write("config/signals.yaml", catalog.replace("audience: contacts-where\n", "audience: everyone\n"));
        assertThat(configuration.reload()).as("a catalog that cannot work").isFalse();
        assertThat(configuration.rejected()).extracting(ConfigProblem::toString)
                .anySatisfy(problem -> assertThat(problem).startsWith("config/signals.yaml:").contains("/kinds/"));
        assertThat(proactive.catalog().kind(Signal.Type.valueOf("MAINTENANCE"))).as("the running catalog stays")
                .isPresent();
        assertThat(raise(maintenance.replace("tonight", "tomorrow")).statusCode()).isEqualTo(202);
    }

    @Test
    void aLocaleOrNoteThatCannotWorkIsRejectedAndTheRunningCatalogKeepsItsOwn() throws Exception {
        String catalog = Files.readString(Path.of("config/examples/signals.yaml")) + """
                  MAINTENANCE:
                    description: "Planned downtime, the day before."
                    audience: contacts-where
                    message:
                      locales: { de: maintenance_de }
                    open-tickets:
                      note: maintenance_note
                """;
        write("templates/maintenance.mustache", "{{#body}}<p>{{title}}</p>{{#startsAt}}{{startsAt}}{{/startsAt}}"
                + "{{/body}}");
        write("templates/maintenance_de.mustache", "{{#body}}<p>{{title}}</p>{{#startsAt}}ab {{startsAt}}"
                + "{{/startsAt}}{{/body}}");
        write("templates/maintenance_fr.mustache", "{{#body}}<p>{{title}}</p>{{/body}}");
        write("templates/maintenance_note.mustache", "{{#body}}{{{signalType}}} held back for #{{{ticketId}}}"
                + "{{/body}}");
        write("config/signals.yaml", catalog);
        assertThat(configuration.reload()).isTrue();
        Signal.Type maintenance = Signal.Type.valueOf("MAINTENANCE");
        assertThat(proactive.variantsOf(maintenance)).containsExactly(java.util.Map.entry("de", "maintenance_de"));
        assertThat(proactive.noteTemplateFor(maintenance, "de")).isEqualTo("maintenance_note");

        String bad = catalog.replace("de: maintenance_de", "de: maintenance_de, fr: maintenance_fr")
                .replace("note: maintenance_note", "note: maintenance_memo");
        write("config/signals.yaml", bad);
        assertThat(configuration.reload()).as("a French template without startsAt, a note that does not exist")
                .isFalse();

        assertThat(configuration.rejected()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "config/signals.yaml:" + ConfigValidatorTest.lineOf(bad, "fr: maintenance_fr") + ": /kinds/MAINTENANCE/message/locales/fr: "
                        + "templates/maintenance_fr.mustache, the fr language variant of maintenance lacks startsAt, "
                        + "which templates/maintenance.mustache uses",
                "config/signals.yaml:" + ConfigValidatorTest.lineOf(bad, "note: maintenance_memo") + ": /kinds/MAINTENANCE/open-tickets/"
                        + "note: MAINTENANCE's note on an open ticket uses template 'maintenance_memo', but "
                        + "templates/maintenance_memo.mustache does not exist");
        assertThat(proactive.catalog().kind(maintenance)).as("the running catalog stays").isPresent();
        assertThat(proactive.variantsOf(maintenance)).containsExactly(java.util.Map.entry("de", "maintenance_de"));
        assertThat(proactive.noteTemplateFor(maintenance, null)).isEqualTo("maintenance_note");
    }

    @Test
    void aCatalogFieldTheOrgLacksIsRejectedWithItsLineAndTheRunningCatalogStays() throws Exception {
        SalesforceStubs.stubOrgDescribe(SALESFORCE);
        String catalog = Files.readString(Path.of("config/examples/signals.yaml"));
        write("config/signals.yaml", catalog);
        assertThat(configuration.reload()).as("every object and field is the org's").isTrue();

        String misspelt = catalog.replace("field: Health_Score__c", "field: Health_Scor__c");
        write("config/signals.yaml", misspelt);

        assertThat(configuration.reload()).isFalse();
        assertThat(configuration.rejected()).extracting(ConfigProblem::toString).containsExactly(
                "config/signals.yaml:" + ConfigValidatorTest.lineOf(misspelt, "field: Health_Scor__c") + ": /kinds/CHURN_RISK/sources/0/"
                        + "change-event/field: Account has no field Health_Scor__c (INVALID_FIELD)");
        assertThat(proactive.catalog().kind(Signal.Type.valueOf("CHURN_RISK"))).as("the running catalog stays")
                .hasValueSatisfying(kind -> assertThat(kind.changeRules().get(0).field())
                        .isEqualTo("Health_Score__c"));
        SALESFORCE.verify(getRequestedFor(urlPathMatching(SalesforceStubs.describePath("Account"))));
    }

    @Test
    void theFilesInForceAreCheckedAgainstTheOrgOnceKairosHasStarted() throws Exception {
        SalesforceStubs.stubOrgDescribe(SALESFORCE);
        write("config/signals.yaml", Files.readString(Path.of("config/examples/signals.yaml")));
        assertThat(configuration.reload()).isTrue();
        assertThat(configuration.checkAgainstOrg()).isEmpty();

        // The org lost the field after the catalog was applied (or before start-up, when it could not be asked).
        SALESFORCE.stubFor(get(urlPathMatching(SalesforceStubs.describePath("Account"))).willReturn(okJson("""
                {"name":"Account","fields":[{"name":"Id"},{"name":"Name"},{"name":"Support_Tier__c"}]}""")));

        assertThat(configuration.checkAgainstOrg()).extracting(ConfigProblem::message).containsExactly(
                "/kinds/CHURN_RISK/sources/0/change-event/field: Account has no field Health_Score__c (INVALID_FIELD)");
        assertThat(proactive.catalog().kind(Signal.Type.valueOf("CHURN_RISK"))).as("the files stay in force")
                .isPresent();
    }

    @Test
    void theValidateEndpointChecksTheOrgsFieldsOrSaysItCouldNot() throws Exception {
        String catalog = Files.readString(Path.of("config/examples/signals.yaml"));
        SalesforceStubs.stubDescribe(SALESFORCE, "Contact", 503, "error-unavailable.json");
        SalesforceStubs.stubDescribe(SALESFORCE, "Account", 503, "error-unavailable.json");

        HttpResponse<String> down = validate(JSON.writeValueAsString(Map.of("files", Map.of("config/signals.yaml",
                catalog.replace("field: Health_Score__c", "field: Health_Scor__c")))), API_TOKEN);

        assertThat(down.statusCode()).as("not checked is no failure").isEqualTo(200);
        assertThat(JSON.readTree(down.body()).path("notes").get(0).asText())
                .startsWith("fields not checked against the org: Salesforce did not answer describe ");

        SalesforceStubs.stubOrgDescribe(SALESFORCE);
        HttpResponse<String> up = validate(JSON.writeValueAsString(Map.of("files", Map.of("config/signals.yaml",
                catalog.replace("field: Health_Score__c", "field: Health_Scor__c")))), API_TOKEN);

        assertThat(up.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(up.body()).path("problems").get(0).path("message").asText()).isEqualTo(
                "/kinds/CHURN_RISK/sources/0/change-event/field: Account has no field Health_Scor__c (INVALID_FIELD)");
        assertThat(JSON.readTree(up.body()).has("notes")).isFalse();
        assertThat(Files.exists(ROOT.resolve("config/signals.yaml"))).as("nothing applied").isFalse();
    }

    @Test
    void theValidateEndpointChecksWithoutApplying() throws Exception {
        HttpResponse<String> bad = validate("{\"files\":{\"config/timing.yaml\":\"over-cap: LATER\\n\"}}",
                API_TOKEN);
        HttpResponse<String> good = validate("{\"files\":{\"config/timing.yaml\":\"over-cap: SUPPRESS\\n\"}}",
                API_TOKEN);

        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("\"valid\":false").contains("\"file\":\"config/timing.yaml\"")
                .contains("\"line\":1").contains("/over-cap: does not have a value in the enumeration");
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(good.body()).contains("\"valid\":true");
        assertThat(proactive.timingSettings().defaults().overCap().name()).isEqualTo("DEFER");
        assertThat(validate("{\"files\":{}}", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void theValidateEndpointRefusesAFileNothingWouldRead() throws Exception {
        HttpResponse<String> bareRoute = validate("{\"files\":{\"bars.camel.yaml\":\"- route:\\n    id: bars\\n   "
                + "from: x\\n\"}}", API_TOKEN);
        HttpResponse<String> elsewhere = validate("{\"files\":{\"notes/x.yaml\":\"quiet-start: \\\"21:00\\\"\\n\"}}",
                API_TOKEN);

        assertThat(bareRoute.statusCode()).isEqualTo(422);
        assertThat(bareRoute.body()).contains("\"file\":\"routes/bars.camel.yaml\"").contains("YAML syntax error");
        assertThat(elsewhere.statusCode()).isEqualTo(422);
        assertThat(elsewhere.body()).contains("\"file\":\"notes/x.yaml\"")
                .contains("Kairos does not know this path").contains("routes/*.camel.yaml");
    }

    /** The last applied mapping (Kairos's default prefix) still enriches tickets. */
    private void assertTheOldConfigurationRuns() {
        assertThat(enrichment.current().tagPrefix()).isEqualTo("kairos_");
        assertThat(ticketTagsAfterAWebhook("01HNX-CREATED-35436")).contains("\"kairos_enriched\"")
                .doesNotContain("acme_");
    }

    private String ticketTagsAfterAWebhook(String eventId) {
        return ticketUpdateAfterAWebhook(SignedWebhooks.fixture("ticket-created"), eventId);
    }

    private String ticketUpdateAfterAWebhook(String webhook, String eventId) {
        stubTicket35436();
        stubTicket35436UpdateOk();
        assertThat(webhooks().post(webhook).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus(eventId)));
        return ZENDESK.findAll(putRequestedFor(urlEqualTo("/api/v2/tickets/35436.json"))
                .withRequestBody(matchingJsonPath("$.ticket.tags"))).get(0).getBodyAsString();
    }

    private HttpResponse<String> raise(String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/signals"))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> validate(String json, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/config/validate"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void write(String file, String text) {
        try {
            Files.writeString(ROOT.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTemplates(Path root) {
        try (Stream<Path> templates = Files.list(Path.of("templates"))) {
            for (Path template : templates.toList()) {
                Files.copy(template, root.resolve("templates").resolve(template.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
