package io.kairos.intercom;

import io.kairos.platform.WebhookRejectedException;
import io.kairos.platform.WebhookSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * Intercom as a webhook source: the X-Hub-Signature check with the client secret of the webhook it came through,
 * the notification id, and the topics it ignores.
 */
@Component
class IntercomWebhookSource implements WebhookSource {

    static final String NAME = "intercom";

    private final Map<String, IntercomSignature> signatures = new ConcurrentHashMap<>();
    private final IntercomNotifications notifications;

    IntercomWebhookSource(IntercomNotifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void verify(byte[] body, UnaryOperator<String> header, String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new WebhookRejectedException("no client secret is configured for this webhook");
        }
        signatures.computeIfAbsent(secret, IntercomSignature::new).verify(body, header.apply(IntercomSignature.HEADER));
    }

    @Override
    public Delivery identify(byte[] body) {
        return notifications.identify(body);
    }
}
