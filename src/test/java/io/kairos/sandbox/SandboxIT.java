package io.kairos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's first run, as a test: the sandbox profile, no configuration at all, and the sample script posting a
 * signed webhook; the simulated ticket then carries Kairos's note.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("sandbox")
class SandboxIT {

    private static final int PORT = freePort();
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("kairos.webhooks.servlet-name", () -> "SandboxIT");
        registry.add("kairos.db.url", () -> "jdbc:h2:mem:sandbox-it;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    @Test
    void theSampleWebhookEnrichesTheSimulatedTicket() throws Exception {
        Process script = new ProcessBuilder(List.of("bash", "scripts/send-sample-webhook.sh", "35437",
                "http://localhost:" + PORT)).directory(Path.of(".").toFile()).redirectErrorStream(true).start();
        String printed = new String(script.getInputStream().readAllBytes());
        assertThat(script.waitFor()).isZero();
        assertThat(printed).contains("HTTP/1.1 202").contains("\"status\":\"accepted\"");

        await().atMost(Duration.ofSeconds(20)).until(() -> get("/sandbox/zendesk/api/v2/tickets/35437/comments.json")
                .contains("Kairos · Salesforce context"));
        String comments = get("/sandbox/zendesk/api/v2/tickets/35437/comments.json");
        assertThat(comments).contains("Who: Omar Haddad <omar@globex.example> · Globex Inc · Tier: Silver")
                .contains("KI-0042").contains("\"public\":false");
        String ticket = get("/sandbox/zendesk/api/v2/tickets/35437.json");
        assertThat(ticket).contains("\"problem_id\":99").contains("\"type\":\"incident\"")
                .contains("kairos_known_issue");
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
                .header("Authorization", "Basic YWdlbnRAc2FuZGJveC5leGFtcGxlL3Rva2VuOng=").build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
