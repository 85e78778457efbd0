package io.kairos.ledger;

import java.time.Instant;

/** One recorded proactive decision: who, about which signal, through which channel, what happened and why. */
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
     * message was held back for the contact's open ticket, and that ticket got an internal note about the signal.
     */
    public enum Decision { SENT, DEFERRED, SUPPRESSED, FAILED, NEEDS_RECONCILE, NOTED }
}
