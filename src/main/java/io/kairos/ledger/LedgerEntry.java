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

    /** The outcome of a proactive decision; NEEDS_RECONCILE: the request may have gone out, nobody knows. */
    public enum Decision { SENT, DEFERRED, SUPPRESSED, FAILED, NEEDS_RECONCILE }
}
