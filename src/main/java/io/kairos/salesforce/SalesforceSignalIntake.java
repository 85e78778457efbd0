package io.kairos.salesforce;

import io.kairos.platform.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Stores a Streaming API event (CometD, or Pub/Sub in the same shape, see {@link PubSubEvents}) in the durable
 * inbox (once per EventUuid) and advances its channel's replay position in the same transaction, so a restart
 * resumes exactly after the last stored event; when storing fails, the channel is held until its subscription
 * restarts from the stored position, which makes Salesforce deliver the event again.
 * A replica whose subscriber term is stale stores nothing: the replica that took over receives the same events.
 */
@Component("salesforceSignalIntake")
public class SalesforceSignalIntake {

    private static final Logger log = LoggerFactory.getLogger(SalesforceSignalIntake.class);

    private final Inbox inbox;
    private final ReplayPositions positions;
    private final TransactionOperations transactions;
    private final SubscriptionHolds holds;
    private final SubscriberTerm term;
    private final SalesforceSignalEvents signals;

    public SalesforceSignalIntake(Inbox inbox, ReplayPositions positions, TransactionOperations transactions,
                                  SubscriptionHolds holds, SubscriberTerm term, SalesforceSignalEvents signals) {
        this.signals = signals;
        this.inbox = inbox;
        this.positions = positions;
        this.transactions = transactions;
        this.holds = holds;
        this.term = term;
    }

    /**
     * Stores the raw Bayeux message; false when this event was already stored or is left for the restarted
     * subscription to deliver again.
     *
     * @throws IllegalArgumentException when the message is not a Streaming API event (the channel is not held:
     *         Salesforce would deliver the same text again)
     */
    public boolean accept(String rawBayeuxJson) {
        StreamEvent event = StreamEvent.parse(rawBayeuxJson);
        if (holds.isHeld(event.channel())) {
            log.debug("Salesforce event {} on {} not stored: the subscription restarts from the stored position",
                    event.eventId(), event.channel());
            return false;
        }
        Long floor = holds.floor(event.channel());
        if (floor != null && event.replayId() != null && event.replayId() < floor) {
            log.debug("Salesforce event {} on {} precedes the first event Kairos failed to store: already handled",
                    event.eventId(), event.channel());
            return false;
        }
        boolean stored;
        try {
            stored = Boolean.TRUE.equals(transactions.execute(status -> store(event, rawBayeuxJson)));
        } catch (StaleSubscriberException e) {
            log.warn("Salesforce event {} on {} not stored: {}; stopping this replica's subscriptions",
                    event.eventId(), event.channel(), e.getMessage());
            term.stale(e);
            return false;
        } catch (RuntimeException e) {
            if (holds.hold(event.channel(), event.replayId())) {
                log.error("Salesforce event {} (replayId {}) on {} could not be stored ({}); holding the channel and "
                        + "resubscribing from the stored position so Salesforce delivers it again",
                        event.eventId(), event.replayId(), event.channel(), e.toString());
            }
            throw e;
        }
        if (event.replayId() != null) {
            holds.stored(event.channel(), event.replayId());
        }
        if (!stored) {
            log.debug("Salesforce event {} on {} was already stored", event.eventId(), event.channel());
        }
        return stored;
    }

    private boolean store(StreamEvent event, String rawBayeuxJson) {
        boolean stored = inbox.accept(SalesforceSignalEvents.SOURCE, event.eventId(), event.eventType(),
                rawBayeuxJson, priority(rawBayeuxJson));
        if (event.replayId() != null) {
            positions.advance(event.channel(), event.replayId(), event.eventId(), event.createdAt(), term.epoch());
        } else if (event.pubSubReplayId() != null) {
            positions.advancePubSub(event.channel(), event.pubSubReplayId(), event.eventId(), event.createdAt(),
                    term.epoch());
        }
        return stored;
    }

    /**
     * The signal's severity as its inbox priority; 0 when the event carries no signal or one Kairos cannot read (the
     * signal flow then skips it or dead-letters it with the reason, as for any other).
     */
    private int priority(String rawBayeuxJson) {
        try {
            return signals.toSignal(rawBayeuxJson).map(signal -> signal.severity().inboxPriority()).orElse(0);
        } catch (RuntimeException unreadable) {
            return 0;
        }
    }
}
