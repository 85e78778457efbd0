package io.kairos.salesforce;

import org.apache.camel.Ordered;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Logs in to Salesforce with the OAuth 2.0 JWT bearer flow when SALESFORCE_JWT_KEYSTORE is set: camel-salesforce
 * signs the assertion (iss = the connected app's consumer key, sub = the user, aud = the login URL) with the
 * keystore's key. Applied to every Salesforce component (queries and subscriptions alike).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SalesforceJwtProperties.class)
class SalesforceJwtConfiguration {

    @Bean
    @ConditionalOnProperty("salesforce.jwt.keystore")
    ComponentCustomizer salesforceJwtBearer(SalesforceJwtProperties jwt) {
        // After camel.component.salesforce.* (a customizer of order 0), which would set client credentials again.
        return ComponentCustomizer.builder(SalesforceComponent.class).withOrder(Ordered.LOWEST).build(component -> {
            KeyStoreParameters keystore = new KeyStoreParameters();
            keystore.setResource(jwt.keystoreResource());
            keystore.setPassword(jwt.keystorePassword());
            keystore.setType("PKCS12");
            component.setAuthenticationType(AuthenticationType.JWT);
            component.setUserName(jwt.username());
            component.setKeystore(keystore);
            component.setClientSecret(null);
        });
    }
}
