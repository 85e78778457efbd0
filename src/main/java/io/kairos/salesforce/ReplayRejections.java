package io.kairos.salesforce;

import java.lang.reflect.Field;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.apache.camel.component.salesforce.internal.streaming.SubscriptionHelper;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices Salesforce refusing the replay id of a subscription, which camel-salesforce answers on its own by
 * resubscribing from the endpoint's fallBackReplayId, with nothing but a log line.
 */
// camel-salesforce offers no hook for that path: the listener goes onto its CometD client, a package-private field.
// Camel's own fallback subscribe is not always sent: its connect listener subscribes a pending channel again on every
// /meta/connect reply (the first one arrives as the routes start), CometD then holds the listener twice, the refusal
// removes one, and the fallback subscribe finds the channel still "subscribed" and sends nothing. Hence the listener
// also makes salesforceStreamStarter restart the subscriptions on a new client.
final class ReplayRejections {

    /** The error camel-salesforce's SubscriptionHelper falls back on (its INVALID_REPLAY_ID_PATTERN). */
    static final Pattern INVALID_REPLAY_ID = Pattern.compile("400::The replayId \\{.*} you provided was invalid.*",
            Pattern.DOTALL);

    private static final Logger log = LoggerFactory.getLogger(ReplayRejections.class);
    private static final Field CLIENT = lookup();

    private ReplayRejections() {
    }

    /**
     * Tells {@code rejected} (channel, Salesforce's error) about each refused replay id on the helper's current
     * client; false when camel-salesforce's internals changed and refusals go unnoticed.
     */
    static boolean listen(SubscriptionHelper helper, BiConsumer<String, String> rejected) {
        BayeuxClient client = client(helper);
        if (client == null) {
            return false;
        }
        client.getChannel(Channel.META_SUBSCRIBE).addListener((ClientSessionChannel.MessageListener)
                (channel, message) -> {
                    String subscription = (String) message.get(Message.SUBSCRIPTION_FIELD);
                    if (isRefusedReplayId(message.isSuccessful(), (String) message.get(Message.ERROR_FIELD))
                            && subscription != null) {
                        rejected.accept(subscription, (String) message.get(Message.ERROR_FIELD));
                    }
                });
        return true;
    }

    static boolean isRefusedReplayId(boolean successful, String error) {
        return !successful && error != null && INVALID_REPLAY_ID.matcher(error).matches();
    }

    private static BayeuxClient client(SubscriptionHelper helper) {
        if (CLIENT == null) {
            return null;
        }
        try {
            return (BayeuxClient) CLIENT.get(helper);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("camel-salesforce's CometD client is not reachable ({})", e.toString());
            return null;
        }
    }

    private static Field lookup() {
        try {
            Field field = SubscriptionHelper.class.getDeclaredField("client");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("camel-salesforce's CometD client is not reachable ({}); when Salesforce refuses a stored "
                    + "replayId, Camel's fallback to the earliest retained event is not recorded as a gap", e.toString());
            return null;
        }
    }
}
