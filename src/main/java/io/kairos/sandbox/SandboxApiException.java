package io.kairos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpStatus;

/** A simulated system's error answer: the status and the error body in that system's own JSON shape. */
final class SandboxApiException extends RuntimeException {

    private final HttpStatus status;
    private final transient JsonNode body;

    SandboxApiException(HttpStatus status, JsonNode body) {
        super(status + " " + body);
        this.status = status;
        this.body = body;
    }

    HttpStatus status() {
        return status;
    }

    JsonNode body() {
        return body;
    }
}
