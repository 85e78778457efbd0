package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.platform.MalformedWebhookException;
import org.junit.jupiter.api.Test;

/** Whether a contact's reply starts its conversation's Zendesk ticket or waits for the created notification. */
class IntercomConversationStartsTest {

    private static ConversationEvent reply(String deliveredAs, String email, String html) {
        return new ConversationEvent("notif-r", ConversationEvent.REPLIED, "215", email, "Jane Doe",
                "Your order is delayed", html, "8812", null, "3209999001", deliveredAs);
    }

    private static ConversationEvent reply(String deliveredAs) {
        return reply(deliveredAs, "jane@acme.example", "<p>Thanks, when will it come?</p>");
    }

    @Test
    void aFirstReplyInAConversationTheWorkspaceOpenedStartsTheTicket() {
        for (String deliveredAs : new String[] {"admin_initiated", "automated", "campaigns_initiated",
                "operator_initiated"}) {
            assertThat(IntercomConversationStarts.startsTicket(reply(deliveredAs), false, null, "notif-r"))
                    .as(deliveredAs).isTrue();
        }
    }

    @Test
    void aReplyInAConversationTheContactStartedWaitsForItsCreatedNotification() {
        assertThat(IntercomConversationStarts.startsTicket(reply("customer_initiated"), false, null, "notif-r"))
                .isFalse();
        assertThat(IntercomConversationStarts.startsTicket(reply("customer_initiated"), true, null, "notif-r"))
                .as("even if an id happens to match a message Kairos sent").isFalse();
    }

    @Test
    void intercomsOlderShapeWithoutDeliveredAsStartsTheTicketOnlyForAMessageKairosSent() {
        assertThat(IntercomConversationStarts.startsTicket(reply(null), false, null, "notif-r")).isFalse();
        assertThat(IntercomConversationStarts.startsTicket(reply(null), true, null, "notif-r")).isTrue();
    }

    @Test
    void onceAnotherNotificationClaimedTheCreationTheReplyAppendsOrWaitsAsUsual() {
        assertThat(IntercomConversationStarts.startsTicket(reply("admin_initiated"), true, "notif-first", "notif-r"))
                .isFalse();
    }

    @Test
    void theSameNotificationRetriedGoesBackThroughTheCreationSteps() {
        assertThat(IntercomConversationStarts.startsTicket(reply("admin_initiated"), true, "notif-r", "notif-r"))
                .isTrue();
    }

    @Test
    void aReplyWithoutTextOrAttachmentStartsNothing() {
        assertThat(IntercomConversationStarts.startsTicket(reply("admin_initiated", "jane@acme.example", null), true,
                null, "notif-r")).isFalse();
    }

    @Test
    void otherTopicsAreNotReplies() {
        ConversationEvent created = new ConversationEvent("notif-c", ConversationEvent.CREATED, "215",
                "jane@acme.example", "Jane Doe", "Hi", "<p>Hi</p>", "1", null, "3209999001", "admin_initiated");
        assertThat(IntercomConversationStarts.startsTicket(created, true, null, "notif-c")).isFalse();
    }

    @Test
    void asAStartTheReplyIsTheTicketsFirstMessageByTheContact() {
        ConversationEvent start = reply("admin_initiated").asStart();

        assertThat(start.topic()).isEqualTo(ConversationEvent.CREATED);
        assertThat(start.contactEmail()).isEqualTo("jane@acme.example");
        assertThat(start.subject()).isEqualTo("Your order is delayed");
        assertThat(start.messageHtml()).isEqualTo("<p>Thanks, when will it come?</p>");
        assertThat(start.sourceId()).isEqualTo("3209999001");
        assertThatThrownBy(() -> reply("admin_initiated", null, "<p>Hi</p>").asStart())
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("has no contact email");
    }
}
