package io.kairos.salesforce;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Tells salesforceStreamStarter of subscription routes that appear while Kairos runs (route reload). */
@Component
class SubscriptionRouteListener extends EventNotifierSupport {

    private final ObjectProvider<SalesforceStreamStarter> starter;

    SubscriptionRouteListener(CamelContext camel, ObjectProvider<SalesforceStreamStarter> starter) {
        this.starter = starter;
        setIgnoreCamelContextEvents(true);
        setIgnoreExchangeEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        camel.getManagementStrategy().addEventNotifier(this);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteAddedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        starter.getObject().routeAdded(((CamelEvent.RouteAddedEvent) event).getRoute());
    }
}
