package io.kairos.zendesk;

import io.kairos.platform.InboxEvent;
import io.kairos.platform.SharedRateLimits;
import io.kairos.proactive.ChannelGate;
import io.kairos.proactive.ChannelRate;
import io.kairos.proactive.OpenTicketProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Every request Kairos makes to Zendesk takes a slot of one budget shared by all replicas,
 * {@code zendesk.requests-per-minute}, split in two so that a ticket spike never delays a signal: the signal share
 * ({@code zendesk.signal-requests-per-minute}) for the open-ticket lookups of signal planning and for proactive
 * sends through Zendesk, and the rest for enrichment and the Intercom bridge. A flow claims the slots for all the
 * requests of a step before its first call; an inbox event waiting for them is parked, holding no worker and no
 * lease. A 429 holds both shares until its Retry-After, so no replica asks again before Zendesk allows it.
 */
@Component("zendeskGate")
public class ZendeskGate implements ChannelGate {

    static final String WORK = "zendesk-requests";
    static final String SIGNALS = "zendesk-signal-requests";
    private static final long MINUTE = 60_000;
    /** The most requests one enrichment step makes: read the tickets, read their requesters, update. */
    static final int MAX_STEP = 3;

    private final SharedRateLimits limits;
    private final ChannelRate channelRate;
    private final Clock clock;
    private final double work;
    private final int workBurst;
    private final double signals;
    private final int signalBurst;
    private final Duration planningWait;

    public ZendeskGate(SharedRateLimits limits, ChannelRate channelRate, ZendeskProperties zendesk,
                       OpenTicketProperties openTickets, Clock clock) {
        if (zendesk.signalRequestsPerMinute() <= 0
                || zendesk.signalRequestsPerMinute() >= zendesk.requestsPerMinute()) {
            throw new IllegalArgumentException("zendesk.signal-requests-per-minute ("
                    + zendesk.signalRequestsPerMinute() + ") must be above 0 and below zendesk.requests-per-minute ("
                    + zendesk.requestsPerMinute() + ")");
        }
        this.limits = limits;
        this.channelRate = channelRate;
        this.clock = clock;
        // A quiet gate lets one step's requests (at most three) go at once; in any minute at most the share passes.
        int workShare = zendesk.requestsPerMinute() - zendesk.signalRequestsPerMinute();
        this.workBurst = Math.min(MAX_STEP, workShare / 2);
        this.work = workShare - workBurst;
        // Half the signal share may come at once (a signal's few lookup reads need not wait for each other), the
        // other half is the steady rate: in any minute at most the share passes.
        this.signalBurst = zendesk.signalRequestsPerMinute() / 2;
        this.signals = zendesk.signalRequestsPerMinute() - signalBurst;
        this.planningWait = openTickets.timeout();
    }

    /** Route step: the event's next step makes {@code requests} Zendesk calls; parks it until their slots. */
    public void slotFor(InboxEvent event, int requests) {
        limits.slotFor(event, WORK, work, MINUTE, requests, workBurst);
    }

    /** As {@link #slotFor(InboxEvent, int)} for a group whose step makes {@code requests} calls in all. */
    public void slotFor(List<InboxEvent> group, int requests) {
        limits.slotFor(group, WORK, work, MINUTE, requests, workBurst);
    }

    /**
     * A proactive ticket or note: the channel's own rate, then the signal share (the outbox's own thread waits for
     * both).
     */
    @Override
    public void beforeSend(String channel, double rate, long periodMillis) {
        channelRate.beforeSend(channel, rate, periodMillis);
        limits.acquire(SIGNALS, signals, MINUTE, 1, signalBurst, Duration.ofDays(1));
    }

    /**
     * One read of a signal's open-ticket lookup: waits for the signal share, at most the lookup's timeout (beyond it
     * the lookup gives up for the signal and decides from Kairos's own links).
     */
    public void beforePlanningRead() {
        limits.acquire(SIGNALS, signals, MINUTE, 1, signalBurst, planningWait);
    }

    /**
     * One read for an agent's sidebar: an agent is waiting, so it takes a slot of the work share but waits at most
     * the lookup's timeout ({@link io.kairos.platform.RateSlotWaitException} beyond it).
     */
    public void beforeAgentRead() {
        limits.acquire(WORK, work, MINUTE, 1, workBurst, planningWait);
    }

    /** Zendesk answered 429: nobody calls it again before its Retry-After. */
    public void rateLimited(Duration retryAfter) {
        var until = clock.instant().plus(retryAfter == null ? Duration.ofSeconds(60) : retryAfter);
        limits.holdUntil(WORK, until);
        limits.holdUntil(SIGNALS, until);
    }
}
