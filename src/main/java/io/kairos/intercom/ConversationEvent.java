package io.kairos.intercom;

/**
 * What the Intercom bridge needs from one stored conversation notification.
 *
 * @param topic          {@code conversation.user.created}, {@code conversation.user.replied} or
 *                       {@code conversation.admin.closed}
 * @param contactEmail   the contact who wrote: the Zendesk requester and the key to Salesforce
 * @param subject        for a new conversation: the ticket's subject
 * @param messageHtml    the first message (created) or the contact's reply (replied), with attachment links; null
 *                       when the notification carries no text
 * @param partId         the conversation part the reply or close came in, when the payload names it
 * @param actor          who closed the conversation (an admin's name), for the record
 */
public record ConversationEvent(String notificationId, String topic, String conversationId, String contactEmail,
                                String contactName, String subject, String messageHtml, String partId,
                                String actor) {

    public static final String CREATED = "conversation.user.created";
    public static final String REPLIED = "conversation.user.replied";
    public static final String CLOSED = "conversation.admin.closed";
}
