package io.kairos.sandbox;

import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The simulated systems start from their seed on every run, so the sandbox store does too: otherwise Kairos
 * would remember enrichments of tickets the simulated Zendesk no longer shows.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class SandboxStoreReset {

    @Bean
    FlywayMigrationStrategy cleanThenMigrate() {
        return flyway -> {
            flyway.clean();
            flyway.migrate();
        };
    }
}
