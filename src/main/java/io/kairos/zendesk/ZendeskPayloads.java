package io.kairos.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.MalformedWebhookException;
import io.kairos.proactive.HelpdeskTicket;
import io.kairos.platform.WebhookJson;
import io.kairos.platform.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads both Zendesk webhook shapes: the event-subscription envelope ({@code type}, {@code id}, {@code subject},
 * {@code detail}) and the trigger body documented in the README ({@code ticket_id}, {@code requester_email}, ...).
 * Only a ticket event names a ticket: any other event type (users, organizations, agent availability, ...) is
 * ignored, because its {@code detail.id} is a user's, an organization's or an agent's id, never a ticket's.
 */
public class ZendeskPayloads {

    private static final String EVENT_PREFIX = "zen:event-type:";
    private static final String TICKET_EVENT = "ticket.";
    private static final String TICKET_SUBJECT = "zen:ticket:";
    /** A Zendesk id as a string: digits only, at most 19 so it can be a long (the overflow is checked too). */
    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,19}");

    private final ObjectMapper json;

    public ZendeskPayloads(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The delivery's identity; a trigger body without {@code event_id} is identified by its content digest. A
     * ticket event whose ids cannot be read is refused here, so it is never stored.
     */
    public WebhookSource.Delivery identify(byte[] body) {
        JsonNode root = parse(body);
        if (isEvent(root)) {
            String id = text(root, "id");
            if (id == null) {
                throw new MalformedWebhookException("event-subscription body has no \"id\"");
            }
            String type = eventType(root);
            if (!isTicketEvent(root)) {
                return WebhookSource.Delivery.ignored(id, type, "no flow for Zendesk event type " + type
                        + ": only ticket events name a ticket");
            }
            ticketEvent(root);
            return new WebhookSource.Delivery(id, type);
        }
        if (root.has("ticket_id")) {
            ticketEvent(root);
            String id = text(root, "event_id");
            return new WebhookSource.Delivery(id != null ? id : "sha256:" + digest(body), eventType(root));
        }
        throw new MalformedWebhookException(
                "neither a Zendesk event (\"type\" and \"detail\") nor a Kairos trigger body (\"ticket_id\")");
    }

    /** The ticket event in a stored delivery; throws {@link MalformedWebhookException} when it names no ticket. */
    public TicketEvent read(String payload) {
        JsonNode root = parse(payload.getBytes(StandardCharsets.UTF_8));
        if (isEvent(root) && !isTicketEvent(root)) {
            throw new MalformedWebhookException("Zendesk event type " + eventType(root) + " names no ticket");
        }
        return ticketEvent(root);
    }

    /**
     * When the stored delivery shows the requester themselves acting, for send-time: a ticket created (by the
     * requester, when the event names its submitter or actor; a trigger body is trusted to its trigger's conditions)
     * or a public comment whose author is the requester and not staff; not a request Kairos queued itself. The
     * moment is the event's {@code time}, else the ticket's {@code created_at} for a creation, else when Kairos
     * received it. Empty for anything else: an agent's reply, an internal note, a status change.
     */
    public Optional<Instant> requesterActedAt(String payload, Instant receivedAt) {
        JsonNode root = parse(payload.getBytes(StandardCharsets.UTF_8));
        String type = eventType(root);
        if (!isEvent(root)) {
            // A body Kairos queued itself (an Intercom conversation's ticket) names its origin, which counted it.
            return "ticket.created".equals(type) && !root.has("origin") ? Optional.of(receivedAt) : Optional.empty();
        }
        JsonNode detail = root.get("detail");
        Long requester = positiveId(detail, "requester_id", "detail.requester_id");
        Instant at = instant(root, "time");
        if ("ticket.created".equals(type)) {
            Long creator = positiveId(detail, "submitter_id", "detail.submitter_id");
            creator = creator != null ? creator : actorId(detail, "actor_id", "detail.actor_id");
            if (creator != null && !creator.equals(requester)) {
                return Optional.empty();
            }
            at = at != null ? at : instant(detail, "created_at");
            return Optional.of(at != null ? at : receivedAt);
        }
        JsonNode comment = root.path("event").path("comment");
        if ("ticket.comment_added".equals(type) && comment.path("is_public").asBoolean(false)
                && !comment.path("author").path("is_staff").asBoolean(false) && requester != null
                && requester.equals(id(comment.path("author"), "id", "event.comment.author.id"))) {
            return Optional.of(at != null ? at : receivedAt);
        }
        return Optional.empty();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }

    private static boolean isEvent(JsonNode root) {
        return root.hasNonNull("type") && root.hasNonNull("detail");
    }

    private static boolean isTicketEvent(JsonNode root) {
        String type = text(root, "type");
        return type != null && type.startsWith(EVENT_PREFIX + TICKET_EVENT);
    }

    /** Reads and checks every id the event carries: ticket, requester and actor. */
    private static TicketEvent ticketEvent(JsonNode root) {
        if (isEvent(root)) {
            JsonNode detail = root.get("detail");
            long ticketId = subjectTicketId(root);
            Long detailId = positiveId(detail, "id", "detail.id");
            if (detailId != null && detailId != ticketId) {
                throw new MalformedWebhookException("detail.id " + detailId + " is not the ticket of subject "
                        + TICKET_SUBJECT + ticketId);
            }
            Long requesterId = positiveId(detail, "requester_id", "detail.requester_id");
            return new TicketEvent(ticketId, eventType(root), text(detail, "requester_email"), requesterId,
                    actorId(detail, "actor_id", "detail.actor_id"), tags(detail.get("tags")),
                    snapshot(ticketId, detail, requesterId));
        }
        Long ticketId = positiveId(root, "ticket_id", "ticket_id");
        if (ticketId == null) {
            throw new MalformedWebhookException("\"ticket_id\" is empty");
        }
        return new TicketEvent(ticketId, eventType(root), text(root, "requester_email"),
                positiveId(root, "requester_id", "requester_id"), actorId(root, "actor_id", "actor_id"),
                tags(root.get("tags")));
    }

    /**
     * The ticket as an event's detail describes it, its enum values in the API's lower case ({@code OPEN} → open);
     * null unless it names a status and a subject, as every ticket event does.
     */
    private static HelpdeskTicket snapshot(long ticketId, JsonNode detail, Long requesterId) {
        String status = text(detail, "status");
        JsonNode subject = detail.get("subject");
        if (status == null || subject == null || !subject.isTextual()) {
            return null;
        }
        String type = text(detail, "type");
        return new HelpdeskTicket(ticketId, subject.asText(), status.toLowerCase(Locale.ROOT),
                type == null ? null : type.toLowerCase(Locale.ROOT), requesterId);
    }

    /** A ticket event names its ticket in {@code subject}: {@code zen:ticket:<id>}. */
    private static long subjectTicketId(JsonNode root) {
        String subject = text(root, "subject");
        if (subject == null || !subject.startsWith(TICKET_SUBJECT)) {
            throw new MalformedWebhookException("ticket event has no \"subject\" of the form " + TICKET_SUBJECT
                    + "<id>");
        }
        Long id = positive("subject", parse(subject.substring(TICKET_SUBJECT.length()), "subject"));
        if (id == null) {
            throw new MalformedWebhookException("\"subject\" names no ticket id");
        }
        return id;
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

    /** A ticket or user id: a positive whole number, or null when the field is absent, null or blank. */
    private static Long positiveId(JsonNode node, String field, String name) {
        return positive(name, id(node, field, name));
    }

    /**
     * The actor: any whole number that fits, since Zendesk names its own system user -1 as the author of the
     * changes it makes itself; null when absent or blank.
     */
    private static Long actorId(JsonNode node, String field, String name) {
        return id(node, field, name);
    }

    private static Long positive(String name, Long id) {
        if (id != null && id <= 0) {
            throw new MalformedWebhookException(name + " " + id + " is not an id: ids are positive");
        }
        return id;
    }

    /**
     * Ids are strings in event details and trigger placeholders, numbers in the REST API. Either is read exactly:
     * a number that does not fit a long, a fraction or anything but digits is refused, never converted (a
     * silently wrapped id would name another customer's ticket).
     */
    private static Long id(JsonNode node, String field, String name) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw new MalformedWebhookException(name + " " + value + " is not an id that fits in 64 bits");
            }
            return value.longValue();
        }
        if (!value.isTextual()) {
            throw new MalformedWebhookException(name + " is not an id: " + value);
        }
        return value.asText().isBlank() ? null : parse(value.asText().trim(), name);
    }

    private static Long parse(String text, String name) {
        if (!DIGITS.matcher(text).matches()) {
            throw new MalformedWebhookException(name + " \"" + abbreviate(text) + "\" is not a whole number");
        }
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            throw new MalformedWebhookException(name + " " + text + " is not an id that fits in 64 bits");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private JsonNode parse(byte[] body) {
        return WebhookJson.object(json, body);
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
