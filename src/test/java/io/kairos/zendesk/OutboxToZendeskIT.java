package io.kairos.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import io.kairos.proactive.Outbox;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalStore;
import io.kairos.support.KairosAppTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code kairos.proactive.channel=zendesk}, planned outbox messages become new tickets through the real
 * camel-zendesk component against a WireMock Zendesk: the request as Zendesk expects it, and every answer (429,
 * 5xx, 400) handled as the delivery promise says. Its own context and database: its dispatcher must not outlive
 * the class and send other tests' messages.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OutboxToZendeskIT extends KairosAppTest {

    private static final String TICKETS = "/api/v2/tickets.json";

    @Autowired
    private Outbox outbox;

    @Autowired
    private SignalStore signals;

    @Autowired
    private LedgerStore ledger;

    @DynamicPropertySource
    static void zendeskChannel(DynamicPropertyRegistry registry) {
        registry.add("kairos.proactive.channel", () -> "zendesk");
        registry.add("kairos.outbox.poll-interval", () -> "100");
        registry.add("kairos.outbox.backoff-initial", () -> "200ms");
        registry.add("kairos.outbox.max-attempts", () -> "3");
        registry.add("kairos.proactive.rate-per-second", () -> "10");
    }

    @BeforeEach
    void emptyOutbox() {
        jdbc.update("delete from outbox_message");
        jdbc.update("delete from signal");
    }

    @Test
    void createsTheTicketAsZendeskExpectsIt() {
        ZENDESK.stubFor(post(TICKETS).willReturn(created(35440)));
        Signal signal = signal(Signal.Type.ORDER_DELAY, "Your order is delayed");
        outbox.plan(signal, List.of(new Recipient("003000000000001AAA", "Jane@Acme.example", "Jane <Doe>", "UTC",
                false, Map.of("orderNumber", "00123", "expectedDelivery", "2 Dec 2025"))), Instant.now(), "zendesk");
        outbox.plan(signal, List.of(new Recipient("003000000000002AAA", "max@acme.example", "Max", "UTC", false,
                Map.of())), Instant.now(), "intercom");
        long id = jdbc.queryForObject("select id from outbox_message where channel = 'zendesk'", Long.class);

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("SENT", "PLANNED")));

        String credentials = ZENDESK_EMAIL + "/token:" + ZENDESK_TOKEN;
        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS))
                .withHeader("Authorization", equalTo("Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(matchingJsonPath("$.ticket.requester.email", equalTo("jane@acme.example")))
                .withRequestBody(matchingJsonPath("$.ticket.requester.name", equalTo("Jane <Doe>")))
                .withRequestBody(matchingJsonPath("$.ticket.subject", equalTo("Your order is delayed")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.html_body", containing("<p>Hi Jane,</p>")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.html_body",
                        containing("Your order 00123 is running late.")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.html_body",
                        containing("deliver it on 2 Dec 2025.")))
                .withRequestBody(matchingJsonPath("$.ticket.tags[0]", equalTo("kairos_proactive")))
                .withRequestBody(matchingJsonPath("$.ticket.tags[1]", equalTo("kairos_signal_order_delay")))
                .withRequestBody(matchingJsonPath("$.ticket.external_id", equalTo("kairos-outbox-" + id))));
        ZENDESK.verify(0, postRequestedFor(urlEqualTo(TICKETS))
                .withRequestBody(matchingJsonPath("$.ticket.requester.email", equalTo("max@acme.example"))));
        assertThat(ZENDESK.getAllServeEvents().get(0).getRequest().getBodyAsString()).doesNotContain("\"id\"");
        assertThat(jdbc.queryForObject("select external_id from outbox_message where id = ?", String.class, id))
                .isEqualTo("35440");
        assertThat(ledger.sentTo("jane@acme.example", 5)).singleElement().satisfies(entry -> {
            assertThat(entry.signalId()).isEqualTo(signal.id());
            assertThat(entry.channel()).isEqualTo("zendesk");
        });
    }

    @Test
    void aContactWhoOptedOutOfEmailGetsNoTicketAndTheReasonIsInTheLedger() {
        ZENDESK.stubFor(post(TICKETS).willReturn(created(7)));
        Signal signal = signal(Signal.Type.KNOWN_ISSUE, "Sync stalls");
        outbox.plan(signal, List.of(
                new Recipient("003000000000001AAA", "jane@acme.example", "Jane Doe", "UTC", false, Map.of()),
                new Recipient("003000000000002AAA", "max@acme.example", "Max Mustermann", "UTC", true, Map.of())),
                Instant.now(), "zendesk");

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("SENT", "SUPPRESSED")));

        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS)));
        ZENDESK.verify(0, postRequestedFor(urlEqualTo(TICKETS))
                .withRequestBody(matchingJsonPath("$.ticket.requester.email", equalTo("max@acme.example"))));
        assertThat(ledger.decisionsFor("max@acme.example", 5)).singleElement().satisfies(entry -> {
            assertThat(entry.decision()).isEqualTo(LedgerEntry.Decision.SUPPRESSED);
            assertThat(entry.reasonCode()).isEqualTo("OPTED_OUT");
            assertThat(entry.channel()).isEqualTo("zendesk");
        });
    }

    @Test
    void rateLimitPausesTheChannelUntilRetryAfter() {
        ZENDESK.stubFor(post(TICKETS).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("limited")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("Rate limit for ticket updates exceeded, please wait before updating this ticket "
                                + "again")));
        ZENDESK.stubFor(post(TICKETS).inScenario("rate").whenScenarioStateIs("limited").willReturn(created(1)));
        plan(signal(Signal.Type.OUTAGE, "Planned maintenance"), 3);

        await().atMost(Duration.ofSeconds(15)).until(() -> statuses().equals(List.of("SENT", "SENT", "SENT")));

        List<ServeEvent> requests = requestsInOrder();
        assertThat(requests).hasSize(4);
        assertThat(requests.get(0).getResponse().getStatus()).isEqualTo(429);
        long limitedAt = requests.get(0).getRequest().getLoggedDate().getTime();
        for (ServeEvent after : requests.subList(1, requests.size())) {
            assertThat(after.getRequest().getLoggedDate().getTime()).isGreaterThanOrEqualTo(limitedAt + 2000);
        }
        // The wait was Zendesk's budget, not a failure: every message used one attempt.
        assertThat(jdbc.queryForList("select attempts from outbox_message", Integer.class)).containsOnly(1);
        System.out.printf("429 with Retry-After 2 s: first request after it %d ms later%n",
                requests.get(1).getRequest().getLoggedDate().getTime() - limitedAt);
    }

    @Test
    void serverErrorIsRetriedWithBackoffAndThenSent() {
        ZENDESK.stubFor(post(TICKETS).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("recovered").willReturn(aResponse().withStatus(500).withBody("oops")));
        ZENDESK.stubFor(post(TICKETS).inScenario("flaky").whenScenarioStateIs("recovered").willReturn(created(2)));
        plan(signal(Signal.Type.KNOWN_ISSUE, "Sync stalls"), 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("SENT")));

        List<ServeEvent> requests = requestsInOrder();
        assertThat(requests).hasSize(2);
        long gap = requests.get(1).getRequest().getLoggedDate().getTime()
                - requests.get(0).getRequest().getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(200);
        assertThat(jdbc.queryForMap("select attempts, external_id from outbox_message"))
                .containsEntry("attempts", 2).containsEntry("external_id", "2");
    }

    @Test
    void clientErrorFailsAtOnceWithADeadLetterAndALedgerEntry() {
        ZENDESK.stubFor(post(TICKETS).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors\",\"details\":"
                        + "{\"requester\":[{\"description\":\"Requester: Email is invalid\"}]}}")));
        plan(signal(Signal.Type.ORDER_DELAY, "Delayed"), 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("FAILED")));

        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS)));
        Map<String, Object> row = jdbc.queryForMap("select id, reason_code, reason from outbox_message");
        assertThat(row.get("reason_code")).isEqualTo("HTTP_400");
        assertThat((String) row.get("reason")).startsWith("Zendesk answered 400")
                .endsWith(": RecordInvalid: Record validation errors (Requester: Email is invalid)");
        assertThat(jdbc.queryForObject("select reason from dead_letter where source = 'outbox' and event_id = ?",
                String.class, row.get("id").toString())).startsWith("HTTP_400: Zendesk answered 400");
        assertThat(ledger.decisionsFor("contact0@acme.example", 5)).singleElement().satisfies(entry -> {
            assertThat(entry.decision()).isEqualTo(LedgerEntry.Decision.FAILED);
            assertThat(entry.reasonCode()).isEqualTo("HTTP_400");
            assertThat(entry.channel()).isEqualTo("zendesk");
        });
    }

    private static ResponseDefinitionBuilder created(long ticketId) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"ticket\":{\"id\":" + ticketId + ",\"status\":\"new\",\"requester_id\":9001}}");
    }

    private Signal signal(Signal.Type type, String title) {
        return signals.save(new Signal(UUID.randomUUID().toString(), "it-" + UUID.randomUUID(), "manual", type,
                "801000000000123AAA", Signal.Severity.NORMAL, title, "Details for " + title, "Widget Pro",
                null, null, null, Instant.now()));
    }

    private void plan(Signal signal, int recipients) {
        List<Recipient> audience = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            audience.add(new Recipient("003" + i, "contact" + i + "@acme.example", "Contact " + i, null, false,
                    Map.of()));
        }
        outbox.plan(signal, audience, Instant.now(), "zendesk");
    }

    private List<String> statuses() {
        return jdbc.queryForList("select status from outbox_message order by id", String.class);
    }

    private static List<ServeEvent> requestsInOrder() {
        return ZENDESK.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .toList();
    }
}
