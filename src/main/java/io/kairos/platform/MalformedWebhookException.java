package io.kairos.platform;

/** A webhook body that is not the JSON we accept: answered 400 with the message. */
public class MalformedWebhookException extends RuntimeException {
    public MalformedWebhookException(String message) {
        super(message);
    }
}
