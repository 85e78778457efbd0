package io.kairos.platform;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** One system that posts webhooks to Kairos: how its deliveries are authenticated and identified. */
public interface WebhookSource {

    /** The inbox source name, e.g. {@code zendesk}. */
    String name();

    /**
     * Throws {@link WebhookRejectedException} unless the delivery is authentic and fresh. The secret comes from the
     * Kamelet that receives the webhook, so each webhook (a second brand, say) may have its own.
     */
    void verify(byte[] body, UnaryOperator<String> header, String secret);

    /** Reads the event id and type; throws {@link MalformedWebhookException} when the body cannot be one. */
    Delivery identify(byte[] body);

    /**
     * Why an authentic delivery is acknowledged (200) without being stored, e.g. a topic Kairos has no flow for;
     * empty when it is for Kairos.
     */
    default Optional<String> ignoreReason(Delivery delivery) {
        return Optional.empty();
    }

    /** The identity of one delivery: redeliveries carry the same event id. */
    record Delivery(String eventId, String eventType) { }
}
