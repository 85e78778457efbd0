package io.kairos.proactive;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Turns a stored signal into one planned outbox message per recipient, page by page as the audience resolves. */
@Component("signalPlanner")
public class SignalPlanner {

    private final AudienceSource audienceSource;
    private final Outbox outbox;
    private final SignalStore signalStore;
    private final ProactiveProperties properties;
    private final Clock clock;

    public SignalPlanner(AudienceSource audienceSource, Outbox outbox, SignalStore signalStore,
                         ProactiveProperties properties, Clock clock) {
        this.audienceSource = audienceSource;
        this.outbox = outbox;
        this.signalStore = signalStore;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Plans the signal's audience (the signal must be stored) and records the result on the signal. Safe to run
     * again after a crash: recipients already planned are skipped. A failure of the audience source propagates
     * with the pages before it planned; the caller retries or calls {@link SignalStore#failed}.
     *
     * @return the number of messages this run added
     */
    public int plan(Signal signal) {
        // Send-at is "now" until the timing policy decides per recipient.
        Instant sendAt = clock.instant();
        int[] planned = {0};
        audienceSource.resolve(signal,
                page -> planned[0] += outbox.plan(signal, page, sendAt, properties.channel()));
        signalStore.planned(signal.id(), planned[0],
                "planned " + planned[0] + " new message(s) for " + properties.channel());
        return planned[0];
    }
}
