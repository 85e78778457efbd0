package io.kairos.salesforce;

import io.kairos.platform.RouteEventNotifier;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Tells salesforceStreamStarter of subscription routes that appear while Kairos runs (route reload). */
@Component
class SubscriptionRouteListener extends RouteEventNotifier {

    private final ObjectProvider<SalesforceStreamStarter> starter;

    SubscriptionRouteListener(CamelContext camel, ObjectProvider<SalesforceStreamStarter> starter) {
        super(camel);
        this.starter = starter;
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
