package io.kairos.support;

import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A minimal CamelContext with the real salesforce component configured as Kairos configures it (client
 * credentials, API 62.0, raw payloads, lazy login), pointed at a stand-in Salesforce.
 */
public final class SalesforceTestCamel {

    public static final String CLIENT_ID = "kairos-test";
    public static final String CLIENT_SECRET = "test-client-secret";

    private SalesforceTestCamel() {
    }

    public static CamelContext start(String loginUrl) {
        SalesforceComponent component = new SalesforceComponent();
        component.setLoginUrl(loginUrl);
        component.setClientId(CLIENT_ID);
        component.setClientSecret(CLIENT_SECRET);
        component.setAuthenticationType(AuthenticationType.CLIENT_CREDENTIALS);
        component.setLazyLogin(true);
        // A new component has no endpoint configuration of its own: without one the API version is lost.
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("62.0");
        config.setRawPayload(true);
        component.setConfig(config);

        CamelContext camel = new DefaultCamelContext();
        camel.addComponent("salesforce", component);
        camel.start();
        return camel;
    }
}
