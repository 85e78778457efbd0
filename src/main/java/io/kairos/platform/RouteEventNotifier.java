package io.kairos.platform;

import org.apache.camel.CamelContext;
import org.apache.camel.support.EventNotifierSupport;

/**
 * A Camel event notifier that hears only route events (added, removed, started, ...), registered with the context on
 * creation: the other event kinds are switched off, so exchanges and steps never pass through it.
 */
public abstract class RouteEventNotifier extends EventNotifierSupport {

    protected RouteEventNotifier(CamelContext camel) {
        setIgnoreCamelContextEvents(true);
        setIgnoreExchangeEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        camel.getManagementStrategy().addEventNotifier(this);
    }
}
