package io.kairos.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.ConfigRoots;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Edits of routes/ and connectors/ in a running Kairos: a good edit, a new file and a Kamelet edit take effect
 * without a restart; an edit that fails the start-up checks, that Camel's YAML DSL cannot read, or that Camel cannot
 * start is rejected with file, line and what, and the previous flow keeps running and answering webhooks.
 */
// Closed after the class: its own folders and flows must not outlive it.
@DirtiesContext
class RouteReloadIT extends KairosAppTest {

    private static final Path ROOT = ConfigRoots.copyOfRepository();
    private static final String WEBHOOK_ROUTE = "routes/zendesk-webhook-to-inbox.camel.yaml";
    private static final String WEBHOOK_KAMELET = "connectors/zendesk-webhook-source.kamelet.yaml";
    private static final AtomicInteger EVENTS = new AtomicInteger();

    @Autowired
    CamelContext camel;

    @Autowired
    LiveConfiguration configuration;

    @DynamicPropertySource
    static void reloadingRoutes(DynamicPropertyRegistry registry) {
        registry.add("kairos.config.root", ROOT::toString);
        registry.add("ZENDESK_BRAND_B_WEBHOOK_SECRET", () -> "brand-b-secret");
    }

    @AfterEach
    void restoreTheFolders() throws IOException {
        Files.deleteIfExists(ROOT.resolve("routes/zendesk-brand-b-webhook-to-inbox.camel.yaml"));
        copy("routes", ".camel.yaml");
        copy("connectors", ".kamelet.yaml");
        configuration.reload();
        assertThat(configuration.rejected()).isEmpty();
    }

    @Test
    void anEditedAndANewRouteFileTakeEffectWithoutARestart() throws Exception {
        edit(WEBHOOK_ROUTE, "path: /zendesk", "path: /zendesk-main");
        Files.copy(Path.of("routes/examples/zendesk-brand-b-webhook-to-inbox.camel.yaml"),
                ROOT.resolve("routes/zendesk-brand-b-webhook-to-inbox.camel.yaml"));

        assertThat(configuration.reload()).isTrue();

        assertThat(post("/webhooks/zendesk-main", SignedWebhooks.SECRET).statusCode()).isEqualTo(202);
        assertThat(post("/webhooks/zendesk-brand-b", "brand-b-secret").statusCode()).isEqualTo(202);
        assertThat(post("/webhooks/zendesk", SignedWebhooks.SECRET).statusCode()).isEqualTo(404);
        assertThat(camel.getRouteController().getRouteStatus("zendesk-webhook-to-inbox").isStarted()).isTrue();
        assertThat(camel.getRoute("zendesk-ticket-to-enriched-ticket")).isNotNull();
    }

    @Test
    void anEditThatFailsTheStartUpChecksIsRejectedAndTheFlowKeepsRunning() throws Exception {
        edit(WEBHOOK_ROUTE, "id: zendesk-webhook-to-inbox", "id: zendesk-webhooks");

        assertThat(configuration.reload()).isFalse();

        assertThat(configuration.rejected()).extracting(ConfigProblem::toString).containsExactly(
                WEBHOOK_ROUTE + ":2: the id must be the file name, 'zendesk-webhook-to-inbox'");
        assertTheWebhookFlowStillRuns();
        assertThat(camel.getRoute("zendesk-webhooks")).isNull();
    }

    @Test
    void anEditCamelCannotReadIsRejectedAtItsLineAndTheFlowKeepsRunning() throws Exception {
        edit(WEBHOOK_ROUTE, "        - bean:", "        - been:");

        assertThat(configuration.reload()).isFalse();

        assertThat(configuration.rejected()).extracting(ConfigProblem::toString).containsExactly(
                WEBHOOK_ROUTE + ":12: Camel cannot load it: Unknown node id: been");
        assertTheWebhookFlowStillRuns();
    }

    @Test
    void anEditCamelCannotStartIsRolledBackAndTheFlowKeepsRunning() throws Exception {
        edit(WEBHOOK_ROUTE, "ref: webhookIntake", "ref: webhookIntakes");

        assertThat(configuration.reload()).isFalse();

        assertThat(configuration.rejected()).extracting(ConfigProblem::toString).containsExactly(WEBHOOK_ROUTE
                + ":13: Camel cannot load it: No bean could be found in the registry for: webhookIntakes");
        assertTheWebhookFlowStillRuns();
    }

