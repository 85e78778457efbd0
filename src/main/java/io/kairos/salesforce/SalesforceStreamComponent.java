package io.kairos.salesforce;

import java.util.function.BiConsumer;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.internal.streaming.SubscriptionHelper;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The Salesforce component of the subscription routes ({@code salesforce-stream:subscribe:...}): starting it never
 * calls Salesforce, so an outage cannot stop Kairos; its consumers log in and connect when their routes start.
 */
// The annotation names camel-salesforce's generated option configurer; without it Camel binds options to this
// subclass by reflection and silently drops those SalesforceComponent has no setter for (apiVersion, rawPayload).
@Component("salesforce")
public class SalesforceStreamComponent extends SalesforceComponent {

    public static final String NAME = "salesforce-stream";

    private SubscriptionHelper subscriptions;
    private volatile BiConsumer<String, String> replayRejected = (channel, error) -> { };

    public SalesforceStreamComponent() {
        super.setLazyLogin(true);
    }

    /** Who hears of Salesforce refusing a subscription's replay id (channel, error), before Camel falls back. */
    public void onReplayRejected(BiConsumer<String, String> listener) {
        this.replayRejected = listener;
    }

    /** Ignored: camel.component.salesforce.* is applied to every SalesforceComponent, this one stays lazy. */
    @Override
    public void setLazyLogin(boolean lazyLogin) {
        super.setLazyLogin(true);
    }

    /**
     * Kept out of SalesforceComponent's own field: its doStart starts a helper that already exists (created with the
     * consumers when the routes are built), and the helper's start logs in and waits up to 120 s for the CometD
     * handshake. Here only the consumers start it, when salesforceStreamStarter starts their routes.
     */
    @Override
    public synchronized SubscriptionHelper getSubscriptionHelper() {
        if (subscriptions == null) {
            subscriptions = new SubscriptionHelper(this) {
                @Override
                protected void doStart() throws Exception {
                    super.doStart();
                    // Each start makes a new CometD client; the consumers subscribe only after this returns.
                    ReplayRejections.listen(this, (channel, error) -> replayRejected.accept(channel, error));
                }
            };
        }
        return subscriptions;
    }

    /**
     * Stops the CometD client of the subscriptions (after their routes stopped); the next route start connects a
     * new one.
     */
    public synchronized void stopSubscriptions() {
        if (subscriptions != null) {
            ServiceHelper.stopService(subscriptions);
        }
    }

    @Override
    protected void doStart() throws Exception {
        if (getLoginConfig() != null) {
            getLoginConfig().setLazyLogin(true);
        }
        super.doStart();
        // SubscriptionHelper.doStart refuses a lazy login config ("Lazy login is not supported by salesforce
        // consumers"); now that the component is up without a login, the helper may log in itself when it starts.
        getLoginConfig().setLazyLogin(false);
    }

    @Override
    protected void doStop() throws Exception {
        try {
            synchronized (this) {
                if (subscriptions != null) {
                    ServiceHelper.stopService(subscriptions);
                    subscriptions = null;
                }
            }
        } finally {
            super.doStop();
        }
    }
}
