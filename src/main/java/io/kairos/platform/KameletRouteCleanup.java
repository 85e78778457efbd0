package io.kairos.platform;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes a Kamelet's route together with the flow that used it. Camel removes a flow (as a reload replaces it) but
 * keeps the routes its Kamelets made: a webhook source's old route would hold its servlet path, and the reloaded
 * flow's new one could not start ("Multiple consumers for the same endpoint").
 */
@Component
public class KameletRouteCleanup extends RouteEventNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(KameletRouteCleanup.class);

    private final CamelContext camel;

    public KameletRouteCleanup(CamelContext camel) {
        super(camel);
        this.camel = camel;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteRemovedEvent;
    }

    @Override
    public void notify(CamelEvent event) throws Exception {
        Route removed = ((CamelEvent.RouteRemovedEvent) event).getRoute();
        if (removed.isCreatedByKamelet() || !camel.isStarted()) {
            return;
        }
        // The Kamelet routes still in use by a remaining flow: the others belonged to the removed one.
        Set<String> used = camel.getEndpoints().stream().filter(KameletEndpoint.class::isInstance)
                .map(endpoint -> ((KameletEndpoint) endpoint).getRouteId()).collect(Collectors.toSet());
        Endpoint from = removed.getEndpoint();
        for (Route route : camel.getRoutes()) {
            boolean source = from instanceof KameletEndpoint kamelet && route.getRouteId().equals(kamelet.getRouteId());
            if (route.isCreatedByKamelet() && (source || !used.contains(route.getRouteId()))) {
                LOG.info("Removing {}, the Kamelet route of the removed flow {}", route.getRouteId(),
                        removed.getRouteId());
                camel.getRouteController().stopRoute(route.getRouteId());
                camel.removeRoute(route.getRouteId());
            }
        }
    }
}
