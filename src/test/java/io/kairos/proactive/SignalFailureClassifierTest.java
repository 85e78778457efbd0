package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.platform.Failure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignalFailureClassifierTest {

    private final SignalFailureClassifier classifier = new SignalFailureClassifier();

    @Test
    void anInvalidSignalIsDeadLetteredAtOnceWithItsReason() {
        InvalidSignalException invalid = new InvalidSignalException("recordId", "'801A' is not a Salesforce id");

        assertThat(classifier.classify(invalid)).contains(new Failure(Failure.Kind.PERMANENT, Duration.ZERO,
                "invalid signal: recordId: '801A' is not a Salesforce id"));
    }

    @Test
    void otherFailuresAreLeftToOtherClassifiers() {
        assertThat(classifier.classify(new IllegalArgumentException("KNOWN_ISSUE needs a product"))).isEmpty();
        assertThat(classifier.classify(new IllegalStateException("boom"))).isEmpty();
    }
}
