package io.kairos.proactive;

/** Waits, right before a channel's request, for the rate it shares with every replica. */
public interface ChannelGate {

    /** Returns when the channel may send one more request: at most {@code rate} per {@code periodMillis}. */
    void beforeSend(String channel, double rate, long periodMillis);
}
