package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.support.SignedIntercomWebhooks;
import io.kairos.support.SignedWebhooks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a real PostgreSQL: while the store is down a webhook gets 503 with Retry-After (the sender will redeliver),
 * and what was acked before the outage is still there after it.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "zendesk.base-url=http://127.0.0.1:9", "zendesk.email=kairos@acme.example", "zendesk.api-token=zd-outage-token-0451",
        "zendesk.webhook-secret=" + SignedWebhooks.SECRET, "salesforce.login-url=http://127.0.0.1:9",
        "salesforce.client-id=c", "salesforce.client-secret=s", "kairos.api-token=k",
        "intercom.client-secret=" + SignedIntercomWebhooks.SECRET,
        "kairos.signals.subscribe=false",
        // Keep the processor idle: this test is about ingest only.
        "kairos.inbox.poll-interval=3600000"})
// Its store is stopped after the class: a cached context would go on polling a dead server for the rest of the run.
@DirtiesContext
class StoreOutageIT {

    private static final Path DATA;
    private static final int PG_PORT;
    private static EmbeddedPostgres postgres;

    static {
        try {
            DATA = Files.createTempDirectory("kairos-outage-pg");
            try (ServerSocket socket = new ServerSocket(0)) {
                PG_PORT = socket.getLocalPort();
            }
            postgres = start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private static EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder().setPort(PG_PORT).setDataDirectory(DATA).setCleanDataDirectory(false).start();
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("kairos.db.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("kairos.db.user", () -> "postgres");
        registry.add("kairos.db.password", () -> "postgres");
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void storeDownAnswers503WithRetryAfterAndNothingAckedIsLost(CapturedOutput output) throws IOException {
        SignedWebhooks webhooks = new SignedWebhooks("http://localhost:" + port);
        String before = SignedWebhooks.fixture("ticket-created");
        assertThat(jdbc.queryForObject("select version()", String.class)).contains("PostgreSQL");
        assertThat(webhooks.post(before).statusCode()).isEqualTo(202);

        postgres.close();
        HttpResponse<String> during = webhooks.post(before.replace("01HNX-CREATED-35436", "during-outage"));

        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(during.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(during.body()).contains("store_unavailable");

        postgres = start();
        // Zendesk redelivers after Retry-After; the pool may need a moment to replace its broken connections.
        String redelivery = before.replace("01HNX-CREATED-35436", "during-outage");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> webhooks.post(redelivery).statusCode() == 202);

        assertThat(jdbc.queryForList("select event_id from inbox_event order by event_id", String.class))
                .containsExactly("01HNX-CREATED-35436", "during-outage");
        assertThat(output.getAll()).doesNotContain("zd-outage-token-0451");
    }

    @Test
    void tokensInLoggedMessagesAndExceptionsAreMasked(CapturedOutput output) {
        // camel-zendesk's own exception text, as it reads when a call fails.
        var failure = new IllegalStateException("Error invoking getTicket with {methodName=GET_TICKET, id=1, "
                + "serverUrl=http://z, token=zd-outage-token-0451, username=kairos@acme.example}");

        org.slf4j.LoggerFactory.getLogger(StoreOutageIT.class).warn("call failed: password=hunter2&x=1", failure);

        assertThat(output.getAll()).contains("token=***, username=kairos@acme.example").contains("password=***&x=1")
                .doesNotContain("zd-outage-token-0451").doesNotContain("hunter2");
    }
}
