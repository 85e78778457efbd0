package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;

/** What happens to a failed event, by kind of failure, with a mocked inbox and a fixed clock. */
@ExtendWith(OutputCaptureExtension.class)
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
    private final InboxFailureHandler handler = new InboxFailureHandler(inbox,
            List.of(unrelated, remote, new PlatformFailureClassifier()), clock, meters);

    @Test
    void anEventWaitingForItsRateSlotIsParkedUntilItWithoutSpendingAnAttempt() {
        InboxEvent event = event(3);
        Instant slot = NOW.plusSeconds(40);
        when(inbox.park(any(), any(), anyString())).thenReturn(true);

        handler.handle(event, new IllegalStateException("wrapped by Camel",
                new RateSlotWaitException("zendesk-ticket-updates", slot)));

        verify(inbox).park(event, slot, "waits for its zendesk-ticket-updates slot at " + slot);
        verify(inbox, never()).retryAt(any(), any(), anyString(), anyBoolean());
        verify(inbox, never()).deadLetter(any(), anyString());
        assertThat(meters.counter("kairos.inbox.failures", "outcome", "rate_slot").count()).isEqualTo(1);
    }

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

        handler.handle(event(3), new ConnectException("x"));
        handler.handle(event(1), new RemoteRefusal(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, "a")));

        assertThat(count("lease_lost")).isEqualTo(2);
        assertThat(count("backoff")).isZero();
        assertThat(count("dead_letter")).isZero();
    }

    @Test
    void aGroupThatFailedTogetherFallsDueTogetherSoItIsClaimedAgainAsAGroup() {
        // A clock that moves on at every reading: events handled one by one would fall due a moment apart.
        AtomicLong readings = new AtomicLong();
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return NOW.plusMillis(readings.getAndIncrement());
            }
        };
        InboxFailureHandler grouped = new InboxFailureHandler(inbox, List.of(remote), moving, meters);
        when(inbox.retryAt(any(), any(), anyString(), anyBoolean())).thenReturn(true);
        List<InboxEvent> group = List.of(event(1), event(1), event(1));

        grouped.handleGroup(group, new RemoteRefusal(new Failure(Failure.Kind.RETRY_AFTER, Duration.ofSeconds(1),
                "Zendesk rate limit (429), Retry-After 1 s")));

        verify(inbox, times(3)).retryAt(group.get(0), NOW.plusSeconds(1), "Zendesk rate limit (429), Retry-After 1 s",
                false);
    }

    @Test
    void retryAfterWaitsExactlyTheTimeTheRemoteAsked() {
        InboxEvent event = event(2);

        handler.handle(event, new RemoteRefusal(new Failure(Failure.Kind.RETRY_AFTER, Duration.ofSeconds(42),
                "Zendesk rate limit (429), Retry-After 42 s")));

        verify(inbox).retryAt(event, NOW.plusSeconds(42), "Zendesk rate limit (429), Retry-After 42 s", false);
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
    void aRateLimitSpendsNoAttemptEvenAtTheLast() {
        InboxEvent event = event(9);
        when(inbox.retryAt(any(), any(), anyString(), anyBoolean())).thenReturn(true);

        handler.handle(event, new RemoteRefusal(new Failure(Failure.Kind.RETRY_AFTER, Duration.ofSeconds(5), "429")));

        verify(inbox).retryAt(event, NOW.plusSeconds(5), "429", false);
        verify(inbox, never()).deadLetter(any(), anyString());
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
    void aConnectionFailureAmongTheCausesIsTransientWithTheRootCauseAsReason() {
        InboxEvent event = event(3);
        RuntimeException wrapped = new RuntimeException("route failed",
                new IllegalStateException("bean failed", new ConnectException("Connection refused")));

        handler.handle(event, wrapped);

        verify(inbox).retryAt(event, NOW.plusSeconds(8), "ConnectException: Connection refused", true);
    }

    @Test
    void anUnexpectedExceptionIsDeadLetteredOnItsFirstAttemptWithClassMessageAndKairosFrames() {
        InboxEvent event = event(1);
        NullPointerException npe;
        try {
            java.util.Set.of("user", "lead").contains(null);
            throw new AssertionError("Set.of(...).contains(null) throws");
        } catch (NullPointerException e) {
            npe = e;
        }

        handler.handle(event, new RuntimeException("route failed", npe));

        var reason = org.mockito.ArgumentCaptor.forClass(String.class);
        verify(inbox).deadLetter(org.mockito.ArgumentMatchers.eq(event), reason.capture());
        assertThat(reason.getValue()).startsWith("unexpected java.lang.NullPointerException")
                .contains(" at io.kairos.platform.InboxFailureHandlerTest.");
        verify(inbox, never()).retryAt(any(), any(), anyString(), anyBoolean());
        assertThat(count("dead_letter")).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("programmingErrors")
    void anyExceptionNoClassifierKnowsIsFinal(Throwable error) {
        Failure failure = handler.classify(new RuntimeException("wrapped", error));

        assertThat(failure.kind()).isEqualTo(Failure.Kind.UNEXPECTED);
        assertThat(failure.reason()).startsWith("unexpected " + error.getClass().getName() + ": "
                + error.getMessage());
    }

    static Stream<Throwable> programmingErrors() {
        return Stream.of(new NullPointerException("npe"), new IllegalStateException("state"),
                new ClassCastException("cast"), new IllegalArgumentException("argument"),
                new ArrayIndexOutOfBoundsException("index"), new UnsupportedOperationException("unsupported"),
                new DataIntegrityViolationException("value too long for type character varying(500)"),
                new java.sql.SQLException("value too long", "22001"));
    }

    @Test
    void unreadableJsonIsFinalThoughJacksonCallsItAnIOException() {
        Failure failure = handler.classify(new RuntimeException("wrapped",
                new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character")));

        assertThat(failure.kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(failure.reason()).isEqualTo("unreadable JSON: Unexpected character");
    }

    @ParameterizedTest
    @MethodSource("passingFailures")
    void whatPassesOnItsOwnIsStillRetried(Throwable error) {
        assertThat(handler.classify(new RuntimeException("wrapped", error)).kind()).isEqualTo(Failure.Kind.TRANSIENT);
    }

    static Stream<Throwable> passingFailures() {
        return Stream.of(new ConnectException("Connection refused"), new SocketTimeoutException("Read timed out"),
                new java.io.UncheckedIOException(new java.io.IOException("reset")),
                new java.util.concurrent.TimeoutException("Request timeout after 60000 ms"),
                new DataAccessResourceFailureException("Connection refused"),
                new org.springframework.jdbc.CannotGetJdbcConnectionException("pool exhausted"),
                new org.springframework.dao.QueryTimeoutException("timeout"),
                new org.springframework.dao.CannotAcquireLockException("deadlock"),
                new org.springframework.transaction.CannotCreateTransactionException("no connection",
                        new java.sql.SQLException("Connection refused", "08001")),
                new java.sql.SQLTransientConnectionException("pool timeout"),
                new IllegalStateException("interrupted while waiting for a permit", new InterruptedException()),
                new java.util.concurrent.RejectedExecutionException("CamelContext is stopping"));
    }

    @Test
    void aProgrammingErrorIsLoggedOnceAsAnErrorWithItsStackTrace(CapturedOutput output) {
        handler.handle(event(1), new IllegalStateException("kaputt"));

        assertThat(output.getOut().lines().filter(l -> l.contains("moved to the dead-letter table"))).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("ERROR").contains("kaputt"));
        assertThat(output.getOut()).contains("at io.kairos.platform.InboxFailureHandlerTest.");
    }

    @Test
    void countsEachOutcome() {
        handler.handle(event(1), new RemoteRefusal(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, "a")));
        handler.handle(event(1), new RemoteRefusal(new Failure(Failure.Kind.PERMANENT, Duration.ZERO, "b")));
        handler.handle(event(3), new ConnectException("c"));
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

        assertThatCode(() -> handler.handle(event, new ConnectException("x"))).doesNotThrowAnyException();

        assertThat(count("unrecorded")).isEqualTo(1);
        assertThat(count("backoff")).isZero();
    }

    @Test
    void touchesNothingButTheFailedEvent() {
        InboxEvent event = event(3);

        handler.handle(event, new ConnectException("x"));

        verify(inbox).maxAttempts();
        verify(inbox).backoffAfter(3);
        verify(inbox).retryAt(event, NOW.plusSeconds(8), "ConnectException: x", true);
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
