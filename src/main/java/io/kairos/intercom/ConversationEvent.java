package io.kairos.intercom;

import io.kairos.platform.MalformedWebhookException;

/**
 * What the Intercom bridge needs from one stored conversation notification.
 *
 * @param topic          {@code conversation.user.created}, {@code conversation.user.replied} or
 *                       {@code conversation.admin.closed}
 * @param contactEmail   the contact who wrote: the Zendesk requester and the key to Salesforce
 * @param subject        the ticket's subject, should this event start one (created, or a reply that starts it)
 * @param messageHtml    the first message (created) or the contact's reply (replied), with attachment links; null
 *                       when the notification carries no text
 * @param partId         the conversation part the reply or close came in, when the payload names it
 * @param actor          who closed the conversation (an admin's name), for the record
 * @param sourceId       the message that started the conversation ({@code source.id}): for a conversation started
 *                       by a message Kairos sent, that message's id as {@code POST /messages} answered it
 * @param deliveredAs    how that message came ({@code source.delivered_as}: {@code customer_initiated},
 *                       {@code admin_initiated}, ...); null in Intercom's older shape, which does not say
 * @param replyStart     a reply handled as the conversation's creation ({@link #asStart})
 */
public record ConversationEvent(String notificationId, String topic, String conversationId, String contactEmail,
                                String contactName, String subject, String messageHtml, String partId,
                                String actor, String sourceId, String deliveredAs, boolean replyStart) {

    public ConversationEvent(String notificationId, String topic, String conversationId, String contactEmail,
                             String contactName, String subject, String messageHtml, String partId, String actor,
                             String sourceId, String deliveredAs) {
        this(notificationId, topic, conversationId, contactEmail, contactName, subject, messageHtml, partId, actor,
                sourceId, deliveredAs, false);
    }

    public ConversationEvent(String notificationId, String topic, String conversationId, String contactEmail,
                             String contactName, String subject, String messageHtml, String partId, String actor) {
        this(notificationId, topic, conversationId, contactEmail, contactName, subject, messageHtml, partId, actor,
                null, null);
    }

    /** The contact wrote in a conversation a message of the workspace started (not one they started). */
    public boolean answersAMessage() {
        return (CREATED.equals(topic) || REPLIED.equals(topic)) && sourceId != null
                && !"customer_initiated".equals(deliveredAs);
    }

    /** Who opened the conversation, when Intercom says: an admin, a campaign, a bot or a series, not the contact. */
    public boolean startedByWorkspace() {
        return deliveredAs != null && !"customer_initiated".equals(deliveredAs);
    }

    /**
     * This reply as the start of the conversation's ticket: the contact's reply is its first message, the contact its
     * requester. Throws {@link MalformedWebhookException} when no contact email is named.
     */
    public ConversationEvent asStart() {
        if (contactEmail == null) {
            throw new MalformedWebhookException("conversation " + conversationId
                    + " has no contact email: a Zendesk requester needs one");
        }
        return new ConversationEvent(notificationId, CREATED, conversationId, contactEmail, contactName,
                subject == null ? "Intercom conversation " + conversationId : subject, messageHtml, partId, actor,
                sourceId, deliveredAs, true);
    }

    public static final String CREATED = "conversation.user.created";
    public static final String REPLIED = "conversation.user.replied";
    public static final String CLOSED = "conversation.admin.closed";
}
