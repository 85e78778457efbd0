package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/**
 * The JSON log formats Spring Boot offers (LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs or logstash), with Kairos's
 * customizer as application.yaml names it: one object per line, the correlation id a field, secrets masked.
 */
class StructuredLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash"})
    void aLineCarriesTheCorrelationIdAndNoSecret(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        Environment environment = new MockEnvironment()
                .withProperty("logging.structured.json.customizer", SecretMaskingJsonCustomizer.class.getName())
                .withProperty("logging.structured.ecs.service.name", "kairos");
        context.putObject(Environment.class.getName(), environment);
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        LoggingEvent event = new LoggingEvent(StructuredLogsTest.class.getName(), context.getLogger("io.kairos.Test"),
                Level.WARN, "call failed: password=hunter2&x=1", new IllegalStateException(
                "Error invoking getTicket with {id=1, token=zd-outage-token-0451, username=kairos@acme.example}"),
                null);
        event.setMDCPropertyMap(Map.of(Correlation.MDC_KEY, "0123456789abcdef"));

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("hunter2").doesNotContain("zd-outage-token-0451");
        assertThat(line.strip().lines()).hasSize(1);
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("correlationId").asText()).isEqualTo("0123456789abcdef");
        assertThat(json.path("message").asText()).isEqualTo("call failed: password=***&x=1");
        assertThat(line).contains("token=***, username=kairos@acme.example");
    }
}
