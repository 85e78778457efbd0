package io.kairos.ledger;

import java.time.Instant;

/**
 * One recorded proactive decision: who, about which signal, through which channel, what happened and why. An admin's
 * replay of a webhook event has no contact ({@code contactEmail} null).
 */
public record LedgerEntry(
        String contactEmail,
        String signalId,
        String signalType,
        String recordId,
        String channel,
        Decision decision,
        String reasonCode,
        String reason,
        String summary,
        Instant occurredAt) {

    /**
     * The outcome of a proactive decision; NEEDS_RECONCILE: the request may have gone out, nobody knows; NOTED: the
     * message was held back for the contact's open ticket, and that ticket got an internal note about the signal;
     * REPLAYED: an admin sent a failed or unreconciled item through again (the entry names who, in its reason);
     * HELD_OUT: the contact was eligible but drawn into the kind's control group, so deliberately not messaged, to
     * measure what the message changes (reason code CONTROL_GROUP); AGENT_HOLD: an agent held proactive messages for
     * the contact for some days from the Zendesk sidebar, HOLD_LIFTED: an agent lifted that hold (both name the agent
     * in their reason, and concern no signal).
     */
    public enum Decision { SENT, DEFERRED, SUPPRESSED, FAILED, NEEDS_RECONCILE, NOTED, REPLAYED, HELD_OUT, AGENT_HOLD,
        HOLD_LIFTED }
}
