package io.kairos.intercom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.InboxEvent;
import io.kairos.platform.MalformedWebhookException;
import io.kairos.platform.WebhookJson;
import io.kairos.platform.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Reads Intercom webhook notifications ({@code "type": "notification_event"}, {@code id}, {@code topic},
 * {@code data.item} = the conversation, in today's shape or the older one): their identity at intake, and the
 * conversation the bridge needs later. Timestamps are never read, so numbers and strings are alike to it.
 */
@Component("intercomNotifications")
public class IntercomNotifications {

    /** The topics the bridge has a flow for; any other is acknowledged and ignored. */
    static final Set<String> HANDLED = Set.of(ConversationEvent.CREATED, ConversationEvent.REPLIED,
            ConversationEvent.CLOSED);

    private static final Set<String> CONTACT_TYPES = Set.of("user", "lead", "contact");
    private static final int MAX_ID = 200;
    private static final int MAX_SUBJECT = 150;
    private static final int SNIPPET = 80;
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern BLOCK = Pattern.compile("(?i)</?(p|div|li|h[1-6]|br)\\b[^>]*>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private final ObjectMapper json;

    public IntercomNotifications(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The notification id and topic, ignored when the bridge has no flow for the topic; throws
     * {@link MalformedWebhookException} for anything else.
     */
    public WebhookSource.Delivery identify(byte[] body) {
        JsonNode root = parse(body);
        if (!"notification_event".equals(text(root, "type"))) {
            throw new MalformedWebhookException("not an Intercom notification: \"type\" must be \"notification_event\"");
        }
        String id = id(root, "id");
        String topic = text(root, "topic");
        if (id == null || topic == null) {
            throw new MalformedWebhookException("notification has no \"id\" or no \"topic\"");
        }
        if (!HANDLED.contains(topic)) {
            return WebhookSource.Delivery.ignored(id, topic, "no flow for Intercom topic " + topic);
        }
        if (conversationId(root) == null) {
            throw new MalformedWebhookException(topic + " notification has no conversation id in data.item.id");
        }
        return new WebhookSource.Delivery(id, topic);
    }

    /** The conversation in a stored notification; what each topic needs is checked here. */
    public ConversationEvent read(InboxEvent event) {
        return readPayload(event.payload());
    }

    /**
     * When the notification's event happened: its {@code created_at} (Unix seconds, a number or its digits), else
     * {@code fallback} (when Kairos received it).
     */
    public Instant happenedAt(InboxEvent event, Instant fallback) {
        String seconds = text(parse(event.payload().getBytes(StandardCharsets.UTF_8)), "created_at");
        return seconds != null && seconds.matches("[0-9]{1,12}") ? Instant.ofEpochSecond(Long.parseLong(seconds))
                : fallback;
    }

    ConversationEvent readPayload(String payload) {
        JsonNode root = parse(payload.getBytes(StandardCharsets.UTF_8));
        String topic = text(root, "topic");
        String conversationId = conversationId(root);
        if (conversationId == null) {
            throw new MalformedWebhookException("notification has no conversation id in data.item.id");
        }
        JsonNode item = root.path("data").path("item");
        JsonNode source = firstMessage(item);
        String id = id(root, "id");
        if (ConversationEvent.CREATED.equals(topic)) {
            JsonNode author = contactAuthor(source.path("author"), item);
            String email = text(author, "email");
            if (email == null) {
                throw new MalformedWebhookException("conversation " + conversationId
                        + " has no contact email: a Zendesk requester needs one");
            }
            String message = html(source.path("body"), source.path("attachments"));
            return new ConversationEvent(id, topic, conversationId, email, text(author, "name"),
                    subject(source, item, message, conversationId),
                    message == null ? "<p>(The conversation started without text.)</p>" : message,
                    text(source, "id"), null, text(source, "id"), text(source, "delivered_as"));
        }
        if (ConversationEvent.REPLIED.equals(topic)) {
            JsonNode part = lastPart(item, p -> isContact(p.path("author")));
            JsonNode author = contactAuthor(part == null ? source.path("author") : part.path("author"), item);
            String reply = part == null ? null : html(part.path("body"), part.path("attachments"));
            // A subject too, should this reply start the ticket (a conversation a message of the workspace opened).
            return new ConversationEvent(id, topic, conversationId, text(author, "email"), text(author, "name"),
                    subject(source, item, reply, conversationId), reply, part == null ? null : text(part, "id"), null,
                    text(source, "id"), text(source, "delivered_as"));
        }
        if (ConversationEvent.CLOSED.equals(topic)) {
            JsonNode part = lastPart(item, p -> "close".equals(text(p, "part_type")));
            JsonNode admin = part == null ? null : part.path("author");
            String actor = admin == null ? null : Optional.ofNullable(text(admin, "name")).orElse(text(admin, "id"));
            return new ConversationEvent(id, topic, conversationId, null, null, null, null,
                    part == null ? null : text(part, "id"), actor);
        }
        return new ConversationEvent(id, topic, conversationId, null, null, null, null, null, null);
    }

    /**
     * The conversation's first message: {@code source} in today's shape, {@code conversation_message} in Intercom's
     * older one (API 1.x, still in its published samples and SDK fixtures), which has the same fields.
     */
    private static JsonNode firstMessage(JsonNode item) {
        return item.has("source") || !item.has("conversation_message") ? item.path("source")
                : item.path("conversation_message");
    }

    /**
     * The author when it is the contact with an email; else the conversation's first contact with one
     * ({@code contacts} today, {@code user} in the older shape); else the author.
     */
    private static JsonNode contactAuthor(JsonNode author, JsonNode item) {
        if (isContact(author) && text(author, "email") != null) {
            return author;
        }
        for (JsonNode contact : item.path("contacts").path("contacts")) {
            if (text(contact, "email") != null) {
                return contact;
            }
        }
        JsonNode user = item.path("user");
        return isContact(user) && text(user, "email") != null ? user : author;
    }

    /** Null-safe: an author without a type is no contact (Set.of(...).contains(null) would throw). */
    private static boolean isContact(JsonNode author) {
        String type = text(author, "type");
        return type != null && CONTACT_TYPES.contains(type);
    }

    private static JsonNode lastPart(JsonNode item, Predicate<JsonNode> wanted) {
        JsonNode found = null;
        for (JsonNode part : item.path("conversation_parts").path("conversation_parts")) {
            if (wanted.test(part)) {
                found = part;
            }
        }
        return found;
    }

    /** The subject the contact gave (email), else the conversation's title, else the start of the first message. */
    private static String subject(JsonNode source, JsonNode item, String message, String conversationId) {
        String subject = plainText(text(source, "subject"));
        if (subject.isEmpty()) {
            subject = plainText(text(item, "title"));
        }
        if (subject.isEmpty()) {
            String text = plainText(message);
            subject = text.length() <= SNIPPET ? text : text.substring(0, SNIPPET - 1).strip() + "…";
        }
        if (subject.isEmpty()) {
            subject = "Intercom conversation " + conversationId;
        }
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 1) + "…";
    }

    /** The message's HTML with a link per attachment; null when there is neither text nor attachment. */
    static String html(JsonNode body, JsonNode attachments) {
        StringBuilder html = new StringBuilder(body.isTextual() ? body.asText().strip() : "");
        for (JsonNode attachment : attachments) {
            String url = text(attachment, "url");
            if (url != null) {
                String name = Optional.ofNullable(text(attachment, "name")).orElse(url);
                html.append("<p>Attachment: <a href=\"").append(escape(url)).append("\">").append(escape(name))
                        .append("</a></p>");
            }
        }
        return plainText(html.toString()).isEmpty() ? null : html.toString();
    }

    /** The text an agent would read: tags dropped, common entities decoded, whitespace collapsed. */
    static String plainText(String html) {
        if (html == null) {
            return "";
        }
        String text = TAG.matcher(BLOCK.matcher(html).replaceAll(" ")).replaceAll("");
        text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        return SPACE.matcher(text).replaceAll(" ").strip();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String conversationId(JsonNode root) {
        JsonNode item = root.path("data").path("item");
        String type = text(item, "type");
        if (type != null && !"conversation".equals(type.toLowerCase(Locale.ROOT))) {
            return null;
        }
        String id = id(item, "id");
        return id == null || id.length() > MAX_ID ? null : id;
    }

    private JsonNode parse(byte[] body) {
        return WebhookJson.object(json, body);
    }

    /**
     * An Intercom id: a string, or an integral number some payloads carry, read as its exact digits (never through
     * a long, which would wrap). Anything else (a fraction, a boolean) is no id Intercom sends.
     */
    private static String id(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isNumber() && !value.isIntegralNumber()) {
            throw new MalformedWebhookException("\"" + field + "\" is not an id: " + value);
        }
        if (value != null && value.isBoolean()) {
            throw new MalformedWebhookException("\"" + field + "\" is not an id: " + value);
        }
        return value != null && value.isIntegralNumber() ? value.bigIntegerValue().toString() : text(node, field);
    }

    /** Intercom ids are strings, but some payloads carry numbers; both read as text. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }
}
