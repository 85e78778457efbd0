package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** What happens to a failed event, by kind of failure, with a mocked inbox and a fixed clock. */
class InboxFailureHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final Inbox inbox = mock(Inbox.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Stands for an outside system's exception that its classifier knows. */
    static final class RemoteRefusal extends RuntimeException {
        final Failure failure;

        RemoteRefusal(Failure failure) {
            super("remote refused");
            this.failure = failure;
        }
    }

    private final FailureClassifier remote = error -> error instanceof RemoteRefusal refusal
            ? Optional.of(refusal.failure) : Optional.empty();
    private final FailureClassifier unrelated = error -> Optional.empty();
    private final InboxFailureHandler handler = new InboxFailureHandler(inbox, List.of(unrelated, remote), clock,
            meters);

    @BeforeEach
    void inboxPolicy() {
        when(inbox.maxAttempts()).thenReturn(8);
        when(inbox.backoffAfter(3)).thenReturn(Duration.ofSeconds(8));
        // The claim is still this worker's unless a test says otherwise.
        when(inbox.retryAt(any(), any(), anyString(), anyBoolean())).thenReturn(true);
        when(inbox.deadLetter(any(), anyString())).thenReturn(true);
    }

    @Test
    void aWorkerWhoseLeaseWasTakenOverChangesNothingAndCountsIt() {
        when(inbox.retryAt(any(), any(), anyString(), anyBoolean())).thenReturn(false);
        when(inbox.deadLetter(any(), anyString())).thenReturn(false);

        handler.handle(event(3), new IllegalStateException("x"));
        handler.handle(event(1), new RemoteRefusal(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, "a")));

        assertThat(count("lease_lost")).isEqualTo(2);
        assertThat(count("backoff")).isZero();
        assertThat(count("dead_letter")).isZero();
    }

    @Test
    void retryAfterWaitsExactlyTheTimeTheRemoteAsked() {
        InboxEvent event = event(2);

        handler.handle(event, new RemoteRefusal(new Failure(Failure.Kind.RETRY_AFTER, Duration.ofSeconds(42),
                "Zendesk rate limit (429), Retry-After 42 s")));

        verify(inbox).retryAt(event, NOW.plusSeconds(42), "Zendesk rate limit (429), Retry-After 42 s", true);
        verify(inbox, never()).deadLetter(any(), anyString());
        assertThat(count("retry_after")).isEqualTo(1);
    }

    @Test
    void aTransientFailureBacksOffByTheAttemptsSoFar() {
        InboxEvent event = event(3);

        handler.handle(event, new RemoteRefusal(Failure.transientFailure("Zendesk answered 503 Service Unavailable")));

        verify(inbox).retryAt(event, NOW.plusSeconds(8), "Zendesk answered 503 Service Unavailable", true);
        assertThat(count("backoff")).isEqualTo(1);
    }

    @Test
    void atTheLastAttemptATransientFailureGoesToTheDeadLetterTable() {
        InboxEvent event = event(8);

        handler.handle(event, new RemoteRefusal(Failure.transientFailure("Zendesk answered 503 Service Unavailable")));

        verify(inbox).deadLetter(event, "Zendesk answered 503 Service Unavailable (gave up after 8 attempts)");
        verify(inbox, never()).retryAt(any(), any(), anyString(), anyBoolean());
        assertThat(count("dead_letter")).isEqualTo(1);
        assertThat(count("backoff")).isZero();
    }

    @Test
    void atTheLastAttemptEvenARetryAfterGivesUp() {
        InboxEvent event = event(9);

        handler.handle(event, new RemoteRefusal(new Failure(Failure.Kind.RETRY_AFTER, Duration.ofSeconds(5), "429")));

        verify(inbox).deadLetter(event, "429 (gave up after 9 attempts)");
        verify(inbox, never()).retryAt(any(), any(), anyString(), anyBoolean());
    }

    @Test
    void aPermanentFailureGoesToTheDeadLetterTableAtOnce() {
        InboxEvent event = event(1);

        handler.handle(event, new RemoteRefusal(new Failure(Failure.Kind.PERMANENT, Duration.ZERO,
                "Zendesk answered 422 Unprocessable Entity")));

        verify(inbox).deadLetter(event, "Zendesk answered 422 Unprocessable Entity");
        verify(inbox, never()).retryAt(any(), any(), anyString(), anyBoolean());
        assertThat(count("dead_letter")).isEqualTo(1);
    }

    @Test
    void anExhaustedQuotaWaitsWithoutSpendingAnAttemptEvenAtTheLimit() {
        InboxEvent event = event(8);

        handler.handle(event, new RemoteRefusal(new Failure(Failure.Kind.QUOTA, Duration.ofMinutes(15),
                "Salesforce daily API allowance exhausted")));

        verify(inbox).retryAt(event, NOW.plus(Duration.ofMinutes(15)), "Salesforce daily API allowance exhausted",
                false);
        verify(inbox, never()).deadLetter(any(), anyString());
        assertThat(count("quota")).isEqualTo(1);
    }

    @Test
    void anEventWaitingForAnotherComesBackAfterTheDelayWithoutSpendingAnAttemptEvenAtTheLimit() {
        InboxEvent event = event(8);

        handler.handle(event, new RemoteRefusal(new Failure(Failure.Kind.WAIT, Duration.ofSeconds(4),
                "waiting for the ticket of Intercom conversation 215")));

        verify(inbox).retryAt(event, NOW.plusSeconds(4), "waiting for the ticket of Intercom conversation 215", false);
        verify(inbox, never()).deadLetter(any(), anyString());
        assertThat(count("wait")).isEqualTo(1);
        assertThat(count("backoff")).isZero();
    }

    @Test
    void aKnownFailureIsFoundAmongTheCauses() {
        InboxEvent event = event(1);
        RuntimeException wrapped = new RuntimeException("route failed", new IllegalStateException("bean failed",
                new RemoteRefusal(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, "Zendesk has no ticket 1"))));

        handler.handle(event, wrapped);

        verify(inbox).deadLetter(event, "Zendesk has no ticket 1");
    }

    @Test
    void anUnknownFailureIsTransientWithTheRootCauseAsReason() {
        InboxEvent event = event(3);
        RuntimeException wrapped = new RuntimeException("route failed",
                new IllegalStateException("bean failed", new ConnectException("Connection refused")));

        handler.handle(event, wrapped);

        verify(inbox).retryAt(event, NOW.plusSeconds(8), "ConnectException: Connection refused", true);
        assertThat(handler.classify(new IllegalStateException("no cause")))
                .isEqualTo(Failure.transientFailure("IllegalStateException: no cause"));
    }

    @Test
    void countsEachOutcome() {
        handler.handle(event(1), new RemoteRefusal(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, "a")));
        handler.handle(event(1), new RemoteRefusal(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, "b")));
        handler.handle(event(3), new IllegalStateException("c"));
        handler.handle(event(1), new RemoteRefusal(new Failure(Failure.Kind.QUOTA, Duration.ofMinutes(1), "d")));

        assertThat(count("dead_letter")).isEqualTo(2);
        assertThat(count("backoff")).isEqualTo(1);
        assertThat(count("quota")).isEqualTo(1);
        assertThat(count("retry_after")).isZero();
    }

    @Test
    void whenTheStoreIsDownTooTheEventKeepsItsLeaseAndTheFailureIsCounted() {
        InboxEvent event = event(3);
        doThrow(new DataAccessResourceFailureException("Connection refused")).when(inbox)
                .retryAt(any(), any(), anyString(), anyBoolean());

        assertThatCode(() -> handler.handle(event, new IllegalStateException("x"))).doesNotThrowAnyException();

        assertThat(count("unrecorded")).isEqualTo(1);
        assertThat(count("backoff")).isZero();
    }

    @Test
    void touchesNothingButTheFailedEvent() {
        InboxEvent event = event(3);

        handler.handle(event, new IllegalStateException("x"));

        verify(inbox).maxAttempts();
        verify(inbox).backoffAfter(3);
        verify(inbox).retryAt(event, NOW.plusSeconds(8), "IllegalStateException: x", true);
        verifyNoMoreInteractions(inbox);
    }

    private static InboxEvent event(int attempts) {
        return new InboxEvent("zendesk", "ev-1", "ticket.created", "{}", attempts, NOW.minusSeconds(60));
    }

    private double count(String outcome) {
        var counter = meters.find("kairos.inbox.failures").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
