package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.support.ControlGroupSeed;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SignedWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Health groups, Prometheus metrics and the correlation id from webhook to write-back, on the whole app. */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT extends KairosAppTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void livenessAndReadinessGroupsHoldCamelsChecks() throws Exception {
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        HttpResponse<String> readiness = get("/actuator/health/readiness");

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"").contains("\"camelLivenessState\"")
                .contains("\"livenessState\"").doesNotContain("\"db\"");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"").contains("\"camelReadinessState\"")
                .contains("\"readinessState\"")
                // The store is left out on purpose: while it is down a ready pod answers webhooks 503 + Retry-After.
                .doesNotContain("\"db\"");
    }

    @Test
    void oneCorrelationIdFollowsAWebhookFromTheRequestToTheWriteBack(CapturedOutput output) {
        stubTicket35436();
        stubTicket35436UpdateOk();

        HttpResponse<String> response = webhooks().post(SignedWebhooks.fixture("ticket-created"));

        assertThat(response.statusCode()).isEqualTo(202);
        String id = response.headers().firstValue(Correlation.HEADER).orElseThrow();
        assertThat(id).matches("[0-9a-f]{16}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus("01HNX-CREATED-35436")));
        assertThat(jdbc.queryForObject("select correlation_id from inbox_event where event_id = ?", String.class,
                "01HNX-CREATED-35436")).isEqualTo(id);
        List<String> lines = output.getAll().lines().filter(line -> line.contains("[" + id + "]")).toList();
        assertThat(lines).anyMatch(line -> line.contains("Stored zendesk webhook 01HNX-CREATED-35436"))
                .anyMatch(line -> line.contains("zendesk/01HNX-CREATED-35436") && line.contains("DONE: enriched"));
    }

    @Test
    void aCallersCorrelationIdIsKeptWhenItIsAPlainToken() throws Exception {
        HttpResponse<String> given = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/suppressions"))
                .header(Correlation.HEADER, "req-42.a").header("Authorization", "Bearer " + API_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/suppressions"))
                .header(Correlation.HEADER, "x\" level=ERROR").header("Authorization", "Bearer " + API_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(given.headers().firstValue(Correlation.HEADER)).hasValue("req-42.a");
        assertThat(forged.headers().firstValue(Correlation.HEADER).orElseThrow()).matches("[0-9a-f]{16}");
    }

    @Test
    void prometheusShowsWhatKairosDid() throws Exception {
        stubTicket35436();
        stubTicket35436UpdateOk();
        webhooks().post(SignedWebhooks.fixture("ticket-created"));
        webhooks().post(SignedWebhooks.fixture("ticket-created"), "2020-01-01T00:00:00Z", "forged");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus("01HNX-CREATED-35436")));
        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/zendesk"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1_100_000))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        jdbc.update("""
                insert into dead_letter (source, event_id, event_type, reason, payload, attempts, failed_at)
                values ('intercom', 'n-1', 'conversation.user.replied', 'no ticket', '{}', 8, current_timestamp)""");
        // A control group, so the impact reading (at most once a minute) registers per-kind gauges while scraped.
        ControlGroupSeed seed = new ControlGroupSeed(jdbc);
        seed.signal("sig-od", "ORDER_DELAY", "801A", Instant.now().minus(Duration.ofDays(1)));
        seed.ledger("held", 2, "sig-od", "HELD_OUT", Instant.now());

        String metrics = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get("/actuator/prometheus").body(),
                        body -> value(body, "kairos_dead_letters_open{application=\"kairos\",source=\"intercom\"}") == 1);

        assertThat(value(metrics, "kairos_webhooks_total{application=\"kairos\",outcome=\"accepted\",source=\"zendesk\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics,
                "kairos_webhooks_total{application=\"kairos\",outcome=\"unauthorized\",source=\"zendesk\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "kairos_webhooks_total{application=\"kairos\",outcome=\"too_large\",source=\"zendesk\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics,
                "kairos_enrichment_latency_seconds_count{application=\"kairos\",outcome=\"enriched\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("kairos_enrichment_latency_seconds_bucket{")
                .contains("kairos_outbox_depth{application=\"kairos\",status=\"planned\"}")
                .contains("kairos_outbox_oldest_due_age_seconds{")
                .contains("kairos_inbox_depth{application=\"kairos\",status=\"pending\"}")
                .contains("kairos_salesforce_api_used{")
                .contains("kairos_salesforce_api_used_share{")
                .contains("kairos_salesforce_replay_position_age_seconds{")
                .contains("kairos_salesforce_quota_exhausted_total{")
                .contains("kairos_impact_kinds{");
        // A kind's gauges appear once a reading has found it: at once here, or after the minute a reading is kept.
        await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get("/actuator/prometheus").body(), body -> value(body,
                        "kairos_impact_ticket_share{application=\"kairos\",experiment=\"control-group\","
                                + "group=\"held_out\",kind=\"ORDER_DELAY\","
                                + "outcome=\"any\"}") == 0);
    }

    /** The value of one sample line, or -1 when absent. */
    private static double value(String metrics, String sample) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
