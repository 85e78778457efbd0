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
    private volatile Consumer<StaleSubscriberException> onStale = stale -> { };

    public long epoch() {
        return epoch;
    }

    void begin(long epoch) {
        this.epoch = epoch;
    }

    void onStale(Consumer<StaleSubscriberException> listener) {
        this.onStale = listener;
    }

    /** The store refused a write under this replica's term: another replica leads the subscriptions now. */
    void stale(StaleSubscriberException stale) {
        onStale.accept(stale);
    }
}
