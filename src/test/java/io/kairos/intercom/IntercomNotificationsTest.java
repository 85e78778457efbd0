package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.MalformedWebhookException;
import io.kairos.platform.WebhookSource;
import io.kairos.support.SignedIntercomWebhooks;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Intercom notifications from the documented shapes: identity at intake, the conversation for the bridge. */
class IntercomNotificationsTest {

    private final IntercomNotifications notifications = new IntercomNotifications(new ObjectMapper());

    private static String fixture(String name) {
        return SignedIntercomWebhooks.fixture(name);
    }

    private WebhookSource.Delivery identify(String body) {
        return notifications.identify(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aConversationNotificationIsIdentifiedByItsNotificationIdAndTopic() {
        WebhookSource.Delivery delivery = identify(fixture("conversation-user-created"));

        assertThat(delivery).isEqualTo(new WebhookSource.Delivery("notif_5b1c2a0e-1f43-4f7e-9c77-0d3a1c2b4e01",
                "conversation.user.created"));
        assertThat(delivery.isIgnored()).isFalse();
        assertThat(identify(fixture("conversation-user-replied")).isIgnored()).isFalse();
        assertThat(identify(fixture("conversation-admin-closed")).isIgnored()).isFalse();
    }

    @Test
    void topicsWithoutAFlowAreIgnoredWithTheReason() {
        assertThat(identify(fixture("conversation-admin-noted")).ignoreReason())
                .isEqualTo("no flow for Intercom topic conversation.admin.noted");
        assertThat(identify(fixture("ping")).ignoreReason())
                .as("the ping Intercom sends when a webhook is set up").isEqualTo("no flow for Intercom topic ping");
        assertThat(identify(fixture("contact-created.intercom-official-sample-2016")))
                .as("Intercom's own sample").isEqualTo(WebhookSource.Delivery.ignored(
                        "notif_35c466b0-070a-11e6-a507-3d022cab75f8", "contact.created",
                        "no flow for Intercom topic contact.created"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[1, 2]",
            "{\"type\":\"zen:event-type:ticket.created\",\"id\":\"x\",\"topic\":\"conversation.user.created\"}",
            "{\"type\":\"notification_event\",\"topic\":\"conversation.user.created\"}",
            "{\"type\":\"notification_event\",\"id\":\"n1\"}",
            "{\"type\":\"notification_event\",\"id\":\"n1\",\"topic\":\"conversation.user.created\",\"data\":{}}",
            "{\"type\":\"notification_event\",\"id\":\"n1\",\"topic\":\"conversation.user.replied\","
                    + "\"data\":{\"item\":{\"type\":\"user\",\"id\":\"u1\"}}}",
            "{\"type\":\"notification_event\",\"id\":\"n1\",\"topic\":"})
    void whatIsNoIntercomConversationNotificationIsMalformed(String body) {
        assertThatThrownBy(() -> identify(body)).isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    void intercomsOlderShapeIsReadLikeTodaysFromTheSdkFixture() {
        ConversationEvent created = notifications.readPayload(
                fixture("sdk-fixture-conversation-notification.intercom-ruby"));

        assertThat(created).isEqualTo(new ConversationEvent("notif_123456-56465-546546", ConversationEvent.CREATED,
                "123456789", "bill@bill.bill", "Kill Bill", "An important message", "<p>An important message</p>",
                "321546", null, "321546", null));
        assertThat(created.answersAMessage()).as("the older shape does not say who started it: its source id is "
                + "looked up, and matches only a message Kairos sent").isTrue();
    }

    /**
     * A reply in a conversation an admin's message started (Kairos's, through {@code POST /messages}): the fixture of
     * a reply with {@code source.delivered_as} changed to admin_initiated, {@code source.id} to the message id and
     * {@code source.author} to an admin; the unchanged fixture (customer_initiated) answers no message.
     */
    @Test
    void aReplyNamesTheMessageThatStartedItsConversation() {
        String reply = fixture("conversation-user-replied");
        ConversationEvent toKairos = notifications.readPayload(IntercomFixtures.replyToMessage(reply, "3209999001"));

        assertThat(toKairos.sourceId()).isEqualTo("3209999001");
        assertThat(toKairos.deliveredAs()).isEqualTo("admin_initiated");
        assertThat(toKairos.answersAMessage()).isTrue();
        assertThat(toKairos.contactEmail()).isEqualTo("jane@acme.example");
        ConversationEvent own = notifications.readPayload(reply);
        assertThat(own.sourceId()).isEqualTo("3201547896");
        assertThat(own.deliveredAs()).isEqualTo("customer_initiated");
        assertThat(own.answersAMessage()).isFalse();
    }

    @Test
    void intercomsOlderSampleWithoutAnEmailIsUnreadableWithTheReasonNeverANullPointer() {
        String body = fixture("conversation-user-created.intercom-official-sample-2016");

        assertThat(identify(body).isIgnored()).isFalse();
        assertThatThrownBy(() -> notifications.readPayload(body))
                .as("a MalformedWebhookException is final at once; a NullPointerException was retried 8 times")
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("conversation 4584686769 has no contact email: a Zendesk requester needs one");
    }

    @Test
    void inTheOlderShapeTheUserGivesTheEmailWhenTheAuthorHasNone() {
        String body = fixture("conversation-user-created.intercom-official-sample-2016")
                .replace("\"email\": \"\"", "\"email\": \"jane@acme.example\"");

        ConversationEvent created = notifications.readPayload(body);

        assertThat(created.contactEmail()).isEqualTo("jane@acme.example");
        assertThat(created.contactName()).isEqualTo("Jane Doe");
        assertThat(created.partId()).as("conversation_message.id").isEqualTo("27056613");
    }

    @Test
    void anAuthorWithoutATypeIsNoContactAndNoNullPointer() {
        String reply = fixture("conversation-user-replied").replaceAll("\"type\"\\s*:\\s*\"(user|lead|contact)\"",
                "\"type\": null");

        assertThat(notifications.readPayload(reply).messageHtml()).as("no contact part any more").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "4.584686769E9", "true"})
    void aConversationOrNotificationIdThatIsNoIdIsMalformed(String id) {
        String created = fixture("conversation-user-created");

        assertThatThrownBy(() -> identify(created.replace("\"215467891234567\"", id)))
                .isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> identify(created.replace("\"notif_5b1c2a0e-1f43-4f7e-9c77-0d3a1c2b4e01\"", id)))
                .isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    void aNumericIdIsReadAsItsExactDigitsEvenBeyondALong() {
        String created = fixture("conversation-user-created").replace("\"215467891234567\"",
                "18446744073709597636");

        assertThat(notifications.readPayload(created).conversationId()).isEqualTo("18446744073709597636");
    }

    @Test
    void aNewConversationGivesTheContactSubjectAndFirstMessage() {
        ConversationEvent created = notifications.readPayload(fixture("conversation-user-created"));

        assertThat(created.topic()).isEqualTo(ConversationEvent.CREATED);
        assertThat(created.conversationId()).isEqualTo("215467891234567");
        assertThat(created.contactEmail()).isEqualTo("jane@acme.example");
        assertThat(created.contactName()).isEqualTo("Jane Doe");
        assertThat(created.subject()).as("no subject or title: the start of the first message, as text")
                .isEqualTo("Hi, my Widget Pro order still has not arrived. Can you check & tell me when?");
        assertThat(created.messageHtml())
                .isEqualTo("<p>Hi, my Widget Pro order still has not arrived.</p><p>Can you check &amp; tell me when?</p>");
        assertThat(created.partId()).isEqualTo("3201547896");
    }

    @Test
    void anEmailConversationKeepsItsSubjectAndALongFirstMessageIsCutForTheSubject() {
        String withSubject = fixture("conversation-user-created").replace("\"subject\":\"\"",
                "\"subject\":\"<p>Order 00000102</p>\"");
        String longMessage = fixture("conversation-user-created").replace("Can you check &amp; tell me when?",
                "x".repeat(200));

        assertThat(notifications.readPayload(withSubject).subject()).isEqualTo("Order 00000102");
        String cut = notifications.readPayload(longMessage).subject();
        assertThat(cut).hasSize(80).startsWith("Hi, my Widget Pro order still has not arrived. x").endsWith("…");
    }

    @Test
    void aConversationStartedWithOnlyAnAttachmentStillHasAMessage() {
        String body = fixture("conversation-user-created")
                .replace("<p>Hi, my Widget Pro order still has not arrived.</p><p>Can you check &amp; tell me when?</p>", "")
                .replace("\"attachments\":[]", "\"attachments\":[{\"type\":\"upload\",\"name\":\"photo <1>.jpg\","
                        + "\"url\":\"https://downloads.intercomcdn.com/i/o/2/photo.jpg?a=1&b=2\"}]");

        ConversationEvent created = notifications.readPayload(body);

        assertThat(created.messageHtml()).isEqualTo("<p>Attachment: <a href=\"https://downloads.intercomcdn.com/i/o/2/"
                + "photo.jpg?a=1&amp;b=2\">photo &lt;1&gt;.jpg</a></p>");
        assertThat(created.subject()).isEqualTo("Attachment: photo <1>.jpg");
    }

    @Test
    void aNewConversationWithoutAContactEmailIsMalformed() {
        String lead = fixture("conversation-user-created").replace(",\"email\":\"jane@acme.example\"", "");

        assertThatThrownBy(() -> notifications.readPayload(lead)).isInstanceOf(MalformedWebhookException.class)
                .hasMessage("conversation 215467891234567 has no contact email: a Zendesk requester needs one");
    }

    @Test
    void theContactsEmailIsTakenFromTheContactListWhenTheAuthorHasNone() {
        String body = fixture("conversation-user-created").replace(",\"email\":\"jane@acme.example\"", "")
                .replace("\"external_id\":\"003000000000001AAA\"",
                        "\"external_id\":\"003000000000001AAA\",\"email\":\"jane@acme.example\",\"name\":\"J. Doe\"");

        ConversationEvent created = notifications.readPayload(body);

        assertThat(created.contactEmail()).isEqualTo("jane@acme.example");
        assertThat(created.contactName()).isEqualTo("J. Doe");
    }

    @Test
    void aReplyIsTheContactsLastPartWithItsAttachmentsAsLinks() {
        ConversationEvent replied = notifications.readPayload(fixture("conversation-user-replied"));

        assertThat(replied.topic()).isEqualTo(ConversationEvent.REPLIED);
        assertThat(replied.conversationId()).isEqualTo("215467891234567");
        assertThat(replied.partId()).isEqualTo("8812345001");
        assertThat(replied.contactEmail()).isEqualTo("jane@acme.example");
        assertThat(replied.messageHtml()).isEqualTo("<p>The order number is 00000102; the receipt is attached.</p>"
                + "<p>Attachment: <a href=\"https://downloads.intercomcdn.com/i/o/1/receipt.pdf\">receipt.pdf</a></p>");
    }

    @Test
    void aReplyWithoutAContactPartHasNoMessage() {
        String adminOnly = fixture("conversation-user-replied").replace("\"author\":{\"type\":\"user\","
                + "\"id\":\"6650a1b2c3d4e5f600000001\",\"name\":\"Jane Doe\",\"email\":\"jane@acme.example\"},"
                + "\"attachments\":[{", "\"author\":{\"type\":\"admin\",\"id\":\"394051\"},\"attachments\":[{");

        assertThat(notifications.readPayload(adminOnly).messageHtml()).isNull();
    }

    @Test
    void aCloseNamesTheAdminWhoClosedIt() {
        ConversationEvent closed = notifications.readPayload(fixture("conversation-admin-closed"));

        assertThat(closed.topic()).isEqualTo(ConversationEvent.CLOSED);
        assertThat(closed.conversationId()).isEqualTo("215467891234567");
        assertThat(closed.actor()).isEqualTo("Sam Agent");
        assertThat(closed.partId()).isEqualTo("8812345002");
    }

    @Test
    void plainTextDropsTagsAndDecodesTheCommonEntities() {
        assertThat(IntercomNotifications.plainText("<p>a&nbsp;&lt;b&gt;</p><p>&quot;c&quot; &#39;d&#39; &amp;amp;</p>"))
                .isEqualTo("a <b> \"c\" 'd' &amp;");
        assertThat(IntercomNotifications.plainText("line<br>break<div>x</div>")).isEqualTo("line break x");
        assertThat(IntercomNotifications.plainText(null)).isEmpty();
    }
}
