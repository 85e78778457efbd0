package io.kairos.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing setting into Boot's short start-up report (one line naming it) instead of a stack trace. */
public class MissingConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<MissingConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + String.join(", ", cause.missing()) + "; the README's Configuration section lists them.",
                cause);
    }
}
