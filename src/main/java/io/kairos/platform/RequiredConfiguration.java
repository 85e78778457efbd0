package io.kairos.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Fails start-up, before any connection is attempted, when a required setting is missing; the sandbox profile
 * supplies its own. Runs as a bean-factory post-processor so it precedes every other bean.
 */
public class RequiredConfiguration implements BeanFactoryPostProcessor, EnvironmentAware {

    /** Environment name → property it binds to. */
    static final Map<String, String> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("ZENDESK_BASE_URL", "zendesk.base-url");
        REQUIRED.put("ZENDESK_EMAIL", "zendesk.email");
        REQUIRED.put("ZENDESK_API_TOKEN", "zendesk.api-token");
        REQUIRED.put("ZENDESK_WEBHOOK_SECRET", "zendesk.webhook-secret");
        REQUIRED.put("SALESFORCE_LOGIN_URL", "salesforce.login-url");
        REQUIRED.put("SALESFORCE_CLIENT_ID", "salesforce.client-id");
        REQUIRED.put("SALESFORCE_CLIENT_SECRET", "salesforce.client-secret");
        REQUIRED.put("KAIROS_API_TOKEN", "kairos.api-token");
    }

    /** Set, Salesforce is logged in to with the OAuth 2.0 JWT bearer flow instead of client credentials. */
    static final String SALESFORCE_JWT_KEYSTORE = "salesforce.jwt.keystore";

    /** The Intercom bridge verifies its webhooks with INTERCOM_CLIENT_SECRET; turned off, it needs none. */
    static final String INTERCOM_BRIDGE_ENABLED = "kairos.intercom-bridge.enabled";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (environment.acceptsProfiles(Profiles.of("sandbox"))) {
            return;
        }
        List<String> missing = missing(environment);
        if (!missing.isEmpty()) {
            throw new MissingConfigurationException(missing);
        }
    }

    static List<String> missing(Environment environment) {
        Map<String, String> required = new LinkedHashMap<>(REQUIRED);
        if (hasText(environment.getProperty(SALESFORCE_JWT_KEYSTORE))) {
            // The JWT bearer flow signs with the connected app's key: no client secret, but a user and the keystore's
            // password.
            required.remove("SALESFORCE_CLIENT_SECRET");
            required.put("SALESFORCE_JWT_USERNAME", "salesforce.jwt.username");
            required.put("SALESFORCE_JWT_KEYSTOREPASSWORD", "salesforce.jwt.keystore-password");
        }
        if (environment.getProperty(INTERCOM_BRIDGE_ENABLED, Boolean.class, true)) {
            required.put("INTERCOM_CLIENT_SECRET", "intercom.client-secret");
        }
        return required.entrySet().stream()
                .filter(e -> !hasText(environment.getProperty(e.getValue())))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
