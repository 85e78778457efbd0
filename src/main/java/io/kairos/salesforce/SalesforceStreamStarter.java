package io.kairos.salesforce;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the routes that consume from {@code salesforce-stream:} in the background once Kairos is up, each from
 * its stored replay position, and keeps retrying with backoff while Salesforce is unreachable.
 */
@Component("salesforceStreamStarter")
public class SalesforceStreamStarter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SalesforceStreamStarter.class);

    private final CamelContext camel;
    private final SubscriptionReplay replay;
    private final SignalChannelProperties properties;
    private final Set<String> gapChannels = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService executor;
    private Duration nextDelay;

    public SalesforceStreamStarter(CamelContext camel, SubscriptionReplay replay,
                                   SignalChannelProperties properties) {
        this.camel = camel;
        this.replay = replay;
        this.properties = properties;
        this.nextDelay = properties.startRetryInitial();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (!properties.subscribe()) {
            log.info("Salesforce subscriptions are off (kairos.signals.subscribe=false)");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "salesforce-stream-starter");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::attempt);
    }

    /** True when every subscription route runs. */
    public boolean allStarted() {
        return streamRoutes().stream()
                .allMatch(route -> camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted());
    }

    /** Stops retrying before Camel stops the routes, so a start attempt never races the shutdown. */
    @EventListener(ContextClosedEvent.class)
    public void stopRetrying() {
        destroy();
    }

    @Override
    public void destroy() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
        }
    }

    private void attempt() {
        List<String> failed = new ArrayList<>();
        Exception lastFailure = null;
        for (Route route : streamRoutes()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            if (status != null && status.isStarted()) {
                continue;
            }
            try {
                start(route);
            } catch (Exception e) {
                failed.add(route.getRouteId());
                lastFailure = e;
            }
        }
        if (failed.isEmpty()) {
            log.info("Salesforce subscriptions started");
            return;
        }
        Duration delay = nextDelay;
        nextDelay = delay.multipliedBy(2).compareTo(properties.startRetryMax()) > 0
                ? properties.startRetryMax() : delay.multipliedBy(2);
        log.warn("Salesforce subscriptions {} not started ({}); retrying in {}", failed, rootMessage(lastFailure),
                delay);
        if (!executor.isShutdown()) {
            executor.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void start(Route route) throws Exception {
        SalesforceEndpoint endpoint = (SalesforceEndpoint) route.getEndpoint();
        String channel = CamelReplayIds.channelName(endpoint.getTopicName());
        // A gap is counted and recorded once; later attempts keep resuming from the earliest retained event.
        long from = gapChannels.contains(channel) ? SubscriptionReplay.ALL_RETAINED : replay.startFrom(channel);
        if (from == SubscriptionReplay.ALL_RETAINED) {
            gapChannels.add(channel);
        }
        endpoint.setReplayId(from);
        CamelReplayIds.force(channel, from);
        camel.getRouteController().startRoute(route.getRouteId());
    }

    private List<Route> streamRoutes() {
        return camel.getRoutes().stream()
                .filter(route -> route.getEndpoint() instanceof SalesforceEndpoint endpoint
                        && endpoint.getComponent() instanceof SalesforceStreamComponent)
                .toList();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
