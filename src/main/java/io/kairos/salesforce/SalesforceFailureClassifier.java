package io.kairos.salesforce;

import io.kairos.platform.Failure;
import io.kairos.platform.FailureClassifier;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.springframework.stereotype.Component;

/**
 * Salesforce's answers: an exhausted daily allowance, or Kairos's own share of it, waits long without spending
 * attempts; 5xx, expired
 * sessions, a session not yet established and unreachable hosts retry; other refusals (a malformed query, a missing field) are final.
 */
@Component
class SalesforceFailureClassifier implements FailureClassifier {

    private static final String CAMEL_SALESFORCE = "org.apache.camel.component.salesforce.";

    @Override
    public Optional<Failure> classify(Throwable failure) {
        if (failure instanceof SalesforceQuotaExhaustedException quota) {
            return Optional.of(new Failure(Failure.Kind.QUOTA, quota.getBackoff(), quota.getMessage()));
        }
        if (failure instanceof SalesforceBudgetPausedException paused) {
            return Optional.of(new Failure(Failure.Kind.QUOTA, paused.getBackoff(), paused.getMessage()));
        }
        if (failure instanceof SalesforceException refusal && refusal.getStatusCode() > 0) {
            int status = refusal.getStatusCode();
            String reason = "Salesforce answered " + status + ": " + refusal.getMessage();
            // A 403 REQUEST_LIMIT_EXCEEDED that is not the daily quota is a concurrency limit: it clears in seconds.
            boolean concurrencyLimit = status == 403 && refusal.getErrors() != null && refusal.getErrors().stream()
                    .anyMatch(e -> "REQUEST_LIMIT_EXCEEDED".equals(e.getErrorCode()));
            if (status >= 500 || status == 401 || status == 408 || concurrencyLimit) {
                return Optional.of(Failure.transientFailure(reason));
            }
            return Optional.of(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, reason));
        }
        if (failure instanceof SalesforceFirstCall.SalesforceStartingException starting) {
            return Optional.of(Failure.transientFailure(starting.getMessage()));
        }
        if (failure instanceof NullPointerException npe && withinCamelSalesforce(npe)) {
            // camel-salesforce's clients read their session before the component has logged in (Salesforce down
            // or slow at start): not a defect of the event, and it passes once the login succeeds.
            return Optional.of(Failure.transientFailure("Salesforce session not established yet: "
                    + npe.getMessage()));
        }
        return Optional.empty();
    }

    private static boolean withinCamelSalesforce(Throwable failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith(CAMEL_SALESFORCE)
                && failure.getMessage() != null && failure.getMessage().contains("session");
    }
}
