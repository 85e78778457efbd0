package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.KairosAppTest;
import io.kairos.support.SignedWebhooks;
import io.kairos.support.YamlRoutes;
import io.kairos.zendesk.ZendeskSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Boots every route in routes/ and every Kamelet in connectors/ in the whole app against the WireMock stand-ins:
 * an ops edit that breaks a route or a Kamelet fails here before it reaches production.
 */
class RoutesLoadTest extends KairosAppTest {

    private static final String BRAND_B_SECRET = "brand-b-webhook-secret";

    @Autowired
    CamelContext camel;

    private final List<String> added = new ArrayList<>();

    @AfterEach
    void removeAddedRoutes() throws Exception {
        for (String id : added) {
            String kameletRoute = ((KameletEndpoint) camel.getRoute(id).getEndpoint()).getRouteId();
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
            // KameletRouteCleanup removes the Kamelet's route with its flow.
            assertThat(camel.getRoute(kameletRoute)).isNull();
        }
    }

    @Test
    void everyRouteFileIsItsRouteAndStartsUnlessItSaysOtherwise() throws IOException {
        Set<String> configurations = ((ModelCamelContext) camel).getRouteConfigurationDefinitions().stream()
                .map(RouteConfigurationDefinition::getId).collect(Collectors.toSet());

        Set<String> templates = ((ModelCamelContext) camel).getRouteTemplateDefinitions().stream()
                .map(RouteTemplateDefinition::getId).collect(Collectors.toSet());

        for (String id : names(Path.of("routes"), ".camel.yaml")) {
            if (configurations.contains(id) || templates.contains(id)) {
                continue;
            }
            assertThat(camel.getRoute(id)).as("route of routes/%s.camel.yaml", id).isNotNull();
            boolean disabled = Pattern.compile("(?m)^\\s+autoStartup:\\s*false\\s*$")
                    .matcher(Files.readString(Path.of("routes", id + ".camel.yaml"))).find();
            assertThat(camel.getRouteController().getRouteStatus(id).isStarted()).as(id).isEqualTo(!disabled);
        }
        assertThat(configurations).contains("kairos-errors");
        assertThat(templates).contains("outbox-to-channel");
    }

    @Test
    void everyKameletBootsAsARoute() throws Exception {
        // The CometD source serves the signal flows only with kairos.signals.transport=cometd: booted here by hand.
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("cometd-flow.camel.yaml", """
                - route:
                    id: salesforce-signal-cometd-to-inbox
                    from:
                      uri: kamelet:salesforce-signal-cometd-source
                      parameters:
                        channel: /event/Kairos_Signal__e
                      steps:
                        - bean:
                            ref: salesforceSignalIntake
                            method: accept
                """));
        // The generic HTTP sink serves channels added as configuration: booted through the example channel.
        String webhookChannel = Files.readString(Path.of("routes/examples/outbox-to-webhook-message.camel.yaml"))
                .replace("{{KAIROS_WEBHOOK_CHANNEL_URL}}", "http://localhost:1/hooks");
        YamlRoutes.add(camel, "outbox-to-webhook-message.camel.yaml", webhookChannel);
        for (String kamelet : names(Path.of("connectors"), ".kamelet.yaml")) {
            List<Route> routes = camel.getRoutes().stream()
                    .filter(r -> r.isCreatedByKamelet() && r.getRouteId().startsWith(kamelet + "-")).toList();
            assertThat(routes).as("routes of connectors/%s.kamelet.yaml", kamelet).isNotEmpty();
            for (Route route : routes) {
                boolean started = camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted();
                // A subscription starts when Salesforce answers (salesforceStreamStarter); off in these tests.
                assertThat(started).as(route.getRouteId()).isEqualTo(!(route.getEndpoint() instanceof SalesforceEndpoint));
            }
        }
        // Removed by hand: KameletRouteCleanup leaves a never-started subscription route behind (CometD's too).
        String kameletRoute = ((KameletEndpoint) camel.getRoute("salesforce-signal-cometd-to-inbox").getEndpoint())
                .getRouteId();
        for (String id : List.of("salesforce-signal-cometd-to-inbox", kameletRoute)) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        }
        List<String> webhookRoutes = new ArrayList<>(List.of("outbox-to-webhook-message"));
        camel.getRoutes().stream().filter(r -> r.getRouteId().startsWith("http-message-sink-"))
                .forEach(r -> webhookRoutes.add(r.getRouteId()));
        for (String id : webhookRoutes) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        }
    }

    @Test
    void aSecondBrandsWebhookIsAddedByYamlOnly() throws Exception {
        String example = Files.readString(Path.of("routes/examples/zendesk-brand-b-webhook-to-inbox.camel.yaml"))
                .replace("{{ZENDESK_BRAND_B_WEBHOOK_SECRET}}", BRAND_B_SECRET);
        load("zendesk-brand-b-webhook-to-inbox", example);
        String body = SignedWebhooks.fixture("ticket-created");

        HttpResponse<String> brandB = post("/webhooks/zendesk-brand-b", body, BRAND_B_SECRET);
        HttpResponse<String> firstBrandsSecret = post("/webhooks/zendesk-brand-b", body, SignedWebhooks.SECRET);

        assertThat(brandB.statusCode()).isEqualTo(202);
        assertThat(inboxStatus("01HNX-CREATED-35436")).isNotNull();
        assertThat(firstBrandsSecret.statusCode()).isEqualTo(401);
        assertThat(webhooks().post(body.replace("01HNX-CREATED-35436", "01HNX-FIRST-BRAND")).statusCode())
                .isEqualTo(202);
    }

    private void load(String id, String yaml) throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString(id + ".camel.yaml", yaml));
        added.add(id);
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

    private static Set<String> names(Path folder, String suffix) throws IOException {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).collect(Collectors.toSet());
        }
    }
}
