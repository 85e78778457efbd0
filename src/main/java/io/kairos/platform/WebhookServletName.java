package io.kairos.platform;

import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives Camel's webhook servlet a name unique to this application context, unless one is configured: camel-servlet
 * keeps servlets in a JVM-wide registry by name, and a second Kairos context in the same JVM (tests, benchmarks)
 * must not take over the first one's endpoints. Set once here, so the servlet and its routes read the same value.
 */
public class WebhookServletName implements EnvironmentPostProcessor {

    static final String PROPERTY = "kairos.webhooks.servlet-name";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.containsProperty(PROPERTY)) {
            environment.getPropertySources().addLast(new MapPropertySource("kairosWebhookServletName",
                    Map.of(PROPERTY, "KairosWebhooks-" + UUID.randomUUID().toString().substring(0, 8))));
        }
    }
}
