package io.kairos.salesforce;

import java.time.Duration;

/** Bulk work stopped because the org's API usage is over the share Kairos may spend on it: the org's own use wins. */
public class SalesforceBudgetPausedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ApiUsage usage;
    private final double allowedShare;
    private final Duration backoff;

    public SalesforceBudgetPausedException(ApiUsage usage, double allowedShare, Duration backoff) {
        super("Salesforce bulk work paused: the org has used " + usage.used() + " of " + usage.max()
                + " daily API requests (" + percent(usage.share()) + "), over the " + percent(allowedShare)
                + " share allowed for audience resolution (kairos.proactive.bulk-budget-share); retry in "
                + SalesforceQuotaExhaustedException.readable(backoff));
        this.usage = usage;
        this.allowedShare = allowedShare;
        this.backoff = backoff;
    }

    /** The reading that caused the pause. */
    public ApiUsage getUsage() {
        return usage;
    }

    /** The share of the daily allowance bulk work may use, 0.4 for 40%. */
    public double getAllowedShare() {
        return allowedShare;
    }

    /** How long until a fresh reading is taken (kairos.proactive.bulk-budget-recheck). */
    public Duration getBackoff() {
        return backoff;
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }
}
