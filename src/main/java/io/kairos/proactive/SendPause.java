package io.kairos.proactive;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds back every send of one channel on this replica while its API has asked us to wait (a 429 and its time). */
public class SendPause {

    private static final Logger LOG = LoggerFactory.getLogger(SendPause.class);

    private final String api;
    private final Clock clock;
    private final AtomicReference<Instant> until = new AtomicReference<>(Instant.MIN);

    public SendPause(String api, Clock clock) {
        this.api = api;
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
            LOG.warn("{} asked us to wait: nothing is sent to it before {}", api, at);
        }
    }
}
