package io.kairos.intercom;

import io.kairos.proactive.Outbox;
import io.kairos.proactive.OutboxMessage;
import io.kairos.proactive.ProactiveProperties;
import io.kairos.proactive.TimingDecisions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The per-message decisions of the Intercom dispatch route: what to claim, whether a message may go out now,
 * and what Intercom's answer means for it in the outbox. At most one successful send per message: it is marked
 * SENDING right before its request, and a request whose outcome is unknown is never sent again.
 */
@Component("intercomDispatch")
public class IntercomDispatch {

    static final String CHANNEL = "intercom";

    private static final Logger LOG = LoggerFactory.getLogger(IntercomDispatch.class);

    private final Outbox outbox;
    private final TimingDecisions timing;
    private final IntercomRateGate gate;
    private final IntercomProperties properties;
    private final ProactiveProperties proactive;
    private final Clock clock;
    private final AtomicBoolean warnedNotConfigured = new AtomicBoolean();

    public IntercomDispatch(Outbox outbox, TimingDecisions timing, IntercomRateGate gate,
                            IntercomProperties properties, ProactiveProperties proactive, Clock clock) {
        this.outbox = outbox;
        this.timing = timing;
        this.gate = gate;
        this.properties = properties;
        this.proactive = proactive;
        this.clock = clock;
    }

    /**
     * Claims the due Intercom messages, or none while Intercom asked us to wait or is not configured (they stay
     * planned); other channels' messages are left to their own dispatchers. The timing policy re-decides each
     * claimed message with fresh history (opt-out, dedup, caps, quiet hours): only those it lets go are returned.
     */
    public List<OutboxMessage> claimDue() {
        if (!properties.canSend()) {
            if (warnedNotConfigured.compareAndSet(false, true)) {
                LOG.warn("Intercom is not configured (INTERCOM_BASE_URL, INTERCOM_ACCESS_TOKEN, INTERCOM_ADMIN_ID): "
                        + "planned messages wait until it is");
            }
            return List.of();
        }
        if (gate.pausedUntil().isPresent()) {
            return List.of();
        }
        // One second of the rate all replicas share: what this dispatcher can send well within its lease.
        return timing.admit(outbox.claimDue(CHANNEL, (int) Math.ceil(proactive.ratePerSecond())));
    }

    /**
     * Called right before the request: true if it may go out now, and the message is then SENDING. While sending
     * is paused the message goes back for the end of the pause, without using up an attempt; false also when its
     * claim is no longer this dispatcher's.
     */
    public boolean startSending(OutboxMessage message) {
        Optional<Instant> pausedUntil = gate.pausedUntil();
        if (pausedUntil.isPresent()) {
            outbox.retryAt(message, pausedUntil.get(), "Intercom rate limit: waiting until " + pausedUntil.get(),
                    false);
            return false;
        }
        return outbox.markSending(message);
    }

    /** Records what Intercom's answer (or the lack of one) means for the message. */
    public void apply(OutboxMessage message, IntercomOutcome outcome) {
        if (outcome instanceof IntercomOutcome.Sent sent) {
            if (!outbox.markSent(message, sent.messageId())) {
                LOG.warn("Outbox message {} was sent (Intercom message {}) after its claim had expired; it stays for "
                        + "reconciliation", message.id(), sent.messageId());
            }
        } else if (outcome instanceof IntercomOutcome.RetryAt retry) {
            gate.pauseUntil(retry.at());
            retryOrFail(message, retry.at(), retry.reason(), retry.countAttempt());
        } else if (outcome instanceof IntercomOutcome.Backoff backoff) {
            retryOrFail(message, clock.instant().plus(outbox.backoffAfter(message.attempts())), backoff.reason(),
                    true);
        } else if (outcome instanceof IntercomOutcome.Failed failed) {
            LOG.warn("Outbox message {} failed: {}", message.id(), failed.reason());
            outbox.markFailed(message, failed.code(), failed.reason());
        } else if (outcome instanceof IntercomOutcome.NeedsReconcile unknown) {
            LOG.warn("Outbox message {} needs reconciliation: {}", message.id(), unknown.reason());
            outbox.markNeedsReconcile(message, unknown.reason());
        }
    }

    private void retryOrFail(OutboxMessage message, Instant at, String reason, boolean countAttempt) {
        if (countAttempt && message.attempts() >= outbox.maxAttempts()) {
            LOG.warn("Outbox message {} failed after {} attempts: {}", message.id(), message.attempts(), reason);
            outbox.markFailed(message, "ATTEMPTS_EXHAUSTED", "gave up after " + message.attempts()
                    + " attempts; the last: " + reason);
            return;
        }
        outbox.retryAt(message, at, reason, countAttempt);
    }
}
