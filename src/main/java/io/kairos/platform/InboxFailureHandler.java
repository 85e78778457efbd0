package io.kairos.platform;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Decides what happens to an event whose processing failed: retry after the time the remote asked for, back off
 * exponentially, or move it to the dead-letter table with the reason. Only what a classifier recognises as passing
 * is retried; anything else (a programming error, an input Kairos cannot read) is final at once. Retries live in the
 * store, so they survive a restart.
 */
@Component("inboxFailureHandler")
public class InboxFailureHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InboxFailureHandler.class);
    private static final String OWN_CODE = "io.kairos.";
    private static final int OWN_FRAMES = 3;

    private final Inbox inbox;
    private final List<FailureClassifier> classifiers;
    private final Clock clock;
    private final MeterRegistry meters;

    public InboxFailureHandler(Inbox inbox, List<FailureClassifier> classifiers, Clock clock, MeterRegistry meters) {
        this.inbox = inbox;
        this.classifiers = classifiers;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Called by the shared route configuration with the claimed event and what went wrong. If the store cannot
     * take the decision either, the event keeps its lease and is claimed again when the lease expires.
     */
    public void handle(InboxEvent event, Throwable error) {
        handle(event, error, clock.instant());
    }

    /**
     * As {@link #handle(InboxEvent, Throwable)} for the events of one group that failed together: one moment for
     * all, so a retried group falls due at once and is claimed again as a group, not one event at a time.
     */
    public void handleGroup(Collection<InboxEvent> events, Throwable error) {
        Instant now = clock.instant();
        events.forEach(event -> handle(event, error, now));
    }

    private void handle(InboxEvent event, Throwable error, Instant now) {
        try {
            RateSlotWaitException slot = slotWait(error);
            if (slot != null) {
                park(event, slot);
                return;
            }
            decide(event, classify(error), error, now);
        } catch (DataAccessException storeDown) {
            LOG.warn("{} failed and the store could not record it; it is retried when its lease expires: {}", event,
                    storeDown.getMostSpecificCause().getMessage());
            count("unrecorded");
        }
    }

    private void decide(InboxEvent event, Failure failure, Throwable error, Instant now) {
        String reason = failure.reason();
        switch (failure.kind()) {
            case PERMANENT -> deadLetter(event, reason, null);
            case UNEXPECTED -> deadLetter(event, reason, error);
            case QUOTA -> {
                LOG.warn("{} waits {} for a shared API allowance: {}", event, failure.delay(), reason);
                if (inbox.retryAt(event, now.plus(failure.delay()), reason, false)) {
                    count("quota");
                } else {
                    lostClaim(event);
                }
            }
            case WAIT -> {
                LOG.info("{} waits {}: {}", event, failure.delay(), reason);
                if (inbox.retryAt(event, now.plus(failure.delay()), reason, false)) {
                    count("wait");
                } else {
                    lostClaim(event);
                }
            }
            case RETRY_AFTER -> {
                // The remote's own rate limit, not the event's fault: it waits exactly as asked and keeps its
                // attempts (the shared gates keep such refusals rare).
                LOG.info("{} waits {} as the remote asked: {}", event, failure.delay(), reason);
                if (inbox.retryAt(event, now.plus(failure.delay()), reason, false)) {
                    count("retry_after");
                } else {
                    lostClaim(event);
                }
            }
            case TRANSIENT -> {
                if (event.attempts() >= inbox.maxAttempts()) {
                    deadLetter(event, reason + " (gave up after " + event.attempts() + " attempts)", null);
                    return;
                }
                Duration wait = inbox.backoffAfter(event.attempts());
                LOG.info("{} failed, retry in {}: {}", event, wait, reason);
                if (inbox.retryAt(event, now.plus(wait), reason, true)) {
                    count("backoff");
                } else {
                    lostClaim(event);
                }
            }
        }
    }

    /** Parks the event until the rate-limit slot it took: no lease, no worker and no attempt spent meanwhile. */
    private void park(InboxEvent event, RateSlotWaitException slot) {
        if (inbox.park(event, slot.slot(), slot.getMessage())) {
            LOG.debug("{} {}", event, slot.getMessage());
            count("rate_slot");
        } else {
            lostClaim(event);
        }
    }

    private static RateSlotWaitException slotWait(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RateSlotWaitException slot) {
                return slot;
            }
        }
        return null;
    }

    Failure classify(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            for (FailureClassifier classifier : classifiers) {
                Optional<Failure> known = classifier.classify(cause);
                if (known.isPresent()) {
                    return known.get();
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return new Failure(Failure.Kind.UNEXPECTED, Duration.ZERO, unexpected(error));
    }

    /** The root cause's class and message and where in Kairos's own code it happened, for the dead letter. */
    static String unexpected(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StringBuilder reason = new StringBuilder("unexpected ").append(root.getClass().getName()).append(": ")
                .append(root.getMessage());
        int frames = 0;
        for (StackTraceElement frame : root.getStackTrace()) {
            if (frame.getClassName().startsWith(OWN_CODE) && frames++ < OWN_FRAMES) {
                reason.append(frames == 1 ? " at " : " < ").append(frame);
            }
        }
        return reason.toString();
    }

    /**
     * Moves the event to the dead-letter table; {@code unexpected} is the error no classifier knew, logged once as
     * an ERROR with its stack trace.
     */
    private void deadLetter(InboxEvent event, String reason, Throwable unexpected) {
        if (inbox.deadLetter(event, reason)) {
            if (unexpected != null) {
                LOG.error("{} moved to the dead-letter table at once: {}", event, reason, unexpected);
            } else {
                LOG.warn("{} moved to the dead-letter table: {}", event, reason);
            }
            count("dead_letter");
        } else {
            lostClaim(event);
        }
    }

    /** The lease expired and another worker owns the event now; its decision stands. */
    private void lostClaim(InboxEvent event) {
        LOG.info("{} failed after its lease expired; the worker that took it over decides", event);
        count("lease_lost");
    }

    private void count(String outcome) {
        meters.counter("kairos.inbox.failures", "outcome", outcome).increment();
    }
}
