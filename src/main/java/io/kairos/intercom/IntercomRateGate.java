package io.kairos.intercom;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Holds every send of this replica back while Intercom has asked us to wait (a 429 and its reset time). */
@Component("intercomRateGate")
public class IntercomRateGate {

    private static final Logger LOG = LoggerFactory.getLogger(IntercomRateGate.class);

    private final Clock clock;
    private final AtomicReference<Instant> until = new AtomicReference<>(Instant.MIN);

    public IntercomRateGate(Clock clock) {
        this.clock = clock;
    }

    /** When sending may resume, while it is paused. */
    public Optional<Instant> pausedUntil() {
        Instant at = until.get();
        return at.isAfter(clock.instant()) ? Optional.of(at) : Optional.empty();
    }

    /** Pauses sending until {@code at}; an earlier time never shortens a pause already in place. */
    public void pauseUntil(Instant at) {
        Instant before = until.getAndAccumulate(at, (current, next) -> next.isAfter(current) ? next : current);
        if (at.isAfter(before)) {
            LOG.warn("Intercom asked us to wait: no message is sent before {}", at);
        }
    }
}
