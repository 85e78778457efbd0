package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.SignedIntercomWebhooks;
import io.kairos.support.TestDatabases;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the bridge off, Kairos starts without INTERCOM_CLIENT_SECRET and does not serve /webhooks/intercom. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kairos.intercom-bridge.enabled=false",
        "zendesk.base-url=http://127.0.0.1:9", "zendesk.email=kairos@acme.example", "zendesk.api-token=t",
        "zendesk.webhook-secret=s", "salesforce.login-url=http://127.0.0.1:9", "salesforce.client-id=c",
        "salesforce.client-secret=s", "kairos.api-token=k", "kairos.signals.subscribe=false",
        "kairos.inbox.poll-interval=3600000"})
class IntercomBridgeDisabledIT {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        TestDatabases.registerPostgres(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Test
    void theIntercomWebhookIsNotServedAndNeedsNoClientSecret() {
        assertThat(camel.getRouteController().getRouteStatus("intercom-webhook-to-inbox"))
                .isEqualTo(ServiceStatus.Stopped);

        HttpResponse<String> response = new SignedIntercomWebhooks("http://localhost:" + port)
                .post(SignedIntercomWebhooks.fixture("conversation-user-created"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(camel.getRouteController().getRouteStatus("zendesk-webhook-to-inbox"))
                .isEqualTo(ServiceStatus.Started);
    }
}
