package io.kairos.proactive;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The per-message decisions of every outbox channel: what to claim, whether a message may go out now, and what the
 * channel's answer means for it in the outbox. At most one successful send per message: it is marked SENDING right
 * before its request, and a request whose outcome is unknown is never sent again. A rate limit never spends an
 * attempt: it pauses the channel, for every replica, until the time the API named.
 */
@Component("deliveryDispatch")
public class DeliveryDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatch.class);

    private final Outbox outbox;
    private final TimingDecisions timing;
    private final ChannelPauses pauses;
    private final Clock clock;

    public DeliveryDispatch(Outbox outbox, TimingDecisions timing, ChannelPauses pauses, Clock clock) {
        this.outbox = outbox;
        this.timing = timing;
        this.pauses = pauses;
        this.clock = clock;
    }

    /**
     * Claims the channel's due messages, what one second of its rate allows ({@code rate} per {@code periodMillis}
     * across all replicas), or none while it is not {@code ready} or paused (they stay planned). The timing policy
     * re-decides each claimed message with fresh history (opt-out, dedup, caps, quiet hours) and only those it lets
     * go are returned; notes on open tickets reach agents, not the contact, so it is not asked about them.
     */
    public List<OutboxMessage> claimDue(String channel, double rate, long periodMillis, boolean ready) {
        if (!ready || pauses.pausedUntil(channel).isPresent()) {
            return List.of();
        }
        int perSecond = (int) Math.ceil(rate * 1000 / periodMillis);
        List<OutboxMessage> claimed = outbox.claimDue(channel, Math.max(1, perSecond));
        return Outbox.TICKET_NOTE.equals(channel) ? claimed : timing.admit(claimed);
    }

    /**
     * Called right before the request: true if it may go out now, and the message is then SENDING. While its
     * channel is paused the message goes back for the end of the pause, without using up an attempt; false also
     * when its claim is no longer this dispatcher's.
     */
    public boolean startSending(OutboxMessage message) {
        Optional<Instant> until = pauses.pausedUntil(message.channel());
        if (until.isPresent()) {
            outbox.retryAt(message, until.get(), "channel " + message.channel() + " rate limited: waiting until "
                    + until.get(), false);
            return false;
        }
        return outbox.markSending(message);
    }

    /** Records what the channel's answer (or the lack of one) means for the message. */
    public void apply(OutboxMessage message, DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.Sent sent) {
            recordSent(message, sent.remoteId());
        } else if (outcome instanceof DeliveryOutcome.RetryAt retry) {
            pauses.pauseUntil(message.channel(), retry.at());
            outbox.retryAt(message, retry.at(), retry.reason(), false);
        } else if (outcome instanceof DeliveryOutcome.Backoff backoff) {
            retryOrFail(message, backoff);
        } else if (outcome instanceof DeliveryOutcome.Failed failed) {
            LOG.warn("Outbox message {} failed: {}", message.id(), failed.reason());
            outbox.markFailed(message, failed.code(), failed.reason());
        } else if (outcome instanceof DeliveryOutcome.NeedsReconcile unknown) {
            LOG.warn("Outbox message {} ({}) needs reconciliation: {}", message.id(), message.channel(),
                    unknown.reason());
            outbox.markNeedsReconcile(message, unknown.reason());
        }
    }

    private void recordSent(OutboxMessage message, String remoteId) {
        boolean recorded = Outbox.TICKET_NOTE.equals(message.channel()) ? outbox.markNoted(message)
                : outbox.markSent(message, remoteId);
        if (!recorded) {
            LOG.warn("Outbox message {} went out through {} (remote id {}) after its claim had expired; it stays for "
                    + "reconciliation", message.id(), message.channel(), remoteId);
        }
    }

    private void retryOrFail(OutboxMessage message, DeliveryOutcome.Backoff backoff) {
        if (message.attempts() >= outbox.maxAttempts()) {
            LOG.warn("Outbox message {} failed after {} attempts: {}", message.id(), message.attempts(),
                    backoff.reason());
            outbox.markFailed(message, "ATTEMPTS_EXHAUSTED", "gave up after " + message.attempts()
                    + " attempts; the last: " + backoff.reason());
            return;
        }
        Instant at = clock.instant().plus(outbox.backoffAfter(message.attempts()));
        if (backoff.notBefore() != null && backoff.notBefore().isAfter(at)) {
            at = backoff.notBefore();
        }
        outbox.retryAt(message, at, backoff.reason(), true);
    }
}
