package io.kairos.platform;

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

    /**
     * Reads the event id and type, and whether Kairos has a flow for the event; throws
     * {@link MalformedWebhookException} when the body cannot be one.
     */
    Delivery identify(byte[] body);

    /**
     * The identity of one delivery: redeliveries carry the same event id.
     *
     * @param ignoreReason why an authentic delivery is acknowledged (200) without being stored, e.g. an event type
     *                     Kairos has no flow for; null when it is for Kairos
     */
    record Delivery(String eventId, String eventType, String ignoreReason) {

        /** A delivery for Kairos. */
        public Delivery(String eventId, String eventType) {
            this(eventId, eventType, null);
        }

        /** A delivery Kairos acknowledges and drops, saying why. */
        public static Delivery ignored(String eventId, String eventType, String reason) {
            return new Delivery(eventId, eventType, reason);
        }

        public boolean isIgnored() {
            return ignoreReason != null;
        }
    }
}
