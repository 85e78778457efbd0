package io.kairos.zendesk;

import java.time.Duration;

/**
 * Zendesk answered one of Kairos's own REST calls ({@link ZendeskRest}) with something other than a success.
 *
 * @param retryAfter Zendesk's Retry-After on a 429, else null
 */
public class ZendeskRestException extends RuntimeException {

    private final int status;
    private final transient Duration retryAfter;

    public ZendeskRestException(String call, int status, Duration retryAfter) {
        this(call, status, retryAfter, null);
    }

    /** @param error Zendesk's own words for the refusal ({@code RecordNotFound: Not found}), or null */
    public ZendeskRestException(String call, int status, Duration retryAfter, String error) {
        super("Zendesk " + call + " answered " + status + (error == null ? "" : " (" + error + ")"));
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
