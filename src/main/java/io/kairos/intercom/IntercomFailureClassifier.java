package io.kairos.intercom;

import io.kairos.platform.Failure;
import io.kairos.platform.FailureClassifier;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** An event waiting for its conversation's ticket waits without spending attempts, until it has waited too long. */
@Component
class IntercomFailureClassifier implements FailureClassifier {

    @Override
    public Optional<Failure> classify(Throwable failure) {
        if (failure instanceof ConversationNotLinkedException waiting) {
            return Optional.of(waiting.retryIn() == null
                    ? new Failure(Failure.Kind.PERMANENT, Duration.ZERO, waiting.getMessage())
                    : new Failure(Failure.Kind.WAIT, waiting.retryIn(), waiting.getMessage()));
        }
        return Optional.empty();
    }
}
