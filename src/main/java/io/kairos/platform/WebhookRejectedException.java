package io.kairos.platform;

/** A webhook whose signature is missing, forged or stale: answered 401. */
public class WebhookRejectedException extends RuntimeException {
    public WebhookRejectedException(String message) {
        super(message);
    }
}
