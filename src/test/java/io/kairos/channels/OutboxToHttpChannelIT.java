package io.kairos.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kairos.ledger.LedgerStore;
import io.kairos.proactive.Outbox;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalStore;
import io.kairos.support.KairosAppTest;
import io.kairos.support.YamlRoutes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A new channel is configuration: the webhook channel of routes/examples (the generic http-message-sink Kamelet,
 * the generic JSON request and classifier) is added to the running app as YAML only, and a signal type whose
 * channel is {@code webhook} (kairos.proactive.channel) has its planned messages sent there, through the same
 * dispatch as Intercom and Zendesk. Its own context: the added route must not outlive the class.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OutboxToHttpChannelIT extends KairosAppTest {

    @RegisterExtension
    static final WireMockExtension RECEIVER = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @Autowired
    private CamelContext camel;

    @Autowired
    private Outbox outbox;

    @Autowired
    private SignalStore signals;

    @Autowired
    private LedgerStore ledger;

    @Autowired
    private ProactiveRules rules;

    @DynamicPropertySource
    static void webhookChannel(DynamicPropertyRegistry registry) {
        registry.add("kairos.proactive.channel", () -> "webhook");
        registry.add("KAIROS_WEBHOOK_CHANNEL_URL", () -> RECEIVER.baseUrl() + "/hooks/kairos");
        registry.add("kairos.outbox.poll-interval", () -> "100");
        registry.add("kairos.outbox.backoff-initial", () -> "200ms");
        registry.add("kairos.outbox.max-attempts", () -> "3");
    }

    @BeforeEach
    void theChannelIsAddedAsYamlOnly() throws Exception {
        jdbc.update("delete from outbox_message");
        jdbc.update("delete from signal");
        if (camel.getRoute("outbox-to-webhook-message") != null) {
            return;
        }
        String yaml = Files.readString(Path.of("routes/examples/outbox-to-webhook-message.camel.yaml"));
        YamlRoutes.add(camel, "outbox-to-webhook-message.camel.yaml", yaml);
        assertThat(camel.getRouteController().getRouteStatus("outbox-to-webhook-message").isStarted()).isTrue();
    }

    @Test
    void aSignalTypeRoutedToTheNewChannelIsSentThereWithItsLedgerEntry() {
        RECEIVER.stubFor(post("/hooks/kairos").willReturn(okJson("{\"id\":\"wh-77\",\"status\":\"queued\"}")));
        Signal signal = signal("Your order is delayed");
        plan(signal, new Recipient("003000000000001AAA", "jane@acme.example", "Jane Doe", "UTC", false,
                Map.of("orderNumber", "00123", "expectedDelivery", "2 Dec 2025")));
        long id = jdbc.queryForObject("select id from outbox_message", Long.class);

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("SENT")));

        RECEIVER.verify(1, postRequestedFor(urlEqualTo("/hooks/kairos"))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(matchingJsonPath("$.id", equalTo("kairos-outbox-" + id)))
                .withRequestBody(matchingJsonPath("$.to.email", equalTo("jane@acme.example")))
                .withRequestBody(matchingJsonPath("$.subject", equalTo("Your order is delayed")))
                .withRequestBody(matchingJsonPath("$.text", containing("Your order 00123 is running late.")))
                .withRequestBody(matchingJsonPath("$.signal.type", equalTo("ORDER_DELAY"))));
        assertThat(RECEIVER.getAllServeEvents().get(0).getRequest().getHeaders().keys())
                .noneMatch(name -> name.startsWith("Camel"));
        assertThat(jdbc.queryForObject("select external_id from outbox_message", String.class)).isEqualTo("wh-77");
        assertThat(ledger.sentTo("jane@acme.example", 5)).singleElement().satisfies(entry -> {
            assertThat(entry.signalId()).isEqualTo(signal.id());
            assertThat(entry.channel()).isEqualTo("webhook");
        });
    }

    @Test
    void aRateLimitWaitsForRetryAfterWithoutSpendingAnAttemptAndAClientErrorFails() {
        RECEIVER.stubFor(post("/hooks/kairos").withRequestBody(matchingJsonPath("$.to.email",
                        equalTo("busy@acme.example"))).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("free").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        RECEIVER.stubFor(post("/hooks/kairos").withRequestBody(matchingJsonPath("$.to.email",
                        equalTo("busy@acme.example"))).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(okJson("{\"id\":\"wh-78\"}")));
        RECEIVER.stubFor(post("/hooks/kairos").withRequestBody(matchingJsonPath("$.to.email",
                equalTo("unknown@acme.example"))).willReturn(aResponse().withStatus(422)
                .withBody("{\"error\":\"unknown recipient\"}")));
        Signal signal = signal("Sync stalls");
        plan(signal, new Recipient("003000000000002AAA", "busy@acme.example", "Bo Busy", "UTC", false, Map.of()),
                new Recipient("003000000000003AAA", "unknown@acme.example", "Uno Known", "UTC", false, Map.of()));

        await().atMost(Duration.ofSeconds(15)).until(() -> statuses().equals(List.of("SENT", "FAILED")));

        assertThat(jdbc.queryForMap("select attempts, external_id from outbox_message where contact_email = ?",
                "busy@acme.example")).containsEntry("attempts", 1).containsEntry("external_id", "wh-78");
        assertThat(jdbc.queryForMap("select reason_code, reason from outbox_message where contact_email = ?",
                "unknown@acme.example")).containsEntry("reason_code", "HTTP_422")
                .satisfies(row -> assertThat((String) row.get("reason")).contains("422", "unknown recipient"));
        assertThat(jdbc.queryForObject("select count(*) from dead_letter where source = 'outbox'", Integer.class))
                .isEqualTo(1);
    }

    private void plan(Signal signal, Recipient... recipients) {
        // As SignalPlanner does: the signal type's channel comes from configuration.
        outbox.plan(signal, List.of(recipients), Instant.now(), rules.channelFor(signal.type()));
    }

    private Signal signal(String title) {
        String id = "sig-" + UUID.randomUUID();
        return signals.save(new Signal(id, "evt:" + id, "manual", Signal.Type.ORDER_DELAY, "801A",
                Signal.Severity.HIGH, title, "New ETA Friday", null, null, null, null, Instant.now()));
    }

    private List<String> statuses() {
        return jdbc.queryForList("select status from outbox_message order by id", String.class);
    }
}
