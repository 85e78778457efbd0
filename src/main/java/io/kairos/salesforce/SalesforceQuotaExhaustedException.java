package io.kairos.salesforce;

import java.time.Duration;
import java.util.Locale;

/** Salesforce refused a call because the org's daily API allowance is used up; retrying before the backoff is waste. */
public class SalesforceQuotaExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration backoff;

    public SalesforceQuotaExhaustedException(Duration backoff, Throwable cause) {
        super("Salesforce daily API allowance exhausted (REQUEST_LIMIT_EXCEEDED); back off for " + readable(backoff),
                cause);
        this.backoff = backoff;
    }

    /** How long enrichment should leave Salesforce alone (salesforce.quota-backoff). */
    public Duration getBackoff() {
        return backoff;
    }

    /** 15m, 1h30m, 45s: the way the duration is written in configuration. */
    static String readable(Duration duration) {
        return duration == null ? "an unknown time" : duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
