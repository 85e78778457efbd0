package io.kairos.proactive;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the proactive path's plain classes. */
@Configuration(proxyBeanMethods = false)
class ProactiveConfiguration {

    @Bean
    SignalRequests signalRequests(ProactiveProperties properties, Clock clock, ProactiveRules rules) {
        return new SignalRequests(properties, clock, AudienceFilter::validate, rules::catalog);
    }
}
