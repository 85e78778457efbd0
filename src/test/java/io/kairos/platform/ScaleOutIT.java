package io.kairos.platform;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.kairos.proactive.Outbox;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalStore;
import io.kairos.support.KairosInstance;
import io.kairos.support.SignedWebhooks;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Kairos replicas sharing one real PostgreSQL, as two pods of the chart's Deployment: webhook intake and the
 * outbox dispatcher are active-active. The same webhooks delivered to both are stored once and never answered 5xx;
 * an outbox drained by both sends every message exactly once, and both take part; a replica that shuts down while
 * webhooks arrive answers none of them 5xx and loses none it acknowledged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final int WEBHOOKS = 5_000;
    private static final int MESSAGES = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Database database;
    private static WireMockServer intercom;
    private static final List<KairosInstance> REPLICAS = new ArrayList<>();

    @BeforeAll
    static void twoReplicasOnOneStore() {
        database = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
        intercom = new WireMockServer(wireMockConfig().dynamicPort());
        intercom.start();
        for (String replica : List.of("kairos-a", "kairos-b")) {
            // Each replica reaches Intercom under its own path, so the stub can tell who sent what.
            intercom.stubFor(post("/" + replica + "/messages")
                    .willReturn(okJson("{\"type\":\"user_message\",\"id\":\"{{randomValue length=9 type='NUMERIC'}}\"}")
                            .withTransformers("response-template")));
            REPLICAS.add(KairosInstance.start(replica, database.url(), Map.of(
                    "intercom.base-url", intercom.baseUrl() + "/" + replica,
                    "intercom.access-token", "ic-test-token",
                    "intercom.admin-id", "394051",
                    // Webhook events stay in the inbox: this test is about intake, not enrichment.
                    "kairos.inbox.poll-interval", "3600000",
                    "kairos.outbox.poll-interval", "100",
                    "kairos.proactive.rate-per-second", "2000")));
        }
    }

    @AfterAll
    static void stop() {
        REPLICAS.forEach(KairosInstance::close);
        if (intercom != null) {
            intercom.stop();
        }
        if (database != null) {
            database.drop();
        }
    }

    @BeforeEach
    void emptyStore() {
        database.clear();
        intercom.resetRequests();
    }

    @Test
    @Order(1)
    void theSameWebhooksDeliveredToBothReplicasAreStoredOnceWithoutA5xx() throws Exception {
        String template = SignedWebhooks.fixture("ticket-created");
        List<SignedWebhooks> replicas = REPLICAS.stream().map(r -> new SignedWebhooks(r.baseUrl())).toList();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < WEBHOOKS; i++) {
                String body = template.replace("01HNX-CREATED-35436", "scale-out-" + i);
                // Each delivery goes to both replicas, first to one and then the other, at nearly the same time.
                for (int copy = 0; copy < 2; copy++) {
                    SignedWebhooks replica = replicas.get((i + copy) % 2);
                    sends.add(clients.submit(() -> {
                        HttpResponse<String> response = replica.post(body);
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                    }));
                }
            }
            for (Future<?> send : sends) {
                send.get();
            }
        } finally {
            clients.shutdownNow();
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.printf("ScaleOutIT: %d webhooks, each to both replicas: %d requests in %d ms (%.0f/s), "
                + "answers %s%n", WEBHOOKS, 2 * WEBHOOKS, millis, 2 * WEBHOOKS * 1000.0 / millis, statuses);

        assertThat(statuses.keySet()).as("2xx only").allMatch(status -> status >= 200 && status < 300);
        assertThat(statuses).as("one acceptance and one duplicate per webhook")
                .containsEntry(202, WEBHOOKS).containsEntry(200, WEBHOOKS);
        assertThat(database.jdbc().queryForObject("select count(*) from inbox_event", Integer.class))
                .isEqualTo(WEBHOOKS);
        assertThat(database.jdbc().queryForObject("select count(distinct event_id) from inbox_event "
                + "where event_id like 'scale-out-%'", Integer.class)).isEqualTo(WEBHOOKS);
    }

    @Test
    @Order(2)
    void anOutboxDrainedByBothReplicasSendsEveryMessageOnce() {
        Signal signal = REPLICAS.get(0).bean(SignalStore.class).save(new Signal(UUID.randomUUID().toString(),
                "scale-out-" + UUID.randomUUID(), "manual", Signal.Type.ANNOUNCEMENT, null, Signal.Severity.NORMAL,
                "New portal", "Our new support portal is live.", null, null, null, null, Instant.now()));
        List<Recipient> audience = IntStream.range(0, MESSAGES).mapToObj(i -> new Recipient("003" + i,
                "contact" + i + "@acme.example", "Contact " + i, null, false, Map.of())).toList();
        long start = System.nanoTime();

        REPLICAS.get(0).bean(Outbox.class).plan(signal, audience, Instant.now(), "intercom");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> sentCount() == MESSAGES);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        List<ServeEvent> requests = intercom.getAllServeEvents();
        Map<String, Long> perReplica = requests.stream().collect(Collectors.groupingBy(
                e -> e.getRequest().getUrl().split("/")[1], Collectors.counting()));
        System.out.printf("ScaleOutIT: %d outbox messages drained by two replicas in %d ms; requests per replica %s%n",
                MESSAGES, millis, perReplica);

        Map<String, Long> perRecipient = requests.stream().map(e -> recipientOf(e.getRequest().getBodyAsString()))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(requests).hasSize(MESSAGES);
        assertThat(perRecipient).hasSize(MESSAGES).allSatisfy((email, count) -> assertThat(count).as(email).isOne());
        assertThat(perReplica).as("both replicas dispatched").containsOnlyKeys("kairos-a", "kairos-b")
                .allSatisfy((replica, count) -> assertThat(count).as(replica).isPositive());
        assertThat(database.jdbc().queryForObject("select count(*) from ledger_entry where decision = 'SENT'",
                Integer.class)).isEqualTo(MESSAGES);
    }

    /** Last: it stops a replica. */
    @Test
    @Order(3)
    void aReplicaShuttingDownWhileWebhooksArriveAnswersNone5xxAndLosesNoneItAcknowledged() throws Exception {
        KairosInstance stopping = REPLICAS.get(1);
        SignedWebhooks replica = new SignedWebhooks(stopping.baseUrl());
        String template = SignedWebhooks.fixture("ticket-created");
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger sequence = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> senders = new ArrayList<>();
        for (int client = 0; client < 8; client++) {
            senders.add(clients.submit(() -> {
                // Until the replica refuses connections: then it is gone, as a pod out of the Service would be.
                while (true) {
                    String id = "shutdown-" + sequence.incrementAndGet();
                    try {
                        HttpResponse<String> response = replica.post(template.replace("01HNX-CREATED-35436", id));
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                        if (response.statusCode() == 202) {
                            acknowledged.add(id);
                        }
                    } catch (IllegalStateException e) {
                        refused.incrementAndGet();
                        return;
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);

        stopping.close();
        for (Future<?> sender : senders) {
            sender.get();
        }
        clients.shutdownNow();
        System.out.printf("ScaleOutIT: a replica shut down under webhook load: answers %s, %d clients then refused%n",
                statuses, refused.get());

        assertThat(statuses.keySet()).as("no 5xx while shutting down").allMatch(status -> status < 500);
        List<String> stored = database.jdbc().queryForList("select event_id from inbox_event", String.class);
        assertThat(stored).as("every acknowledged webhook is stored").containsAll(acknowledged);
    }

    private static int sentCount() {
        Integer sent = database.jdbc().queryForObject("select count(*) from outbox_message where status = 'SENT'",
                Integer.class);
        return sent == null ? 0 : sent;
    }

    private static String recipientOf(String body) {
        try {
            return JSON.readTree(body).path("to").path("email").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
