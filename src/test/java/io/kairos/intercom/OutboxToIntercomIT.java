package io.kairos.intercom;

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
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import io.kairos.proactive.MessageLanguages;
import io.kairos.proactive.Outbox;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalStore;
import io.kairos.proactive.UserLocales;
import io.kairos.support.KairosAppTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Planned outbox messages go out through the real Camel HTTP component to a WireMock Intercom: the request as
 * Intercom expects it, and every answer (429, 5xx, a read timeout, 400) handled as the delivery promise says.
 * Its own context and database: its dispatcher must not outlive the class and send other tests' messages.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OutboxToIntercomIT extends KairosAppTest {

    private static final String TOKEN = "ic-test-token-123";
    private static final String ADMIN_ID = "394051";

    @RegisterExtension
    static final WireMockExtension INTERCOM = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @Autowired
    private Outbox outbox;

    @Autowired
    private SignalStore signals;

    @Autowired
    private LedgerStore ledger;

    @Autowired
    private MessageLanguages languages;

    @Autowired
    private UserLocales userLocales;

    @DynamicPropertySource
    static void intercom(DynamicPropertyRegistry registry) {
        registry.add("intercom.base-url", INTERCOM::baseUrl);
        registry.add("intercom.access-token", () -> TOKEN);
        registry.add("intercom.admin-id", () -> ADMIN_ID);
        registry.add("intercom.response-timeout", () -> "1s");
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
    void sendsThePlannedMessageAsIntercomExpectsIt() {
        INTERCOM.stubFor(post("/messages").willReturn(okJson("{\"type\":\"user_message\",\"id\":\"403918330\"}")));
        Signal signal = signal(Signal.Type.ORDER_DELAY, "Your order is delayed");
        outbox.plan(signal, List.of(new Recipient("003000000000001AAA", "Jane@Acme.example", "Jane <Doe>", "UTC",
                false, Map.of("orderNumber", "00123", "expectedDelivery", "2 Dec 2025"))), Instant.now(), "intercom");

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("SENT")));

        INTERCOM.verify(1, postRequestedFor(urlEqualTo("/messages"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Intercom-Version", equalTo("2.11"))
                .withHeader("Content-Type", containing("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.message_type", equalTo("email")))
                .withRequestBody(matchingJsonPath("$.subject", equalTo("Your order is delayed")))
                .withRequestBody(matchingJsonPath("$.template", equalTo("plain")))
                .withRequestBody(matchingJsonPath("$.from.type", equalTo("admin")))
                .withRequestBody(matchingJsonPath("$.from.id", equalTo(ADMIN_ID)))
                .withRequestBody(matchingJsonPath("$.to.type", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.to.email", equalTo("jane@acme.example")))
                .withRequestBody(matchingJsonPath("$.body", containing("<p>Hi Jane,</p>")))
                .withRequestBody(matchingJsonPath("$.body", containing("Your order 00123 is running late.")))
                .withRequestBody(matchingJsonPath("$.body", containing("deliver it on 2 Dec 2025."))));
        ServeEvent request = INTERCOM.getAllServeEvents().get(0);
        assertThat(request.getRequest().getHeaders().keys()).noneMatch(name -> name.startsWith("Camel"));
        assertThat(jdbc.queryForObject("select external_id from outbox_message", String.class)).isEqualTo("403918330");
        assertThat(ledger.sentTo("jane@acme.example", 5)).singleElement()
                .satisfies(entry -> assertThat(entry.signalId()).isEqualTo(signal.id()));
    }

    @Test
    void eachContactGetsTheMessageInTheirLanguageOrTheDefaultWithTheFallbackInTheLedger() {
        INTERCOM.stubFor(post("/messages").willReturn(okJson("{\"type\":\"user_message\",\"id\":\"9\"}")));
        // Lena's Zendesk user is Austrian German; Amélie's Contact says French, which has no variant.
        userLocales.remember(Map.of("lena@acme.example", "de-AT"));
        Signal signal = signal(Signal.Type.ORDER_DELAY, "Your order is delayed");
        List<Recipient> page = languages.assign(signal, List.of(
                new Recipient("003000000000011AAA", "lena@acme.example", "Lena Berger", "UTC", false,
                        Map.of("orderNumber", "00124")),
                new Recipient("003000000000012AAA", "amelie@acme.example", "Amélie Roux", "UTC", false,
                        Map.of("orderNumber", "00125", MessageLanguages.CONTACT_LANGUAGE, "fr")),
                new Recipient("003000000000013AAA", "john@acme.example", "John Smith", "UTC", false,
                        Map.of("orderNumber", "00126"))));
        outbox.plan(signal, page, Instant.now(), "intercom");

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("SENT", "SENT", "SENT")));

        INTERCOM.verify(1, postRequestedFor(urlEqualTo("/messages"))
                .withRequestBody(matchingJsonPath("$.to.email", equalTo("lena@acme.example")))
                .withRequestBody(matchingJsonPath("$.body", containing("<p>Hallo Lena,</p>")))
                .withRequestBody(matchingJsonPath("$.body", containing("Ihre Bestellung 00124 verspätet sich."))));
        INTERCOM.verify(1, postRequestedFor(urlEqualTo("/messages"))
                .withRequestBody(matchingJsonPath("$.to.email", equalTo("amelie@acme.example")))
                .withRequestBody(matchingJsonPath("$.body", containing("Your order 00125 is running late."))));
        INTERCOM.verify(1, postRequestedFor(urlEqualTo("/messages"))
                .withRequestBody(matchingJsonPath("$.to.email", equalTo("john@acme.example")))
                .withRequestBody(matchingJsonPath("$.body", containing("Your order 00126 is running late."))));
        assertThat(ledger.sentTo("lena@acme.example", 5)).singleElement().satisfies(entry -> {
            assertThat(entry.reasonCode()).isNull();
            assertThat(entry.reason()).isEqualTo("in de, the helpdesk user's locale de-AT");
        });
        assertThat(ledger.sentTo("amelie@acme.example", 5)).singleElement().satisfies(entry -> {
            assertThat(entry.reasonCode()).isEqualTo("LANGUAGE_FALLBACK");
            assertThat(entry.reason()).isEqualTo("in en (fallback): the contact's language is fr, and "
                    + "templates/order_delay has no fr variant");
        });
    }

    @Test
    void anEmailToAContactWhoOptedOutIsSuppressedWithTheReasonInTheLedger() {
        INTERCOM.stubFor(post("/messages").willReturn(okJson("{\"type\":\"user_message\",\"id\":\"7\"}")));
        Signal signal = signal(Signal.Type.KNOWN_ISSUE, "Sync stalls");
        outbox.plan(signal, List.of(
                new Recipient("003000000000001AAA", "jane@acme.example", "Jane Doe", "UTC", false, Map.of()),
                new Recipient("003000000000002AAA", "max@acme.example", "Max Mustermann", "UTC", true, Map.of())),
                Instant.now(), "intercom");

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("SENT", "SUPPRESSED")));

        INTERCOM.verify(1, postRequestedFor(urlEqualTo("/messages")));
        INTERCOM.verify(0, postRequestedFor(urlEqualTo("/messages"))
                .withRequestBody(matchingJsonPath("$.to.email", equalTo("max@acme.example"))));
        assertThat(ledger.decisionsFor("max@acme.example", 5)).singleElement().satisfies(entry -> {
            assertThat(entry.decision()).isEqualTo(io.kairos.ledger.LedgerEntry.Decision.SUPPRESSED);
            assertThat(entry.reasonCode()).isEqualTo("OPTED_OUT");
        });
    }

    @Test
    void rateLimitPausesAllSendingUntilTheResetTime() {
        long reset = Instant.now().getEpochSecond() + 3;
        INTERCOM.stubFor(post("/messages").inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("limited")
                .willReturn(aResponse().withStatus(429).withHeader("X-RateLimit-Limit", "166")
                        .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", Long.toString(reset))
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"type\":\"error.list\",\"errors\":[{\"code\":\"rate_limit_exceeded\"}]}")));
        INTERCOM.stubFor(post("/messages").inScenario("rate").whenScenarioStateIs("limited")
                .willReturn(okJson("{\"type\":\"user_message\",\"id\":\"1\"}")));
        plan(signal(Signal.Type.OUTAGE, "Planned maintenance"), 3);

        await().atMost(Duration.ofSeconds(15)).until(() -> statuses().equals(List.of("SENT", "SENT", "SENT")));

        List<ServeEvent> requests = requestsInOrder();
        assertThat(requests).hasSize(4);
        assertThat(requests.get(0).getResponse().getStatus()).isEqualTo(429);
        long resetMillis = reset * 1000;
        for (ServeEvent after : requests.subList(1, requests.size())) {
            assertThat(after.getRequest().getLoggedDate().getTime()).isGreaterThanOrEqualTo(resetMillis);
        }
        // The wait was Intercom's budget, not a failure: every message used one attempt.
        assertThat(jdbc.queryForList("select attempts from outbox_message", Integer.class)).containsOnly(1);
        System.out.printf("429 at %d ms before the reset; first request after it %d ms after the reset%n",
                resetMillis - requests.get(0).getRequest().getLoggedDate().getTime(),
                requests.get(1).getRequest().getLoggedDate().getTime() - resetMillis);
    }

    @Test
    void serverErrorIsRetriedWithBackoffAndThenSent() {
        INTERCOM.stubFor(post("/messages").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("recovered").willReturn(aResponse().withStatus(503).withBody("upstream unavailable")));
        INTERCOM.stubFor(post("/messages").inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"type\":\"user_message\",\"id\":\"2\"}")));
        plan(signal(Signal.Type.KNOWN_ISSUE, "Sync stalls"), 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("SENT")));

        List<ServeEvent> requests = requestsInOrder();
        assertThat(requests).hasSize(2);
        long gap = requests.get(1).getRequest().getLoggedDate().getTime()
                - requests.get(0).getRequest().getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(200);
        // Two attempts in the outbox: the retry was the outbox's, not the HTTP client's own.
        assertThat(jdbc.queryForObject("select attempts from outbox_message", Integer.class)).isEqualTo(2);
        System.out.printf("5xx then success: retried after %d ms%n", gap);
    }

    @Test
    void serverErrorsUntilTheLastAttemptFailTheMessage() {
        INTERCOM.stubFor(post("/messages").willReturn(aResponse().withStatus(500)));
        plan(signal(Signal.Type.ANNOUNCEMENT, "New portal"), 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("FAILED")));

        INTERCOM.verify(3, postRequestedFor(urlEqualTo("/messages")));
        assertThat(jdbc.queryForObject("select reason_code from outbox_message", String.class))
                .isEqualTo("ATTEMPTS_EXHAUSTED");
        assertThat(jdbc.queryForObject("select count(*) from dead_letter where source = 'outbox'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void readTimeoutLeavesTheMessageForReconciliationAndNeverSendsItAgain() {
        INTERCOM.stubFor(post("/messages").willReturn(okJson("{\"id\":\"late\"}").withFixedDelay(2500)));
        plan(signal(Signal.Type.ORDER_DELAY, "Delayed"), 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("NEEDS_RECONCILE")));
        // WireMock journals the request once its delayed answer is done; a busy machine may take longer than that.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> INTERCOM.verify(1,
                postRequestedFor(urlEqualTo("/messages"))));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            INTERCOM.verify(1, postRequestedFor(urlEqualTo("/messages")));
            assertThat(statuses()).containsExactly("NEEDS_RECONCILE");
        });
        assertThat(jdbc.queryForObject("select reason from outbox_message", String.class))
                .contains("SocketTimeoutException");
        assertThat(ledger.decisionsFor("contact0@acme.example", 5)).extracting(LedgerEntry::decision)
                .containsExactly(LedgerEntry.Decision.NEEDS_RECONCILE);
    }

    @Test
    void clientErrorFailsAtOnceWithADeadLetterAndALedgerEntry() {
        INTERCOM.stubFor(post("/messages").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error.list\",\"request_id\":\"r-1\",\"errors\":[{\"code\":\"parameter_invalid\","
                        + "\"message\":\"message_type must be one of email, in_app\"}]}")));
        plan(signal(Signal.Type.ORDER_DELAY, "Delayed"), 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().equals(List.of("FAILED")));

        INTERCOM.verify(1, postRequestedFor(urlEqualTo("/messages")));
        Map<String, Object> row = jdbc.queryForMap("select id, reason_code, reason from outbox_message");
        assertThat(row.get("reason_code")).isEqualTo("HTTP_400");
        assertThat((String) row.get("reason")).isEqualTo(
                "Intercom answered 400: parameter_invalid: message_type must be one of email, in_app");
        assertThat(jdbc.queryForObject("select reason from dead_letter where source = 'outbox' and event_id = ?",
                String.class, row.get("id").toString())).startsWith("HTTP_400: ");
        assertThat(ledger.decisionsFor("contact0@acme.example", 5)).singleElement().satisfies(entry -> {
            assertThat(entry.decision()).isEqualTo(LedgerEntry.Decision.FAILED);
            assertThat(entry.reasonCode()).isEqualTo("HTTP_400");
        });
    }

    @Test
    void sendingHoldsTheConfiguredRate() {
        INTERCOM.stubFor(post("/messages").willReturn(okJson("{\"type\":\"user_message\",\"id\":\"3\"}")));
        plan(signal(Signal.Type.ANNOUNCEMENT, "New portal"), 30);

        await().atMost(Duration.ofSeconds(20)).until(() -> statuses().stream().allMatch("SENT"::equals));

        List<Long> times = requestsInOrder().stream().map(e -> e.getRequest().getLoggedDate().getTime()).toList();
        assertThat(times).hasSize(30);
        long span = times.get(29) - times.get(0);
        long tightestTen = Long.MAX_VALUE;
        for (int i = 0; i + 10 < times.size(); i++) {
            tightestTen = Math.min(tightestTen, times.get(i + 10) - times.get(i));
        }
        System.out.printf("30 messages at 10/s: first to last request %d ms; the closest 11 requests spanned %d ms; "
                + "requests 10, 11, 20, 21 at +%d, +%d, +%d, +%d ms%n", span, tightestTen, times.get(9) - times.get(0),
                times.get(10) - times.get(0), times.get(19) - times.get(0), times.get(20) - times.get(0));
        // At most 10 messages leave the throttle in any second. Arrivals jitter by what follows the throttle
        // (marking the message SENDING; the first request also opens the connection), so allow that much.
        assertThat(tightestTen).isGreaterThanOrEqualTo(850);
        assertThat(span).isGreaterThanOrEqualTo(1800);
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
        outbox.plan(signal, audience, Instant.now(), "intercom");
    }

    private List<String> statuses() {
        return jdbc.queryForList("select status from outbox_message order by id", String.class);
    }

    private static List<ServeEvent> requestsInOrder() {
        return INTERCOM.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .toList();
    }
}
