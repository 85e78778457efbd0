package io.kairos.support;

import io.kairos.salesforce.PubSubRetryLoops;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.PubSubApiConsumer;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.ExceptionHandler;

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
        return start(component(loginUrl, true));
    }

    /**
     * The same component for Pub/Sub consumers: they refuse lazy login, so it logs in at start (the stand-in's
     * token must be stubbed first), and its gRPC client goes to {@code 127.0.0.1:pubSubPort} without a proxy.
     */
    public static CamelContext startForPubSub(String loginUrl, int pubSubPort) {
        SalesforceComponent component = component(loginUrl, false);
        component.setPubSubHost("127.0.0.1");
        component.setPubSubPort(pubSubPort);
        component.setPubsubAllowUseSystemProxy(false);
        return start(component);
    }

    /**
     * Starts a route from a {@code salesforce:pubSubSubscribe:} URI over plaintext: camel-salesforce offers no
     * option for it, only a setter on the consumer, so the route is created stopped, switched, then started.
     */
    public static PubSubApiConsumer subscribePlaintext(CamelContext camel, String routeId, String uri,
                                                       ExceptionHandler exceptionHandler, Processor processor)
            throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(routeId).autoStartup(false).process(processor);
            }
        });
        PubSubApiConsumer consumer = (PubSubApiConsumer) camel.getRoute(routeId).getConsumer();
        consumer.setUsePlainTextConnection(true);
        if (exceptionHandler != null) {
            consumer.setExceptionHandler(exceptionHandler);
        }
        camel.getRouteController().startRoute(routeId);
        return consumer;
    }

    /**
     * Interrupts every Pub/Sub client waiting to resubscribe, which ends its retry loop; returns how many there were.
     * A client stopped during that wait retries on its closed channel for good (see PubSubSubscriptionIT), and
     * camel-salesforce offers no way to end it: left running, it would log into the tests that follow.
     */
    public static int interruptPubSubRetryLoops() {
        return PubSubRetryLoops.endAll();
    }

    private static SalesforceComponent component(String loginUrl, boolean lazyLogin) {
        SalesforceComponent component = new SalesforceComponent();
        component.setLoginUrl(loginUrl);
        component.setClientId(CLIENT_ID);
        component.setClientSecret(CLIENT_SECRET);
        component.setAuthenticationType(AuthenticationType.CLIENT_CREDENTIALS);
        component.setLazyLogin(lazyLogin);
        // A new component has no endpoint configuration of its own: without one the API version is lost.
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("62.0");
        config.setRawPayload(true);
        component.setConfig(config);
        return component;
    }

    private static CamelContext start(SalesforceComponent component) {
        CamelContext camel = new DefaultCamelContext();
        camel.addComponent("salesforce", component);
        camel.start();
        return camel;
    }
}
