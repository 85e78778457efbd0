package io.kairos.platform;

import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** A stored delivery that cannot be read will never be readable: dead-letter it at once instead of retrying. */
@Component
class PlatformFailureClassifier implements FailureClassifier {

    @Override
    public Optional<Failure> classify(Throwable failure) {
        if (failure instanceof MalformedWebhookException malformed) {
            return Optional.of(new Failure(Failure.Kind.PERMANENT, Duration.ZERO,
                    "unreadable delivery: " + malformed.getMessage()));
        }
        return Optional.empty();
    }
}
