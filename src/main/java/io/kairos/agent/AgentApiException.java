package io.kairos.agent;

import java.time.Duration;

/** An answer of the agent API other than 200, with the JSON error's code and message. */
class AgentApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final transient Duration retryAfter;

    AgentApiException(int status, String error, String message) {
        this(status, error, message, null);
    }

    AgentApiException(int status, String error, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    static AgentApiException badRequest(String message) {
        return new AgentApiException(400, "bad_request", message);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    /** How long to wait before asking again (a 503 behind Zendesk's rate); null when not said. */
    Duration retryAfter() {
        return retryAfter;
    }
}
