package io.kairos.support;

import io.kairos.KairosApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole Kairos app started for its Salesforce signal intake alone: subscribing, the inbox processor idle (rows
 * stay as stored), quick subscription retries, on the given database and Salesforce stand-in.
 */
public final class SignalIntakeApps {

    private SignalIntakeApps() {
    }

    /** Subscribed over CometD, named rather than left to the default, which is moving to Pub/Sub. */
    public static ConfigurableApplicationContext cometd(String salesforceUrl, String databaseUrl) {
        return start(salesforceUrl, databaseUrl, List.of("--kairos.signals.transport=cometd"),
                new SpringApplicationBuilder(KairosApplication.class));
    }

    /** Subscribed over Pub/Sub to the loopback {@link PubSubStandIn} on {@code pubSubPort}, in plaintext. */
    public static ConfigurableApplicationContext pubSub(String salesforceUrl, int pubSubPort, String databaseUrl) {
        return start(salesforceUrl, databaseUrl, List.of("--kairos.signals.transport=pubsub",
                        "--camel.component.salesforce.pub-sub-host=127.0.0.1",
                        "--camel.component.salesforce.pub-sub-port=" + pubSubPort,
                        "--camel.component.salesforce.pubsub-allow-use-system-proxy=false"),
                new SpringApplicationBuilder(KairosApplication.class, PlaintextPubSub.class));
    }

    private static ConfigurableApplicationContext start(String salesforceUrl, String databaseUrl,
                                                        List<String> transport, SpringApplicationBuilder app) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
        arguments.addAll(transport);
        return app.properties(
                "zendesk.base-url=http://127.0.0.1:9",
                "zendesk.email=kairos@acme.example",
                "zendesk.api-token=zd-test-token-123",
                "zendesk.webhook-secret=" + SignedWebhooks.SECRET,
                "salesforce.login-url=" + salesforceUrl,
                "salesforce.client-id=test-client",
                "salesforce.client-secret=test-client-secret",
                "kairos.api-token=test-api-token",
                "intercom.client-secret=" + SignedIntercomWebhooks.SECRET,
                "kairos.webhooks.servlet-name=" + UUID.randomUUID(),
                "kairos.db.url=" + databaseUrl,
                "kairos.db.user=postgres",
                // Keep the processor idle: these runs are about intake, rows must stay as stored.
                "kairos.inbox.poll-interval=3600000",
                "kairos.signals.subscribe=true",
                "kairos.signals.start-retry-initial=200ms",
                "kairos.signals.start-retry-max=1s")
                // Arguments, not default properties: application.yaml's values (server.port 8080) would win.
                .run(arguments.toArray(String[]::new));
    }
}
