package io.kairos.platform;

import java.util.Optional;

/** Recognises the failures of one outside system; each system package contributes one. */
public interface FailureClassifier {

    /** Empty when the throwable is not one this system knows. */
    Optional<Failure> classify(Throwable failure);
}
