package io.kairos.intercom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.proactive.OutboxMessage;
import io.kairos.proactive.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Outbox messages and Intercom settings for the offline Intercom tests. */
final class IntercomFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * Intercom's published SDK notification ({@code sdk-fixture-conversation-notification.intercom-ruby.json}, the
     * older shape, which carries no {@code delivered_as}) as a {@code conversation.user.replied}: changed are the
     * notification {@code id}, the {@code topic}, and one {@code conversation_parts} entry added, the contact's reply
     * ({@code partId}, {@code replyHtml}, authored by the sample's user). When {@code messageId} is not null the
     * conversation is one a message of the workspace opened: {@code conversation_message.id} becomes that message's
     * id, its {@code author} the admin it was sent as and its {@code body} the message; else it stays the contact's.
     */
    static String replyInOlderShape(String realSample, String notificationId, String messageId, String partId,
                                    String replyHtml) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(realSample);
            root.put("id", notificationId).put("topic", "conversation.user.replied");
            ObjectNode item = root.withObject("/data/item");
            if (messageId != null) {
                ObjectNode message = item.withObject("/conversation_message");
                message.put("id", messageId).put("body", "<p>Hi, your order 00123 is delayed.</p>");
                message.putObject("author").put("type", "admin").put("id", "394051").put("name", "Kairos");
            }
            ObjectNode part = item.withObject("/conversation_parts").withArray("conversation_parts").addObject()
                    .put("type", "conversation_part").put("id", partId).put("part_type", "comment")
                    .put("body", replyHtml).put("created_at", "1410335393");
            part.set("author", item.get("user").deepCopy());
            part.putArray("attachments");
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the sample is no JSON", e);
        }
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
