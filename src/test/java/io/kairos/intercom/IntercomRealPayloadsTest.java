package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.platform.MalformedWebhookException;
import io.kairos.platform.WebhookSource;
import io.kairos.support.RealPayloads;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Intercom payload published by others (real-payloads/intercom) through Kairos's intake and its reader: each
 * is read, or answered with a clear reason, never an exception of another kind.
 */
class IntercomRealPayloadsTest {

    private static final String SYSTEM = "intercom";

    /** What Kairos makes of each file: at intake, then when the stored notification is read. */
    private static final Map<String, String> EXPECTED = Map.of(
            "contact-created.intercom-official-sample-2016.json",
            "ignored notif_35c466b0-070a-11e6-a507-3d022cab75f8: no flow for Intercom topic contact.created",
            "conversation-user-created.intercom-official-sample-2016.json",
            "stored notif_480fa0f0-070a-11e6-b031-1b282118ed92 conversation.user.created, then unreadable: "
                    + "conversation 4584686769 has no contact email: a Zendesk requester needs one",
            "sdk-fixture-conversation-notification.intercom-ruby.json",
            "stored notif_123456-56465-546546 conversation.user.created, then read: conversation 123456789 from "
                    + "bill@bill.bill (Kill Bill), subject \"An important message\", part 321546");

    private final ObjectMapper json = new ObjectMapper();
    private final IntercomNotifications notifications = new IntercomNotifications(json);
    private final IntercomWebhookSource source = new IntercomWebhookSource(notifications);

    static List<String> files() {
        return RealPayloads.files(SYSTEM);
    }

    @ParameterizedTest
    @MethodSource("files")
    void eachPublishedPayloadIsReadOrAnsweredWithAReason(String file) {
        String expected = RealPayloads.expectation(EXPECTED, SYSTEM, file);

        assertThat(outcome(RealPayloads.read(SYSTEM, file))).isEqualTo(expected);
    }

    @Test
    void theTableNamesNoFileThatIsGone() {
        assertThat(files()).containsAll(EXPECTED.keySet());
    }

    /** Intercom's SDK fixture as a reply: the older shape, string timestamps, the reply in conversation_parts. */
    @Test
    void aReplyInTheOlderShapeIsTheContactsLastPart() throws Exception {
        ObjectNode reply = olderShape("conversation.user.replied");
        reply.withObject("/data/item").withObject("/conversation_parts").putArray("conversation_parts")
                .add(json.readTree("""
                        {"type": "conversation_part", "id": "654987", "part_type": "comment",
                         "body": "<p>Still waiting</p>", "created_at": "1410335393",
                         "author": {"type": "user", "id": "540f1de7112d3d1d51001637"}, "attachments": []}"""));

        ConversationEvent replied = notifications.readPayload(reply.toString());

        // The subject, the start of the reply (the message has none, the conversation no title), serves only if
        // the reply starts the ticket.
        assertThat(replied).isEqualTo(new ConversationEvent("notif_123456-56465-546546", ConversationEvent.REPLIED,
                "123456789", "bill@bill.bill", "Kill Bill", "Still waiting", "<p>Still waiting</p>", "654987", null,
                "321546", null));
    }

    /** The same as a close by an admin whose id is a number, as admin_assignee_id is; timestamps as numbers. */
    @Test
    void aCloseInTheOlderShapeNamesTheAdminWhateverTheIdTypes() throws Exception {
        ObjectNode close = olderShape("conversation.admin.closed");
        ObjectNode item = close.withObject("/data/item");
        item.put("id", 123456789L).put("admin_assignee_id", 814860).put("created_at", 1410335293);
        item.withObject("/conversation_parts").putArray("conversation_parts").add(json.readTree("""
                {"type": "conversation_part", "id": 654988, "part_type": "close", "body": null,
                 "created_at": 1410335493, "author": {"type": "admin", "id": 814860}, "attachments": []}"""));

        ConversationEvent closed = notifications.readPayload(close.toString());

        assertThat(closed.conversationId()).isEqualTo("123456789");
        assertThat(closed.partId()).isEqualTo("654988");
        assertThat(closed.actor()).as("no name: the admin's id").isEqualTo("814860");
        assertThat(source.identify(close.toString().getBytes(StandardCharsets.UTF_8)).isIgnored()).isFalse();
    }

    private ObjectNode olderShape(String topic) throws Exception {
        ObjectNode root = (ObjectNode) json.readTree(RealPayloads.read(SYSTEM,
                "sdk-fixture-conversation-notification.intercom-ruby.json"));
        return root.put("topic", topic);
    }

    /** What Kairos makes of a body, as one line; any exception but an unreadable delivery fails the test. */
    private String outcome(String body) {
        WebhookSource.Delivery delivery = source.identify(body.getBytes(StandardCharsets.UTF_8));
        if (delivery.isIgnored()) {
            return "ignored " + delivery.eventId() + ": " + delivery.ignoreReason();
        }
        String stored = "stored " + delivery.eventId() + " " + delivery.eventType() + ", then ";
        try {
            ConversationEvent event = notifications.readPayload(body);
            return stored + "read: conversation " + event.conversationId() + " from " + event.contactEmail() + " ("
                    + event.contactName() + "), subject \"" + event.subject() + "\", part " + event.partId();
        } catch (MalformedWebhookException unreadable) {
            return stored + "unreadable: " + unreadable.getMessage();
        }
    }
}