    @Test
    void anEditedRouteConfigurationRecreatesTheFlowsThatOptIntoIt() throws Exception {
        Route enrichment = camel.getRoute("zendesk-ticket-to-enriched-ticket");
        Route webhooks = camel.getRoute("zendesk-webhook-to-inbox");
        edit("routes/kairos-errors.camel.yaml", "A failed inbox event is never lost",
                "A failed inbox event is never, ever lost");

        assertThat(configuration.reload()).isTrue();

        for (String id : new String[] {"zendesk-ticket-to-enriched-ticket", "signal-to-outbox",
                "intercom-conversation-to-zendesk-ticket"}) {
            assertThat(camel.getRouteController().getRouteStatus(id).isStarted()).as(id).isTrue();
        }
        assertThat(camel.getRoute("zendesk-ticket-to-enriched-ticket")).as("created again").isNotSameAs(enrichment);
        assertThat(camel.getRoute("zendesk-webhook-to-inbox")).as("does not use it").isSameAs(webhooks);
        assertThat(((ModelCamelContext) camel).getRouteConfigurationDefinition("kairos-errors").getDescription())
                .contains("never, ever lost");
    }

    @Test
    void aRemovedRouteFileStopsItsFlow() throws Exception {
        Files.delete(ROOT.resolve("routes/inbox-retention.camel.yaml"));

        assertThat(configuration.reload()).isTrue();

        assertThat(camel.getRoute("inbox-retention")).isNull();
        assertThat(camel.getRoute("signal-to-outbox")).isNotNull();
    }

    @Test
    void anEditedKameletReloadsTheFlowsThatUseIt() throws Exception {
        String kameletRoute = webhookKameletRoute();
        edit(WEBHOOK_KAMELET, "            method: answer\n", "            method: answer\n"
                + "        - setHeader:\n            name: X-Kairos-Source\n            constant: edited\n");

        assertThat(configuration.reload()).isTrue();

        HttpResponse<String> answer = post("/webhooks/zendesk", SignedWebhooks.SECRET);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.headers().firstValue("X-Kairos-Source")).contains("edited");
        assertThat(camel.getRoute(kameletRoute)).as("the route of the old template").isNull();
        assertThat(camel.getRouteController().getRouteStatus("intercom-webhook-to-inbox").isStarted())
                .as("a flow of another Kamelet is left alone").isTrue();
    }

    @Test
    void aKameletEditBreakingTheConventionsOrThatCamelCannotReadOrStartIsRejectedAndTheOldKameletKeepsServing()
            throws Exception {
        edit(WEBHOOK_KAMELET, "title: \"Zendesk Webhook Source\"", "title: \"Zendesk Webhooks\"");

        assertThat(configuration.reload()).isFalse();
        assertThat(configuration.rejected()).extracting(ConfigProblem::toString)
                .containsExactly(WEBHOOK_KAMELET + ":14: the title must end in Source");
        assertTheWebhookFlowStillRuns();

        copy("connectors", ".kamelet.yaml");
        edit(WEBHOOK_KAMELET, "        - removeProperty:", "        - removeProprety:");

        assertThat(configuration.reload()).isFalse();
        assertThat(configuration.rejected()).extracting(ConfigProblem::toString).singleElement().asString()
                .startsWith(WEBHOOK_KAMELET + ":63: Camel cannot load it: Unknown node id: removeProprety");
        assertTheWebhookFlowStillRuns();

        copy("connectors", ".kamelet.yaml");
        edit(WEBHOOK_KAMELET, "ref: webhookIntake", "ref: webhookIntakes");

        assertThat(configuration.reload()).isFalse();
        assertThat(configuration.rejected()).extracting(ConfigProblem::toString).containsExactly(WEBHOOK_KAMELET
                + ":61: Camel cannot load it: No bean could be found in the registry for: webhookIntakes (starting "
                + WEBHOOK_ROUTE + ")");
        assertTheWebhookFlowStillRuns();
    }

    /** The webhook flow is started and a signed delivery is still stored and answered 202. */
    private void assertTheWebhookFlowStillRuns() throws Exception {
        assertThat(camel.getRouteController().getRouteStatus("zendesk-webhook-to-inbox").isStarted()).isTrue();
        assertThat(post("/webhooks/zendesk", SignedWebhooks.SECRET).statusCode()).isEqualTo(202);
    }

    private String webhookKameletRoute() {
        return ((KameletEndpoint) camel.getRoute("zendesk-webhook-to-inbox").getEndpoint()).getRouteId();
    }

    private HttpResponse<String> post(String path, String secret) throws Exception {
        String body = SignedWebhooks.fixture("ticket-created")
                .replace("01HNX-CREATED-35436", "01HNX-RELOAD-" + EVENTS.incrementAndGet());
        String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String signature = new ZendeskSignature(secret, Duration.ofMinutes(5), Clock.systemUTC())
                .sign(timestamp, body.getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("X-Zendesk-Webhook-Signature-Timestamp", timestamp)
                .header("X-Zendesk-Webhook-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void edit(String file, String from, String to) throws IOException {
        Path path = ROOT.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    private static void copy(String folder, String suffix) {
        copy(ROOT, folder, suffix);
    }

    private static void copy(Path root, String folder, String suffix) {
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            for (Path file : files.filter(p -> p.toString().endsWith(suffix)).toList()) {
                Files.copy(file, root.resolve(folder).resolve(file.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
