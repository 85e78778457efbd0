package io.kairos.salesforce;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The channels whose intake failed: nothing more is stored from them until their subscription restarts from the
 * stored position, so the stored position never moves past an event that was not stored.
 */
@Component
public class SubscriptionHolds {

    private final Map<String, Boolean> held = new ConcurrentHashMap<>();
    private final Map<String, Long> floors = new ConcurrentHashMap<>();
    private volatile Consumer<String> onHold = channel -> { };

    /** Who restarts a held channel's subscription; called once per hold, on the thread that failed. */
    void onHold(Consumer<String> listener) {
        this.onHold = listener;
    }

    /**
     * Holds the channel after the event with this replay id (null when unknown) failed to be stored; true when the
     * channel was not held yet.
     */
    public boolean hold(String channel, Long failedReplayId) {
        if (failedReplayId != null) {
            floors.merge(channel, failedReplayId, Math::min);
        }
        if (held.putIfAbsent(channel, Boolean.TRUE) != null) {
            return false;
        }
        onHold.accept(channel);
        return true;
    }

    public boolean isHeld(String channel) {
        return held.containsKey(channel);
    }

    /** The subscription restarts from the stored position: its events may be stored again. */
    public void release(String channel) {
        held.remove(channel);
    }

    /**
     * The replay id of the first event that failed on this channel since its last stored event: every earlier event
     * was stored or came before Kairos subscribed. Null when none failed.
     */
    public Long floor(String channel) {
        return floors.get(channel);
    }

    /** An event at or past the floor is stored: the stored position now covers what the floor did. */
    public void stored(String channel, long replayId) {
        floors.computeIfPresent(channel, (key, floor) -> replayId >= floor ? null : floor);
    }
}
