package io.kairos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.web.embedded.EmbeddedWebServerFactoryCustomizerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline for {@link IngestBenchmark}: bare Spring MVC on the same embedded Tomcat, with the same Hikari pool
 * size, doing the minimum the job needs — Zendesk's HMAC check (same algorithm, constant-time compare, same
 * timestamp tolerance), read the event id from the JSON body, one {@code insert ... on conflict do nothing} through
 * JdbcTemplate, answer 202 (200 for a duplicate). No Camel, no actuator, no metrics, no body-limit filter.
 *
 * <p>Deliberately neither {@code @Configuration} nor {@code @SpringBootApplication}, and the controller is a
 * non-static inner class: {@code KairosApplication} component-scans {@code io.kairos.**}, test classes included,
 * and must never pick this up. It is only ever a primary source handed to {@code SpringApplicationBuilder}.
 */
@ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        ServletWebServerFactoryAutoConfiguration.class,
        EmbeddedWebServerFactoryCustomizerAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class,
        DataSourceAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class})
public class BaselineWebhookApp {

    static final String TABLE_DDL = """
            create table if not exists baseline_inbox (
                source      varchar(32)              not null,
                event_id    varchar(200)             not null,
                payload     text                     not null,
                received_at timestamp with time zone not null,
                primary key (source, event_id))""";

    @Bean
    BaselineController baselineController(JdbcTemplate jdbc, ObjectMapper json,
                                          @Value("${baseline.webhook-secret}") String secret) {
        return new BaselineController(jdbc, json, secret);
    }

    /** Non-static on purpose (see the class comment): invisible to component scanning. */
    @RestController
    class BaselineController {

        private static final String SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature";
        private static final String TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp";
        private static final Duration TOLERANCE = Duration.ofMinutes(5);

        private final JdbcTemplate jdbc;
        private final ObjectMapper json;
        private final SecretKeySpec key;

        BaselineController(JdbcTemplate jdbc, ObjectMapper json, String secret) {
            this.jdbc = jdbc;
            this.json = json;
            this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        }

        @PostMapping(path = "/webhooks/zendesk", produces = MediaType.APPLICATION_JSON_VALUE)
        public ResponseEntity<String> receive(@RequestBody byte[] body,
                                              @RequestHeader(name = SIGNATURE_HEADER, required = false) String signature,
                                              @RequestHeader(name = TIMESTAMP_HEADER, required = false) String timestamp)
                throws Exception {
            if (signature == null || timestamp == null || !validSignature(timestamp, body, signature)
                    || !fresh(timestamp)) {
                return ResponseEntity.status(401).body("{\"error\":\"unauthorized\"}");
            }
            JsonNode id = json.readTree(body).get("id");
            if (id == null || id.isNull()) {
                return ResponseEntity.status(400).body("{\"error\":\"malformed\"}");
            }
            String eventId = id.asText();
            int inserted = jdbc.update("""
                    insert into baseline_inbox (source, event_id, payload, received_at) values (?, ?, ?, ?)
                    on conflict do nothing""", "zendesk", eventId, new String(body, StandardCharsets.UTF_8),
                    OffsetDateTime.now(ZoneOffset.UTC));
            return ResponseEntity.status(inserted == 1 ? 202 : 200)
                    .body("{\"status\":\"" + (inserted == 1 ? "accepted" : "duplicate") + "\",\"eventId\":\""
                            + eventId + "\"}");
        }

        private boolean validSignature(String timestamp, byte[] body, String signature)
                throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            byte[] expected = Base64.getEncoder().encode(mac.doFinal(body));
            return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
        }

        private boolean fresh(String timestamp) {
            try {
                return Duration.between(Instant.parse(timestamp.trim()), Instant.now()).abs()
                        .compareTo(TOLERANCE) <= 0;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
