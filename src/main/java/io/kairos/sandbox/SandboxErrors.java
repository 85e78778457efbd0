package io.kairos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders a simulated system's error as that system would, for the sandbox controllers only; ahead of the JSON
 * APIs' last resort, which would answer it as an unexpected 500.
 */
@Profile("sandbox")
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackageClasses = SandboxErrors.class)
class SandboxErrors {

    @ExceptionHandler(SandboxApiException.class)
    ResponseEntity<JsonNode> sandboxError(SandboxApiException e) {
        return ResponseEntity.status(e.status()).body(e.body());
    }
}
