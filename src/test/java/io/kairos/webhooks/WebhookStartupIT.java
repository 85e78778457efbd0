package io.kairos.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.support.KairosInstance;
import io.kairos.support.SignedWebhooks;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Webhooks posted from the moment a starting Kairos opens its port are answered 503 with Retry-After until the
 * webhook routes run, then 202: never the 404 that Zendesk would not redeliver; readiness is not UP while a 503 is
 * answered. Camel's start is held until the test has seen the window, so the window exists on a fast machine too.
 */
class WebhookStartupIT {

    private static final int MAX_REQUESTS = 5_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final CountDownLatch camelHeld = new CountDownLatch(1);
    private final CountDownLatch releaseCamel = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Observation> observations = new CopyOnWriteArrayList<>();
    private Database database;
    private CompletableFuture<KairosInstance> starting;

    /** One answer, in the order the test received them: a webhook POST or a readiness GET. */
    private record Observation(boolean webhook, int status, Optional<String> retryAfter) { }

    @AfterEach
    void stop() {
        releaseCamel.countDown();
        if (starting != null) {
            starting.thenAccept(KairosInstance::close).exceptionally(e -> null).join();
        }
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void aWebhookPostedWhileKairosStartsIsAnswered503UntilItsRoutesRunThen202AndNever404() throws Exception {
        database = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
        int port = freePort();
        String base = "http://localhost:" + port;
        SignedWebhooks webhooks = new SignedWebhooks(base);
        String template = SignedWebhooks.fixture("ticket-created");
        starting = KairosInstance.startInBackground("kairos-starting", database.url(), Map.of(
                "server.port", Integer.toString(port),
                // Deliveries stay in the inbox: this test is about intake.
                "kairos.inbox.poll-interval", "3600000"), holdCamelStart());

        // From the first moment the port accepts a connection.
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> post(webhooks, template));
        // Tomcat is serving and Camel's start is held: the window Kairos used to answer 404 in.
        assertThat(camelHeld.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++) {
            post(webhooks, template);
            readiness(base);
        }
        releaseCamel.countDown();

        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
            assertThat(starting).isNotCompletedExceptionally();
            post(webhooks, template);
            readiness(base);
            return last(true).status() == 202 && last(false).status() == 200;
        });
        for (int i = 0; i < 3; i++) {
            post(webhooks, template);
        }

        List<Observation> answers = observations.stream().filter(Observation::webhook).toList();
        assertThat(answers).extracting(Observation::status).containsOnly(503, 202);
        assertThat(answers.stream().filter(a -> a.status() == 503)).isNotEmpty()
                .allSatisfy(a -> assertThat(a.retryAfter()).hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isPositive()));
        int firstAccepted = firstIndex(answers, a -> a.status() == 202);
        assertThat(answers.subList(firstAccepted, answers.size())).extracting(Observation::status).containsOnly(202);
        assertThat(observations.stream().filter(o -> !o.webhook()).map(Observation::status))
                .as("readiness while Camel was held").contains(503);
        int firstReady = firstIndex(observations, o -> !o.webhook() && o.status() == 200);
        assertThat(observations.subList(firstReady, observations.size()))
                .as("webhook answers after readiness was first UP").filteredOn(Observation::webhook)
                .extracting(Observation::status).containsOnly(202);
    }

    /** Delays Camel's start (after Tomcat listens) until the test releases it. */
    private ApplicationContextInitializer<ConfigurableApplicationContext> holdCamelStart() {
        return context -> context.getBeanFactory().registerSingleton("holdCamelStart", new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelHeld.countDown();
                try {
                    releaseCamel.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        });
    }

    /** Posts a fresh delivery; false while the port refuses connections. */
    private boolean post(SignedWebhooks webhooks, String template) {
        limitRequests();
        try {
            HttpResponse<String> response = webhooks.post(template.replace("01HNX-CREATED-35436",
                    "starting-" + observations.size()));
            observations.add(new Observation(true, response.statusCode(),
                    response.headers().firstValue("Retry-After")));
            return true;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof ConnectException) {
                return false;
            }
            throw e;
        }
    }

    private void readiness(String base) throws IOException, InterruptedException {
        limitRequests();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                + "/actuator/health/readiness")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        observations.add(new Observation(false, response.statusCode(), Optional.empty()));
    }

    private void limitRequests() {
        assertThat(observations).as("requests to a starting Kairos").hasSizeLessThan(MAX_REQUESTS);
    }

    private Observation last(boolean webhook) {
        for (int i = observations.size() - 1; i >= 0; i--) {
            if (observations.get(i).webhook() == webhook) {
                return observations.get(i);
            }
        }
        throw new IllegalStateException("no answer yet");
    }

    private static int firstIndex(List<Observation> list, Predicate<Observation> test) {
        for (int i = 0; i < list.size(); i++) {
            if (test.test(list.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such answer in " + list);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
