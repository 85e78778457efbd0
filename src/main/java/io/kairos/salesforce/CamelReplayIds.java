package io.kairos.salesforce;

import java.lang.reflect.Field;
import org.apache.camel.component.salesforce.internal.streaming.ReplayExtension;
import org.apache.camel.component.salesforce.internal.streaming.SubscriptionHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets the replay id camel-salesforce sends on its next subscribe to a channel. */
// Camel keeps these ids in one JVM-wide static map that an endpoint's replayId only fills when empty: after a route
// restart (or a second Camel context in tests) Camel would resume from the last id it received, which may be past
// the last one Kairos stored.
final class CamelReplayIds {

    private static final Logger log = LoggerFactory.getLogger(CamelReplayIds.class);
    private static final ReplayExtension EXTENSION = lookup();

    private CamelReplayIds() {
    }

    /** False when camel-salesforce's internals changed and only the endpoint's replayId applies. */
    static boolean force(String channel, long replayId) {
        if (EXTENSION == null) {
            return false;
        }
        EXTENSION.setReplayId(channel, replayId);
        return true;
    }

    /** The channel camel-salesforce subscribes to for an endpoint topic (its SubscriptionHelper.getChannelName). */
    static String channelName(String topicName) {
        String channel = topicName.startsWith("/") ? topicName : "/" + topicName;
        return channel.indexOf('/', 1) > 0 ? channel : "/topic" + channel;
    }

    private static ReplayExtension lookup() {
        try {
            Field field = SubscriptionHelper.class.getDeclaredField("REPLAY_EXTENSION");
            field.setAccessible(true);
            return (ReplayExtension) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("camel-salesforce's replay state is not reachable ({}); a route restarted in this JVM resumes "
                    + "from the last event Camel received", e.toString());
            return null;
        }
    }
}
