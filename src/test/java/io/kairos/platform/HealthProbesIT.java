package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.support.KairosAppTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The endpoints the chart's probes call answer UP, and Camel's own health is part of both. */
class HealthProbesIT extends KairosAppTest {

    @Test
    void livenessAndReadinessIncludeCamel() throws Exception {
        JsonNode liveness = get("/actuator/health/liveness");
        JsonNode readiness = get("/actuator/health/readiness");

        assertThat(liveness.path("status").asText()).isEqualTo("UP");
        assertThat(liveness.path("components").has("livenessState")).isTrue();
        assertThat(liveness.path("components").path("camelLivenessState").path("status").asText()).isEqualTo("UP");
        assertThat(readiness.path("status").asText()).isEqualTo("UP");
        assertThat(readiness.path("components").has("readinessState")).isTrue();
        assertThat(readiness.path("components").path("camelReadinessState").path("status").asText())
                .isEqualTo("UP");
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
