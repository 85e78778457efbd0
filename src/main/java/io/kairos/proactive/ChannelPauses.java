package io.kairos.proactive;

import io.kairos.platform.SharedRateLimits;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds back every send of one channel, on every replica, while its API has asked us to wait (a 429 and its time):
 * one hold row per channel name in the store's shared rate limits, so a pause one replica learns holds them all.
 */
@Component
public class ChannelPauses {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelPauses.class);

    private final SharedRateLimits limits;

    public ChannelPauses(SharedRateLimits limits) {
        this.limits = limits;
    }

    /** When the channel may send again, while it is paused. */
    public Optional<Instant> pausedUntil(String channel) {
        return limits.heldUntil(name(channel));
    }

    /** Pauses the channel until {@code at}; an earlier time never shortens a pause already in place. */
    public void pauseUntil(String channel, Instant at) {
        Optional<Instant> before = pausedUntil(channel);
        limits.holdUntil(name(channel), at);
        if (before.isEmpty() || at.isAfter(before.get())) {
            LOG.warn("Channel {} was asked to wait: nothing is sent through it before {}", channel, at);
        }
    }

    private static String name(String channel) {
        return "channel-pause:" + channel;
    }
}
