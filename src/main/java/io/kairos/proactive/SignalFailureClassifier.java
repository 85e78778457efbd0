package io.kairos.proactive;

import io.kairos.platform.Failure;
import io.kairos.platform.FailureClassifier;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** A signal that is invalid (an Order id that is none) fails the same way on every try: dead-letter it at once. */
@Component
class SignalFailureClassifier implements FailureClassifier {

    @Override
    public Optional<Failure> classify(Throwable failure) {
        if (failure instanceof InvalidSignalException invalid) {
            return Optional.of(new Failure(Failure.Kind.PERMANENT, Duration.ZERO,
                    "invalid signal: " + invalid.getMessage()));
        }
        return Optional.empty();
    }
}
