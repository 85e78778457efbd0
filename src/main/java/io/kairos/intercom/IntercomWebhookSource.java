package io.kairos.intercom;

import io.kairos.platform.WebhookSource;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/** Intercom as a webhook source: the X-Hub-Signature check, the notification id, and the topics it ignores. */
@Component
class IntercomWebhookSource implements WebhookSource {

    static final String NAME = "intercom";

    private final IntercomSignature signature;
    private final IntercomNotifications notifications;

    IntercomWebhookSource(IntercomProperties properties, IntercomNotifications notifications) {
        this.signature = new IntercomSignature(properties.clientSecret());
        this.notifications = notifications;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void verify(byte[] body, UnaryOperator<String> header) {
        signature.verify(body, header.apply(IntercomSignature.HEADER));
    }

    @Override
    public Delivery identify(byte[] body) {
        return notifications.identify(body);
    }

    @Override
    public Optional<String> ignoreReason(Delivery delivery) {
        return notifications.ignoreReason(delivery);
    }
}
