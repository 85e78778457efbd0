package io.kairos.platform;

import java.time.Clock;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring shared by every package: the clock, configuration records, the start-up check. */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan("io.kairos")
public class PlatformConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    static RequiredConfiguration requiredConfiguration() {
        return new RequiredConfiguration();
    }
}
