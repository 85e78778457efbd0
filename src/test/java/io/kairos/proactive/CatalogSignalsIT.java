package io.kairos.proactive;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.config.LiveConfiguration;
import io.kairos.support.ConfigRoots;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A kind ops defined in the signal catalog, through the whole app against the WireMock Salesforce: its scheduled
 * SOQL raises one signal per record, each planned for its account's contacts; and signals of it keep flowing, each
 * planned once, while the catalog is reloaded again and again.
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
    private static final Path ROOT = root();

    @Autowired
    SignalSchedules schedules;

    @Autowired
    LiveConfiguration configuration;

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
        ConfigRoots.write(root, "config/signals.yaml", ConfigRoots.example("signals.yaml") + KIND);
        ConfigRoots.write(root, "templates/renewal_due.mustache",
                "{{#body}}<p>Hi {{firstName}},</p><p>{{title}}{{#accountName}} for {{accountName}}{{/accountName}}."
                        + "</p>{{/body}}");
        ConfigRoots.write(root, "templates/maintenance.mustache", "{{#body}}<p>{{title}}</p>{{/body}}");
        return root;
    }
}
