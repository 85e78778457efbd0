package io.kairos.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.camel.ExchangeTimedOutException;
import org.springframework.stereotype.Component;

/**
 * The failures of no one outside system: a stored delivery that cannot be read will never be readable (dead
 * letter at once); a network failure, a timeout, a store outage or a shutdown in progress passes on its own (retry).
 */
@Component
class PlatformFailureClassifier implements FailureClassifier {

    @Override
    public Optional<Failure> classify(Throwable failure) {
        if (failure instanceof MalformedWebhookException malformed) {
            return Optional.of(Failure.permanent("unreadable delivery: " + malformed.getMessage()));
        }
        // Jackson's parse errors are IOExceptions too, but a body that cannot be parsed never will be.
        if (failure instanceof JsonProcessingException unreadable) {
            return Optional.of(Failure.permanent("unreadable JSON: " + unreadable.getOriginalMessage()));
        }
        if (failure instanceof IOException || failure instanceof TimeoutException
                || failure instanceof ExchangeTimedOutException) {
            return Optional.of(Failure.transientFailure(describe(failure)));
        }
        if (StoreOutage.isOutageItself(failure)) {
            return Optional.of(Failure.transientFailure("store unavailable: " + describe(failure)));
        }
        // Kairos (or Camel) is shutting down under the event: another worker or replica takes it up.
        if (failure instanceof InterruptedException || failure instanceof RejectedExecutionException) {
            return Optional.of(Failure.transientFailure("interrupted: " + describe(failure)));
        }
        return Optional.empty();
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
