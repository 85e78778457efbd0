package io.kairos.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.validation.BindException;
import org.springframework.validation.method.MethodValidationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * The last resort of the JSON APIs: an exception no controller expected answers 500 with a plain JSON error and
 * the request's correlation id, never the exception's text, and is logged once at ERROR with its stack trace.
 * Spring MVC's own exceptions (405, 415, unreadable body, …) keep their usual answers.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
@RestControllerAdvice(annotations = RestController.class)
class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) throws Exception {
        if (answeredBySpring(e)) {
            // Rethrowing the same exception hands it on to Spring MVC's default resolvers, unlogged.
            throw e;
        }
        String correlationId = Correlation.current();
        LOG.error("Unexpected failure answering a JSON API request; answered 500", e);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "internal_error");
        body.put("message", "Kairos failed to handle this request; its log has the details"
                + (correlationId == null ? "." : " under correlation id " + correlationId + "."));
        if (correlationId != null) {
            body.put("correlationId", correlationId);
        }
        return ResponseEntity.internalServerError().body(body);
    }

    private static boolean answeredBySpring(Exception e) {
        return e instanceof ErrorResponse
                || e instanceof HttpMessageConversionException
                || e instanceof TypeMismatchException
                || e instanceof BindException
                || e instanceof MethodValidationException
                || DisconnectedClientHelper.isClientDisconnectedException(e)
                || AnnotatedElementUtils.hasAnnotation(e.getClass(), ResponseStatus.class);
    }
}
