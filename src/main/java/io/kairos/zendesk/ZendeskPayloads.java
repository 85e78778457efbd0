package io.kairos.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.MalformedWebhookException;
import io.kairos.platform.WebhookJson;
import io.kairos.platform.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads both Zendesk webhook shapes: the event-subscription envelope ({@code type}, {@code id}, {@code detail})
 * and the trigger body documented in the README ({@code ticket_id}, {@code requester_email}, ...).
 */
public class ZendeskPayloads {

    private static final String EVENT_PREFIX = "zen:event-type:";

    private final ObjectMapper json;

    public ZendeskPayloads(ObjectMapper json) {
        this.json = json;
    }

    /** The delivery's identity; a trigger body without {@code event_id} is identified by its content digest. */
    public WebhookSource.Delivery identify(byte[] body) {
        JsonNode root = parse(body);
        if (root.hasNonNull("type") && root.hasNonNull("detail")) {
            String id = text(root, "id");
            if (id == null) {
                throw new MalformedWebhookException("event-subscription body has no \"id\"");
            }
            return new WebhookSource.Delivery(id, eventType(root));
        }
        if (root.hasNonNull("ticket_id")) {
            String id = text(root, "event_id");
            return new WebhookSource.Delivery(id != null ? id : "sha256:" + digest(body), eventType(root));
        }
        throw new MalformedWebhookException(
                "neither a Zendesk event (\"type\" and \"detail\") nor a Kairos trigger body (\"ticket_id\")");
    }

    /** The ticket event in a stored delivery. */
    public TicketEvent read(String payload) {
        JsonNode root = parse(payload.getBytes(StandardCharsets.UTF_8));
        if (root.hasNonNull("detail")) {
            JsonNode detail = root.get("detail");
            Long ticketId = number(detail, "id");
            if (ticketId == null) {
                ticketId = subjectTicketId(text(root, "subject"));
            }
            if (ticketId == null) {
                throw new MalformedWebhookException("event has no ticket id in detail.id or subject");
            }
            return new TicketEvent(ticketId, eventType(root), text(detail, "requester_email"),
                    number(detail, "requester_id"), number(detail, "actor_id"), tags(detail.get("tags")));
        }
        Long ticketId = number(root, "ticket_id");
        if (ticketId == null) {
            throw new MalformedWebhookException("\"ticket_id\" is not a number");
        }
        return new TicketEvent(ticketId, eventType(root), text(root, "requester_email"),
                number(root, "requester_id"), number(root, "actor_id"), tags(root.get("tags")));
    }

    private JsonNode parse(byte[] body) {
        return WebhookJson.object(json, body);
    }

    private static String eventType(JsonNode root) {
        String type = text(root, "type");
        if (type == null) {
            type = text(root, "event");
        }
        if (type == null) {
            return "ticket.unknown";
        }
        return type.startsWith(EVENT_PREFIX) ? type.substring(EVENT_PREFIX.length()) : type;
    }

    private static Long subjectTicketId(String subject) {
        if (subject != null && subject.startsWith("zen:ticket:")) {
            return parseLong(subject.substring("zen:ticket:".length()));
        }
        return null;
    }

    /** Tags arrive as an array (events) or as the space-separated text of the {{ticket.tags}} placeholder. */
    private static List<String> tags(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            List<String> tags = new ArrayList<>();
            node.forEach(t -> tags.add(t.asText()));
            return tags;
        }
        String text = node.asText().trim();
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    /** Ids are strings in event details and in trigger placeholders, numbers in the REST API. */
    private static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isNumber() ? Long.valueOf(value.asLong()) : parseLong(value.asText());
    }

    private static Long parseLong(String text) {
        try {
            return text == null || text.isBlank() ? null : Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
