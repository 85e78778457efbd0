package io.kairos.webhooks;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether Camel has started the routes that serve /webhooks/*. Tomcat listens before Camel starts its routes, and
 * the webhook servlet answers 404 to a path no route serves yet, which Zendesk never redelivers: until this says
 * started, {@link WebhookStartupFilter} answers 503 instead, and readiness (as health component
 * {@code webhookRoutes}) stays DOWN. Once started it stays so: a reload's flow swap is not a start-up.
 */
@Component("webhookRoutesHealthIndicator")
public class WebhookRoutes implements CamelContextConfiguration, HealthIndicator {

    private volatile CamelContext camel;
    private volatile boolean started;

    /**
     * True once Camel's context has started: it starts every route meant to run (the webhook routes among them)
     * before it reports so; a flow switched off (autoStartup: false) leaves its path to the servlet's 404.
     */
    public boolean started() {
        if (started) {
            return true;
        }
        CamelContext context = camel;
        // Camel reports the start just before its own status reads Started: wait for that too.
        if (context != null && context.isStarted()) {
            started = true;
        }
        return started;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    /** Called by Camel Spring Boot once the context has started (its CamelContextStartedEvent). */
    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        camel = camelContext;
    }

    @Override
    public Health health() {
        return started() ? Health.up().build()
                : Health.down().withDetail("reason", "the webhook routes have not started yet").build();
    }
}
