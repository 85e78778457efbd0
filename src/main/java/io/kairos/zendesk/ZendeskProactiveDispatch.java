package io.kairos.zendesk;

import io.kairos.proactive.Outbox;
import io.kairos.proactive.OutboxMessage;
import io.kairos.proactive.ProactiveProperties;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.SendPause;
import io.kairos.proactive.TimingDecisions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The per-message decisions of the Zendesk proactive routes: what to claim, whether a ticket may be created (or a
 * held-back message's note written) now, and what Zendesk's answer means for the message in the outbox. At most one ticket per message: it is marked
 * SENDING right before its request, and a request whose outcome is unknown is never sent again.
 */
@Component("zendeskProactiveDispatch")
public class ZendeskProactiveDispatch {

    static final String CHANNEL = "zendesk";

    private static final Logger LOG = LoggerFactory.getLogger(ZendeskProactiveDispatch.class);

    private final Outbox outbox;
    private final TimingDecisions timing;
    private final ProactiveRules rules;
    private final ProactiveProperties properties;
    private final Clock clock;
    private final SendPause pause;
    private final double notesPerMinute;

    public ZendeskProactiveDispatch(Outbox outbox, TimingDecisions timing, ProactiveRules rules,
                                    ProactiveProperties properties, Clock clock,
                                    @Value("${kairos.notes.per-minute:10}") double notesPerMinute) {
        this.properties = properties;
        this.notesPerMinute = notesPerMinute;
        this.outbox = outbox;
        this.timing = timing;
        this.rules = rules;
        this.clock = clock;
        this.pause = new SendPause("Zendesk", clock);
    }

    /**
     * Claims the due Zendesk messages, or none unless some signal type goes through Zendesk or while Zendesk asked
     * us to wait (they stay planned). The timing policy re-decides each claimed message with fresh history; a ticket
     * makes Zendesk email the requester, so the policy treats it as email (opt-out included).
     */
    public List<OutboxMessage> claimDue() {
        if (!rules.usesChannel(CHANNEL) || pausedUntil().isPresent()) {
            return List.of();
        }
        // One second of the rate all replicas share: what this dispatcher can send well within its lease.
        return timing.admit(outbox.claimDue(CHANNEL, (int) Math.ceil(properties.ratePerSecond())));
    }

    /**
     * Claims the due internal notes on open tickets (messages the timing policy held back), whichever channel
     * proactive messages use, except while Zendesk asked us to wait. Notes reach agents, not the contact, so the
     * timing policy is not asked again.
     */
    public List<OutboxMessage> claimDueNotes() {
        if (pausedUntil().isPresent()) {
            return List.of();
        }
        return outbox.claimDue(Outbox.TICKET_NOTE, (int) Math.ceil(notesPerMinute / 60));
    }

    /**
     * Called right before the request: true if it may go out now, and the message is then SENDING. While Zendesk
     * asked us to wait the message goes back for the end of the wait, without using up an attempt; false also
     * when its claim is no longer this dispatcher's.
     */
    public boolean startSending(OutboxMessage message) {
        Optional<Instant> until = pausedUntil();
        if (until.isPresent()) {
            outbox.retryAt(message, until.get(), "Zendesk rate limit: waiting until " + until.get(), false);
            return false;
        }
        return outbox.markSending(message);
    }

    /** Records what Zendesk's answer (or the lack of one) means for the message. */
    public void apply(OutboxMessage message, ZendeskProactiveOutcome outcome) {
        if (outcome instanceof ZendeskProactiveOutcome.Created created) {
            String ticketId = Long.toString(created.ticketId());
            boolean recorded = Outbox.TICKET_NOTE.equals(message.channel()) ? outbox.markNoted(message)
                    : outbox.markSent(message, ticketId);
            if (!recorded) {
                LOG.warn("Outbox message {} was written to Zendesk ticket {} after its claim had expired; it stays "
                        + "for reconciliation", message.id(), ticketId);
            }
        } else if (outcome instanceof ZendeskProactiveOutcome.RetryAt retry) {
            pause.pauseUntil(retry.at());
            outbox.retryAt(message, retry.at(), retry.reason(), false);
        } else if (outcome instanceof ZendeskProactiveOutcome.Backoff backoff) {
            retryOrFail(message, backoff.reason());
        } else if (outcome instanceof ZendeskProactiveOutcome.Failed failed) {
            LOG.warn("Outbox message {} failed: {}", message.id(), failed.reason());
            outbox.markFailed(message, failed.code(), failed.reason());
        } else if (outcome instanceof ZendeskProactiveOutcome.NeedsReconcile unknown) {
            LOG.warn("Outbox message {} needs reconciliation (Zendesk external_id {}): {}", message.id(),
                    ZendeskProactiveTickets.externalId(message), unknown.reason());
            outbox.markNeedsReconcile(message, unknown.reason());
        }
    }

    /** When creating tickets may resume, while Zendesk has asked us to wait. */
    Optional<Instant> pausedUntil() {
        return pause.pausedUntil();
    }

    private void retryOrFail(OutboxMessage message, String reason) {
        if (message.attempts() >= outbox.maxAttempts()) {
            LOG.warn("Outbox message {} failed after {} attempts: {}", message.id(), message.attempts(), reason);
            outbox.markFailed(message, "ATTEMPTS_EXHAUSTED", "gave up after " + message.attempts()
                    + " attempts; the last: " + reason);
            return;
        }
        outbox.retryAt(message, clock.instant().plus(outbox.backoffAfter(message.attempts())), reason, true);
    }
}
