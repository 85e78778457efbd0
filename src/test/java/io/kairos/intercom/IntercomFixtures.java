package io.kairos.intercom;

import io.kairos.proactive.OutboxMessage;
import io.kairos.proactive.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Outbox messages and Intercom settings for the offline Intercom tests. */
final class IntercomFixtures {

    static final IntercomProperties PROPERTIES = new IntercomProperties("https://api.intercom.test", "secret-token",
            "client-secret", "394051", "2.11", "email", Duration.ofSeconds(5), Duration.ofSeconds(30));

    private IntercomFixtures() {
    }

    static Signal signal(Signal.Type type, String title, String body) {
        return new Signal("sig-1", "evt-1", "salesforce", type, "801000000000123AAA", Signal.Severity.NORMAL, title,
                body, "Widget Pro", Instant.parse("2025-12-01T13:00:00Z"), Instant.parse("2025-12-01T15:30:00Z"), null,
                Instant.parse("2025-11-26T09:00:00Z"));
    }

    static OutboxMessage message(Signal signal, String name, String timeZone, Map<String, String> variables) {
        return new OutboxMessage(42L, signal, "jane@acme.example", "003000000000001AAA", name, timeZone, "intercom",
                variables, Instant.parse("2025-11-26T09:00:00Z"), 1, false);
    }

    /**
     * {@code conversation-user-replied.json} turned into a reply in the conversation a message Kairos sent started:
     * {@code source.id} becomes the message's id, {@code source.delivered_as} admin_initiated, {@code source.author}
     * the admin it was sent as, and {@code source.body} the message; the contact's reply part stays as it is.
     */
    static String replyToMessage(String replyFixture, String messageId) {
        return replaced(replaced(replaced(replyFixture,
                "\"id\":\"3201547896\",\"delivered_as\":\"customer_initiated\"",
                "\"id\":\"" + messageId + "\",\"delivered_as\":\"admin_initiated\""),
                "\"body\":\"<p>Hi, my Widget Pro order still has not arrived.</p><p>Can you check &amp; tell me when?</p>\","
                        + "\"author\":{\"type\":\"user\",\"id\":\"6650a1b2c3d4e5f600000001\",\"name\":\"Jane Doe\","
                        + "\"email\":\"jane@acme.example\"}",
                "\"body\":\"<p>Hi Jane, your order 00123 is delayed.</p>\","
                        + "\"author\":{\"type\":\"admin\",\"id\":\"394051\",\"name\":\"Kairos\"}"),
                "\"id\":\"notif_7d2e4b61-90aa-4c1b-8e1f-5a6b7c8d9e02\"", "\"id\":\"notif_reply-to-" + messageId + "\"");
    }

    private static String replaced(String text, String what, String with) {
        if (!text.contains(what)) {
            throw new IllegalArgumentException("the fixture no longer contains " + what);
        }
        return text.replace(what, with);
    }

    static OutboxMessage orderDelay() {
        return message(signal(Signal.Type.ORDER_DELAY, "Your order is delayed", "The carrier lost a day."),
                "Jane Doe", "Europe/Berlin", Map.of("orderNumber", "00123", "expectedDelivery", "2 Dec 2025",
                        "accountName", "Acme"));
    }
}
