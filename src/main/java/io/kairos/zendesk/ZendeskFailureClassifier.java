package io.kairos.zendesk;

import io.kairos.platform.Failure;
import io.kairos.platform.FailureClassifier;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.zendesk.client.v2.ZendeskResponseException;
import org.zendesk.client.v2.ZendeskResponseRateLimitException;

/** Zendesk's answers: 429 waits for Retry-After, 409 (a concurrent edit) and 5xx retry, other 4xx are final. */
@Component
class ZendeskFailureClassifier implements FailureClassifier {

    @Override
    public Optional<Failure> classify(Throwable failure) {
        if (failure instanceof TicketNotFoundException missing) {
            return Optional.of(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, missing.getMessage()));
        }
        if (failure instanceof BulkTicketFailedException failed) {
            return Optional.of(Failure.transientFailure(failed.getMessage()));
        }
        if (failure instanceof ZendeskRestException bulk) {
            if (bulk.status() == 429) {
                Duration wait = bulk.retryAfter() == null ? Duration.ofSeconds(60) : bulk.retryAfter();
                return Optional.of(new Failure(Failure.Kind.RETRY_AFTER, wait,
                        bulk.getMessage() + " (rate limit), Retry-After " + wait.toSeconds() + " s"));
            }
            return Optional.of(bulk.status() == 409 || bulk.status() >= 500 ? Failure.transientFailure(bulk.getMessage())
                    : new Failure(Failure.Kind.PERMANENT, Duration.ZERO, bulk.getMessage()));
        }
        if (failure instanceof ZendeskResponseRateLimitException limited) {
            long seconds = limited.getRetryAfter() == null ? 60 : Math.max(1, limited.getRetryAfter());
            return Optional.of(new Failure(Failure.Kind.RETRY_AFTER, Duration.ofSeconds(seconds),
                    "Zendesk rate limit (429), Retry-After " + seconds + " s"));
        }
        if (failure instanceof ZendeskResponseException response) {
            int status = response.getStatusCode();
            String reason = "Zendesk answered " + status + " " + response.getStatusText();
            if (status == 409 || status >= 500) {
                return Optional.of(Failure.transientFailure(reason));
            }
            return Optional.of(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, reason));
        }
        return Optional.empty();
    }
}
