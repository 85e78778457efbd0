package io.kairos.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says once, loudly, at start-up that the outside systems are simulated. */
@Component
@Profile("sandbox")
class SandboxModeWarning {

    private static final Logger log = LoggerFactory.getLogger(SandboxModeWarning.class);

    private final Environment environment;

    SandboxModeWarning(Environment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationStartedEvent.class)
    void warn() {
        log.warn("SANDBOX MODE: Zendesk, Salesforce and Intercom are simulated in-process; nothing leaves this machine.");
        log.warn("SANDBOX MODE: admin page at http://localhost:{}/admin, user '{}', password '{}'",
                environment.getProperty("local.server.port", environment.getProperty("server.port", "8080")),
                environment.getProperty("kairos.admin.user"), environment.getProperty("kairos.admin.password"));
    }
}
