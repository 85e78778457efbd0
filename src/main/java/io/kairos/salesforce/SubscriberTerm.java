package io.kairos.salesforce;

import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The subscriber term this replica runs the Salesforce subscriptions under (0 before its first), which every replay
 * position it stores carries; and who stops the subscriptions when the store says a newer term took over.
 */
@Component
public class SubscriberTerm {

    private volatile long epoch;
    private volatile boolean active;
    private volatile Consumer<StaleSubscriberException> onStale = stale -> { };

    public long epoch() {
        return epoch;
    }

    /** True while this replica runs the subscriptions under its term. */
    public boolean active() {
        return active;
    }

    void begin(long epoch) {
        this.epoch = epoch;
        this.active = true;
    }

    /** This replica stopped subscribing; its epoch stays, so a late write is still fenced as stale. */
    void end() {
        this.active = false;
    }

    void onStale(Consumer<StaleSubscriberException> listener) {
        this.onStale = listener;
    }

    /** The store refused a write under this replica's term: another replica leads the subscriptions now. */
    void stale(StaleSubscriberException stale) {
        onStale.accept(stale);
    }
}
