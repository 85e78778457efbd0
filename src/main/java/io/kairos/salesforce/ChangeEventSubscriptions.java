package io.kairos.salesforce;

import io.kairos.proactive.ChangeRule;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.SignalCatalog;
import io.kairos.proactive.SignalKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Keeps one subscription route per channel the signal catalog names, change-event channels and the org's own
 * platform event channels alike (route template routes/salesforce-change-to-inbox.camel.yaml), beyond the channels a
 * route file already subscribes: added when the catalog is applied, taken out when no kind names the channel any
 * more. salesforceStreamStarter starts them from their stored positions, as it does every salesforce-stream route.
 */
@Component
class ChangeEventSubscriptions {

    static final String TEMPLATE = "salesforce-change-to-inbox";
    private static final String ROUTE_PREFIX = "salesforce-change-";
    private static final String EVENT_ROUTE_PREFIX = "salesforce-event-";
    private static final String ROUTE_SUFFIX = "-to-inbox";
    private static final String EVENTS = "/event/";
    private static final Logger log = LoggerFactory.getLogger(ChangeEventSubscriptions.class);

    private final CamelContext camel;
    private final ProactiveRules rules;
    // Route id → channel, of the routes this class added.
    private final Map<String, String> added = new LinkedHashMap<>();
    private volatile boolean ready;

    ChangeEventSubscriptions(CamelContext camel, ProactiveRules rules) {
        this.camel = camel;
        this.rules = rules;
        rules.onCatalog(catalog -> {
            if (ready) {
                follow(catalog);
            }
        });
    }

    /** Before the starter's own start, so the first attempt finds every channel's route. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public void start() {
        ready = true;
        follow(rules.catalog());
    }

    /**
     * The route id of a channel: /data/AccountChangeEvent → salesforce-change-account-change-event-to-inbox,
     * /event/Order_Delayed__e → salesforce-event-order-delayed-to-inbox.
     */
    static String routeId(String channel) {
        boolean event = channel.startsWith(EVENTS);
        String name = channel.substring(channel.lastIndexOf('/') + 1);
        name = (event ? name.replaceAll("__e$", "") : name)
                .replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("[^A-Za-z0-9]+", "-")
                .toLowerCase(Locale.ROOT).replaceAll("^-|-$", "");
        return (event ? EVENT_ROUTE_PREFIX : ROUTE_PREFIX) + name + ROUTE_SUFFIX;
    }

    /**
     * The channels of the catalog's change-event rules (an order-change shorthand's channel has its route file) and
     * of its kinds' own platform event channels.
     */
    static Set<String> channels(SignalCatalog catalog) {
        Set<String> channels = new TreeSet<>();
        catalog.kinds().values().forEach(kind -> {
            kind.changeRules().stream().map(ChangeRule::channel).forEach(channels::add);
            kind.events().stream().map(SignalKind.EventSource::channel).forEach(channels::add);
        });
        return channels;
    }

    synchronized void follow(SignalCatalog catalog) {
        Set<String> wanted = channels(catalog);
        wanted.removeAll(subscribedByRouteFiles());
        for (Map.Entry<String, String> route : List.copyOf(added.entrySet())) {
            if (!wanted.contains(route.getValue())) {
                remove(route.getKey(), route.getValue());
            }
        }
        for (String channel : wanted) {
            if (!added.containsValue(channel)) {
                add(channel);
            }
        }
    }

    private void add(String channel) {
        String id = routeId(channel);
        try {
            TemplatedRouteBuilder.builder(camel, TEMPLATE).routeId(id).parameter("channel", channel).add();
            added.put(id, channel);
            log.info("Events of {} are subscribed by route {} (signal catalog)", channel, id);
        } catch (Exception e) {
            // The catalog is applied all the same: its other sources work, and the next catalog tries again.
            log.error("Could not add route {} for the signal catalog's channel {}: {}", id, channel, e.toString());
        }
    }

    private void remove(String id, String channel) {
        try {
            Route route = camel.getRoute(id);
            KameletEndpoint kamelet = route != null && route.getEndpoint() instanceof KameletEndpoint endpoint
                    ? endpoint : null;
            removeRoute(id);
            if (kamelet != null) {
                removeRoute(kamelet.getRouteId());
                camel.removeEndpoint(kamelet);
            }
            added.remove(id);
            log.info("Events of {} are no longer subscribed: no kind of the signal catalog names it", channel);
        } catch (Exception e) {
            log.error("Could not remove route {} of channel {}: {}", id, channel, e.toString());
        }
    }

    private void removeRoute(String id) throws Exception {
        if (camel.getRoute(id) != null) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        }
        // A Kamelet's route made while Camel runs is listed twice under its id (two Route objects): removing by id
        // leaves the other, which salesforceStreamStarter would keep trying to start.
        for (Route stale : camel.getRoutes()) {
            if (id.equals(stale.getRouteId())) {
                camel.getCamelContextExtension().removeRoute(stale);
            }
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition definition = model.getRouteDefinition(id);
        if (definition != null) {
            model.removeRouteDefinition(definition);
        }
    }

    /** Channels some route file subscribes (the Order and platform event flows): not added twice. */
    private Set<String> subscribedByRouteFiles() {
        Set<String> ours = new TreeSet<>();
        for (String id : added.keySet()) {
            Route route = camel.getRoute(id);
            if (route != null && route.getEndpoint() instanceof KameletEndpoint kamelet) {
                ours.add(kamelet.getRouteId());
            }
        }
        Set<String> channels = new TreeSet<>();
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof SalesforceEndpoint endpoint
                    && endpoint.getComponent() instanceof SalesforceStreamComponent
                    && !ours.contains(route.getRouteId())) {
                channels.add(CamelReplayIds.channelName(endpoint.getTopicName()));
            }
        }
        return channels;
    }
}
