package io.kairos.zendesk;

import java.time.Duration;

/**
 * Zendesk's answer to a bulk call (show_many, update_many, job_statuses) was not a success.
 *
 * @param retryAfter Zendesk's Retry-After on a 429, else null
 */
public class ZendeskBulkException extends RuntimeException {

    private final int status;
    private final transient Duration retryAfter;

    public ZendeskBulkException(String call, int status, Duration retryAfter) {
        super("Zendesk " + call + " answered " + status);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
