package io.kairos.salesforce;

import com.salesforce.eventbus.protobuf.ReplayPreset;
import io.kairos.platform.LeaderTerms;
import io.kairos.platform.Leadership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.component.salesforce.InvalidReplayIdException;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.component.salesforce.internal.OperationName;
import org.apache.camel.component.salesforce.internal.SalesforceSession;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.LoggingExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Starts the routes that consume from {@code salesforce-stream:} (those of the salesforce-signal-cometd-source and
 * salesforce-signal-pubsub-source Kamelets) in the background once Kairos is up and leads the subscriber role
 * (always, with leader election off), each from its stored replay position under a new subscriber term; keeps retrying with backoff while Salesforce or the store is
 * unreachable; restarts a route from its stored position when its intake failed; and stops them when leadership is
 * lost or the store says a newer term took over. A subscription whose flow ops switched off stays off.
 */
@Component("salesforceStreamStarter")
public class SalesforceStreamStarter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SalesforceStreamStarter.class);

    private final CamelContext camel;
    private final SubscriptionReplay replay;
    private final SignalChannelProperties properties;
    private final SubscriptionHolds holds;
    private final Leadership leadership;
    private final LeaderTerms terms;
    private final ReplayPositions positions;
    private final TransactionOperations transactions;
    private final SubscriberTerm term;
    private final PubSubStallWatch stallWatch;
    private final Set<String> gapChannels = ConcurrentHashMap.newKeySet();
    // Pub/Sub channels whose refused replay id is being handled: camel-salesforce retries it until the route stops.
    private final Set<String> refusedPubSub = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService executor;
    private volatile boolean leading;
    // Confined to the executor's thread, like nextDelay: the term this replica's subscriptions run under.
    private Long epoch;
    private Duration nextDelay;

    public SalesforceStreamStarter(CamelContext camel, SubscriptionReplay replay,
                                   SignalChannelProperties properties, SubscriptionHolds holds, Leadership leadership,
                                   LeaderTerms terms, ReplayPositions positions, TransactionOperations transactions,
                                   SubscriberTerm term, PubSubStallWatch stallWatch) {
        this.camel = camel;
        this.replay = replay;
        this.properties = properties;
        this.holds = holds;
        this.leadership = leadership;
        this.terms = terms;
        this.positions = positions;
        this.transactions = transactions;
        this.term = term;
        this.stallWatch = stallWatch;
        this.nextDelay = properties.startRetryInitial();
        holds.onHold(this::resubscribe);
    }

    /**
     * A subscription route added while Kairos runs (a flow file reloaded by Camel) is started like the first ones,
     * from its stored position.
     */
    public void routeAdded(Route route) {
        ScheduledExecutorService running = executor;
        if (running != null && !running.isShutdown() && route.getEndpoint() instanceof SalesforceEndpoint endpoint
                && endpoint.getComponent() instanceof SalesforceStreamComponent) {
            running.schedule(this::attempt, 500, TimeUnit.MILLISECONDS);
        }
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
        term.onStale(stale -> onExecutor(() -> standDown("the store holds subscriber term " + stale.newerEpoch()
                + ", newer than this replica's " + stale.epoch() + ": another replica subscribes now")));
        leadership.watch(ReplayPositions.SUBSCRIBER_ROLE, new Leadership.Listener() {
            @Override
            public void granted() {
                onExecutor(SalesforceStreamStarter.this::lead);
            }

            @Override
            public void revoked() {
                onExecutor(() -> standDown("this replica no longer leads " + ReplayPositions.SUBSCRIBER_ROLE));
            }
        });
        stallWatch.watch(this);
    }

    /** True while this replica is the one that should subscribe (whether or not Salesforce answered yet). */
    public boolean isLeading() {
        return leading;
    }

    private void lead() {
        if (leading) {
            return;
        }
        leading = true;
        epoch = null;
        nextDelay = properties.startRetryInitial();
        log.info("This replica runs the Salesforce subscriptions ({})", leadership.memberId());
        attempt();
    }

    private void standDown(String reason) {
        if (!leading) {
            return;
        }
        leading = false;
        epoch = null;
        term.end();
        stopSubscriptions();
        log.warn("Salesforce subscriptions stopped on this replica: {}", reason);
    }

    private void onExecutor(Runnable task) {
        ScheduledExecutorService running = executor;
        if (running != null && !running.isShutdown()) {
            running.execute(task);
        }
    }

    /**
     * Stops the subscriptions and starts them again from the stored positions, through the same backoff loop as
     * the first start; Camel's own position has already moved past the event that was not stored.
     */
    public void resubscribe(String channel) {
        restart(channel, "its intake failed: resubscribing from the stored positions");
    }

    /**
     * Salesforce refused the replay id this channel was subscribed with: records the gap and restarts the
     * subscriptions, this channel from the earliest retained event, rather than trusting camel-salesforce's own
     * fallback subscribe, which is not always sent (see ReplayRejections).
     */
    public void replayRefused(String channel, String error) {
        replay.rejected(channel, error);
        gapChannels.add(channel);
        restart(channel, "Salesforce refused its replayId: resubscribing from the earliest retained event (-2)");
    }

    /**
     * Salesforce refused the stored Pub/Sub replay id of this channel (camel-salesforce retries the same id for good):
     * records the gap once, drops the refused position and restarts the subscriptions, this channel from the
     * earliest retained event.
     */
    public void pubSubReplayRefused(String channel, String error) {
        if (!refusedPubSub.add(channel)) {
            return;
        }
        replay.pubSubRejected(channel, error);
        restart(channel, "Salesforce refused its Pub/Sub replay id: resubscribing from the earliest retained event");
    }

    /** The channel's Pub/Sub stream stalled (PubSubStallWatch): restarts the subscriptions from the stored positions. */
    public void streamStalled(String channel) {
        restart(channel, "its Pub/Sub stream stalled: resubscribing from the stored positions");
    }

    /** While this replica leads: each running Pub/Sub subscription's channel and its Salesforce component. */
    public Map<String, SalesforceComponent> runningPubSubSubscriptions() {
        if (!leading) {
            return Map.of();
        }
        Map<String, SalesforceComponent> running = new LinkedHashMap<>();
        for (Route route : streamRoutes()) {
            SalesforceEndpoint endpoint = (SalesforceEndpoint) route.getEndpoint();
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            if (isPubSub(route) && status != null
                    && status.isStarted()) {
                running.put(channelOf(route), endpoint.getComponent());
            }
        }
        return running;
    }

    private void restart(String channel, String reason) {
        ScheduledExecutorService running = executor;
        if (running == null || running.isShutdown()) {
            log.warn("Salesforce channel {}: {}, but the subscriptions are not running", channel, reason);
            return;
        }
        running.execute(() -> {
            if (!leading) {
                return;
            }
            // Every route and the CometD client restart, not just this channel: camel-salesforce re-subscribes a
            // channel on each /meta/connect until the subscribe reply arrives, so one client can hold a listener
            // twice, and then an unsubscribe or subscribe is never sent and the replay would not happen. The other
            // channels resume from their stored positions; the inbox drops repeats.
            stopSubscriptions();
            log.info("Salesforce channel {}: {}", channel, reason);
            attempt();
        });
    }

    private void stopSubscriptions() {
        List<Route> routes = streamRoutes();
        routes.forEach(this::stop);
        if (routes.stream().anyMatch(SalesforceStreamStarter::isPubSub)) {
            int ended = PubSubRetryLoops.endAll();
            if (ended > 0) {
                log.info("Ended {} Pub/Sub retry loop(s) of the stopped subscriptions", ended);
            }
        }
        routes.stream().map(route -> ((SalesforceEndpoint) route.getEndpoint()).getComponent())
                .filter(SalesforceStreamComponent.class::isInstance).map(SalesforceStreamComponent.class::cast)
                .distinct().forEach(SalesforceStreamComponent::stopSubscriptions);
    }

    /** True when every subscription route whose flow runs is running. */
    public boolean allStarted() {
        return streamRoutes().stream().filter(this::flowStarted)
                .allMatch(route -> camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted());
    }

    /** Stops retrying before Camel stops the routes, so a start attempt never races the shutdown. */
    @EventListener(ContextClosedEvent.class)
    public void stopRetrying() {
        destroy();
    }

    @Override
    public void destroy() {
        stallWatch.destroy();
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
        }
    }

    private void attempt() {
        if (!leading) {
            return;
        }
        List<String> failed = new ArrayList<>();
        Exception lastFailure = null;
        if (epoch == null) {
            try {
                epoch = beginTerm();
            } catch (RuntimeException e) {
                failed.add("subscriber term");
                lastFailure = e;
            }
        }
        for (Route route : epoch == null ? List.<Route>of() : streamRoutes()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            if (status != null && status.isStarted() || !flowStarted(route)) {
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
            nextDelay = properties.startRetryInitial();
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

    /** A new term, greater than any before, that takes the stored positions: a stale leader can no longer move them. */
    private long beginTerm() {
        Long begun = transactions.execute(status -> {
            long next = terms.begin(ReplayPositions.SUBSCRIBER_ROLE, leadership.memberId());
            positions.claim(next);
            return next;
        });
        term.begin(begun);
        log.info("Salesforce subscriber term {} begins on {}", begun, leadership.memberId());
        return begun;
    }

    private void start(Route route) throws Exception {
        SalesforceEndpoint endpoint = (SalesforceEndpoint) route.getEndpoint();
        String channel = channelOf(route);
        if (endpoint.getOperationName() == OperationName.PUBSUB_SUBSCRIBE) {
            startPubSub(route, endpoint, channel);
            return;
        }
        // A gap is counted and recorded once; later attempts keep resuming from the earliest retained event.
        long from = gapChannels.contains(channel) ? SubscriptionReplay.ALL_RETAINED : replay.startFrom(channel);
        if (from == SubscriptionReplay.ALL_RETAINED) {
            gapChannels.add(channel);
        }
        if (from == SubscriptionReplay.NEW_EVENTS && holds.floor(channel) != null) {
            // Nothing stored yet and the first events failed: "new only" would skip them. The intake drops the
            // retained events before the first failed one, which came before Kairos subscribed.
            log.warn("Salesforce channel {}: no stored position and replayId {} was not stored; resubscribing from "
                    + "the earliest retained event (-2)", channel, holds.floor(channel));
            from = SubscriptionReplay.ALL_RETAINED;
        }
        endpoint.setReplayId(from);
        CamelReplayIds.force(channel, from);
        holds.release(channel);
        camel.getRouteController().startRoute(route.getRouteId());
    }

    private void startPubSub(Route route, SalesforceEndpoint endpoint, String channel) throws Exception {
        // The consumer refuses to start without a session and, unlike CometD's, does not log in by itself.
        SalesforceSession session = endpoint.getComponent().getSession();
        if (session.getAccessToken() == null) {
            session.login(null);
        }
        if (refusedPubSub.remove(channel)) {
            positions.forgetPubSub(channel, term.epoch());
        }
        String from = replay.pubSubStartFrom(channel);
        endpoint.getConfiguration().setReplayPreset(from == null ? ReplayPreset.EARLIEST : ReplayPreset.CUSTOM);
        endpoint.setPubSubReplayId(from);
        endpoint.setExceptionHandler(new PubSubErrors(channel));
        holds.release(channel);
        // The consumer reads the preset and replay id when it is built, and a route builds a new one when it starts
        // after a stop: stopping first makes it read the values set above.
        camel.getRouteController().stopRoute(route.getRouteId());
        camel.getRouteController().startRoute(route.getRouteId());
        stallWatch.seen(channel);
    }

    /** What camel-salesforce's Pub/Sub client reports: a refused replay id restarts the channel from EARLIEST. */
    private final class PubSubErrors implements ExceptionHandler {

        private final String channel;
        private final ExceptionHandler logging;

        PubSubErrors(String channel) {
            this.channel = channel;
            this.logging = new LoggingExceptionHandler(camel, SalesforceStreamStarter.class);
        }

        @Override
        public void handleException(Throwable exception) {
            handleException(null, null, exception);
        }

        @Override
        public void handleException(String message, Throwable exception) {
            handleException(message, null, exception);
        }

        @Override
        public void handleException(String message, Exchange exchange, Throwable exception) {
            if (exception instanceof InvalidReplayIdException refused) {
                pubSubReplayRefused(channel, refused.getMessage());
            } else {
                logging.handleException(message, exchange, exception);
            }
        }
    }

    private void stop(Route route) {
        try {
            camel.getRouteController().stopRoute(route.getRouteId());
        } catch (Exception e) {
            log.warn("Salesforce subscription route {} did not stop cleanly ({}); starting it again anyway",
                    route.getRouteId(), rootMessage(e));
        }
    }

    /**
     * Whether the flow that consumes this subscription runs: a salesforce-signal-*-source Kamelet's route is started
     * here, never by Camel, and a flow that ops switched off (autoStartup: false) keeps its subscription off too.
     */
    private boolean flowStarted(Route subscription) {
        return camel.getRoutes().stream()
                .filter(route -> route.getEndpoint() instanceof KameletEndpoint kamelet
                        && subscription.getRouteId().equals(kamelet.getRouteId()))
                .allMatch(route -> camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted());
    }

    private static boolean isPubSub(Route route) {
        return ((SalesforceEndpoint) route.getEndpoint()).getOperationName() == OperationName.PUBSUB_SUBSCRIBE;
    }

    private static String channelOf(Route route) {
        return CamelReplayIds.channelName(((SalesforceEndpoint) route.getEndpoint()).getTopicName());
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
