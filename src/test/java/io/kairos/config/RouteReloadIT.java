package io.kairos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.support.KairosAppTest;
import io.kairos.support.SignedWebhooks;
import io.kairos.zendesk.ZendeskSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Camel's live reload of routes/, as Kairos configures it: an edited route (here, the webhook flow moved to another
 * path) and a new route file (a second brand's webhook) take effect without a restart.
 */
// Closed after the class: its own routes folder and reload watcher must not outlive it.
@DirtiesContext
class RouteReloadIT extends KairosAppTest {

    private static final Path ROUTES = copyOfRoutes();

    @Autowired
    CamelContext camel;

    @DynamicPropertySource
    static void reloadingRoutes(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.camel.yaml");
        registry.add("camel.main.routes-reload-enabled", () -> "true");
        registry.add("camel.main.routes-reload-directory", ROUTES::toString);
        registry.add("ZENDESK_BRAND_B_WEBHOOK_SECRET", () -> "brand-b-secret");
        // A store of its own: the other cached app contexts poll theirs, and must not take this one's events.
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:kairos-route-reload-it;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    @Test
    void anEditedAndANewRouteFileTakeEffectWithoutARestart() throws Exception {
        String body = SignedWebhooks.fixture("ticket-created");
        Path webhook = ROUTES.resolve("zendesk-webhook-to-inbox.camel.yaml");
        Files.writeString(webhook, Files.readString(webhook).replace("path: /zendesk", "path: /zendesk-main"));
        Files.copy(Path.of("routes/examples/zendesk-brand-b-webhook-to-inbox.camel.yaml"),
                ROUTES.resolve("zendesk-brand-b-webhook-to-inbox.camel.yaml"));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> post("/webhooks/zendesk-main", body, SignedWebhooks.SECRET).statusCode() == 202);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                post("/webhooks/zendesk-brand-b", body.replace("01HNX-CREATED-35436", "01HNX-BRAND-B"),
                        "brand-b-secret").statusCode() == 202);

        assertThat(post("/webhooks/zendesk", body, SignedWebhooks.SECRET).statusCode()).isEqualTo(404);
        assertThat(camel.getRoute("zendesk-ticket-to-enriched-ticket")).isNotNull();
        assertThat(camel.getRouteController().getRouteStatus("zendesk-webhook-to-inbox").isStarted()).isTrue();
    }

    private HttpResponse<String> post(String path, String body, String secret) throws Exception {
        String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String signature = new ZendeskSignature(secret, Duration.ofMinutes(5), Clock.systemUTC())
                .sign(timestamp, body.getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("X-Zendesk-Webhook-Signature-Timestamp", timestamp)
                .header("X-Zendesk-Webhook-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path copyOfRoutes() {
        try {
            Path copy = Files.createTempDirectory("kairos-routes");
            try (Stream<Path> routes = Files.list(Path.of("routes"))) {
                for (Path route : routes.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                    Files.copy(route, copy.resolve(route.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
