package io.kairos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders a simulated system's error as that system would, for the sandbox controllers only. */
@Profile("sandbox")
@RestControllerAdvice(basePackageClasses = SandboxErrors.class)
class SandboxErrors {

    @ExceptionHandler(SandboxApiException.class)
    ResponseEntity<JsonNode> sandboxError(SandboxApiException e) {
        return ResponseEntity.status(e.status()).body(e.body());
    }
}
