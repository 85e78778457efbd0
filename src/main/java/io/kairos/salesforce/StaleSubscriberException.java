package io.kairos.salesforce;

/**
 * A replica wrote a replay position under an older subscriber term than the store holds: another replica leads
 * the subscriptions now, and this one's write (and the inbox row in the same transaction) must not commit.
 */
public class StaleSubscriberException extends RuntimeException {

    private final String channel;
    private final long epoch;
    private final long newerEpoch;

    public StaleSubscriberException(String channel, long epoch, long newerEpoch) {
        super("Salesforce channel " + channel + ": this replica's subscriber term " + epoch + " is stale, term "
                + newerEpoch + " holds the replay positions");
        this.channel = channel;
        this.epoch = epoch;
        this.newerEpoch = newerEpoch;
    }

    public String channel() {
        return channel;
    }

    public long epoch() {
        return epoch;
    }

    public long newerEpoch() {
        return newerEpoch;
    }
}
