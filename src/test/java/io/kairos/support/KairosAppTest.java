package io.kairos.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole Kairos app on a random port, in its real (non-sandbox) mode, talking to WireMock stand-ins for
 * Zendesk and Salesforce that speak the real paths, headers and JSON, on the embedded PostgreSQL. One context is
 * shared by the subclasses that add no properties of their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class KairosAppTest {

    public static final String ZENDESK_EMAIL = "kairos@acme.example";
    public static final String ZENDESK_TOKEN = "zd-test-token-123";
    public static final long KAIROS_USER_ID = 9999L;
    public static final String API_TOKEN = "test-api-token";
    public static final String ADMIN_USER = "ops-admin";
    public static final String ADMIN_PASSWORD = "test-admin-password-42";

    // Fixed for the JVM: the extension restarts its server for every test class, and the shared Spring context
    // must find the stubs where it was told they are.
    private static final int ZENDESK_PORT = FreePorts.any();
    private static final int SALESFORCE_PORT = FreePorts.any();

    @RegisterExtension
    protected static final WireMockExtension ZENDESK = WireMockExtension.newInstance()
            .options(wireMockConfig().port(ZENDESK_PORT).usingFilesUnderClasspath("wiremock/zendesk"))
            .resetOnEachTest(false)
            .build();

    @RegisterExtension
    protected static final WireMockExtension SALESFORCE = WireMockExtension.newInstance()
            .options(wireMockConfig().port(SALESFORCE_PORT).usingFilesUnderClasspath("wiremock/salesforce"))
            .resetOnEachTest(false)
            .build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void outsideSystems(DynamicPropertyRegistry registry) {
        registry.add("zendesk.base-url", () -> "http://localhost:" + ZENDESK_PORT);
        registry.add("zendesk.email", () -> ZENDESK_EMAIL);
        registry.add("zendesk.api-token", () -> ZENDESK_TOKEN);
        registry.add("zendesk.webhook-secret", () -> SignedWebhooks.SECRET);
        registry.add("zendesk.kairos-user-id", () -> KAIROS_USER_ID);
        registry.add("salesforce.login-url", () -> "http://localhost:" + SALESFORCE_PORT);
        registry.add("salesforce.client-id", () -> "test-client");
        registry.add("salesforce.client-secret", () -> "test-client-secret");
        registry.add("kairos.api-token", () -> API_TOKEN);
        registry.add("kairos.admin.user", () -> ADMIN_USER);
        registry.add("kairos.admin.password", () -> ADMIN_PASSWORD);
        // Spring Boot's tests turn metrics export off unless asked; /actuator/prometheus is part of what is tested.
        registry.add("management.prometheus.metrics.export.enabled", () -> "true");
        registry.add("intercom.client-secret", () -> SignedIntercomWebhooks.SECRET);
        // Quiet hours off: these tests run at any hour and expect messages to go out at once.
        registry.add("kairos.timing.quiet-start", () -> "00:00");
        registry.add("kairos.timing.quiet-end", () -> "00:00");
        registry.add("kairos.signals.subscribe", () -> "false");
        // The store production runs on; a database of its own for each context (subclasses with properties of
        // their own get theirs), so the inbox pollers of cached contexts never take each other's events.
        TestDatabases.registerPostgres(registry);
        registry.add("kairos.inbox.poll-interval", () -> "50");
        registry.add("kairos.inbox.backoff-initial", () -> "200ms");
        registry.add("kairos.enrichment.custom-fields.tier", () -> "360001");
        registry.add("kairos.enrichment.custom-fields.account", () -> "360002");
    }

    @BeforeEach
    void cleanSlate() {
        ZENDESK.resetAll();
        SALESFORCE.resetAll();
        SalesforceStubs.stubJaneOfAcme(SALESFORCE);
        emptyStore();
    }

    /**
     * Each context has a database of its own but all share the JVM's stand-ins: work a test leaves due (a parked
     * enrichment, a retry, a planned message) would reach them while another context's test counts their requests.
     * The shared rates start afresh too, so a test's first update is not parked behind the previous test's slots.
     */
    @AfterEach
    void leaveNothingDue() {
        emptyStore();
    }

    private void emptyStore() {
        for (String table : new String[] {"inbox_event", "dead_letter", "customer_context_cache", "ticket_enrichment",
                "ticket_topic", "suppression", "ledger_entry", "outbox_message", "signal", "replay_position",
                "intercom_conversation_link", "rate_limit", "user_locale", "activity_histogram"}) {
            jdbc.update("delete from " + table);
        }
    }


    /** Zendesk holds Jane's ticket #35436 and its requester, user 9001 (Show Ticket, Show User). */
    protected void stubTicket35436() {
        ZENDESK.stubFor(get("/api/v2/tickets/35436.json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("ticket-35436.json")));
        ZENDESK.stubFor(get("/api/v2/users/9001.json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("user-9001.json")));
    }

    /** Zendesk accepts an update of ticket #35436. */
    protected void stubTicket35436UpdateOk() {
        ZENDESK.stubFor(put("/api/v2/tickets/35436.json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("ticket-updated.json")));
    }

    /**
     * Jane's ticket #35436 (open, about her delayed order 801000000000102AAA) arrives by webhook and is enriched:
     * the open ticket a proactive message about that order is held back for.
     */
    protected void janesTicket35436IsOpenAndEnriched() {
        stubTicket35436();
        stubTicket35436UpdateOk();
        assertThat(webhooks().post(SignedWebhooks.fixture("ticket-created")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus("01HNX-CREATED-35436")));
    }

    protected SignedWebhooks webhooks() {
        return new SignedWebhooks("http://localhost:" + port);
    }

    protected SignedIntercomWebhooks intercomWebhooks() {
        return new SignedIntercomWebhooks("http://localhost:" + port);
    }

    protected String inboxStatus(String eventId) {
        return jdbc.queryForObject("select status from inbox_event where source = 'zendesk' and event_id = ?",
                String.class, eventId);
    }
}
