package io.kairos.proactive;

import io.kairos.platform.SharedRateLimits;
import org.springframework.stereotype.Component;

/** The gate of a channel with no budget but its own: its rate, shared by every replica, named after it. */
@Component("channelRate")
public class ChannelRate implements ChannelGate {

    private final SharedRateLimits limits;

    public ChannelRate(SharedRateLimits limits) {
        this.limits = limits;
    }

    @Override
    public void beforeSend(String channel, double rate, long periodMillis) {
        limits.acquire(limitName(channel), rate, periodMillis);
    }

    /** {@code <channel>-messages}, e.g. {@code intercom-messages}. */
    public static String limitName(String channel) {
        return channel + "-messages";
    }
}
