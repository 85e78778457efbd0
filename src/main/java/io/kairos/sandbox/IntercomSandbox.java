package io.kairos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The simulated Intercom workspace: seeded contacts and every message sent to them, in memory. */
@Component
@Profile("sandbox")
class IntercomSandbox {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> MESSAGE_TYPES = Set.of("email", "in_app", "inapp");
    private static final Set<String> RECIPIENT_TYPES = Set.of("user", "lead", "contact");

    private final Clock clock;
    private final List<ObjectNode> contacts = new ArrayList<>();
    private final List<ObjectNode> messages = new ArrayList<>();

    IntercomSandbox() {
        this(Clock.systemUTC());
    }

    IntercomSandbox(Clock clock) {
        this.clock = clock;
        for (SandboxSeed.IntercomContact seed : SandboxSeed.intercomContacts()) {
            contacts.add(JSON.objectNode()
                    .put("type", "contact")
                    .put("id", seed.id())
                    .put("workspace_id", "sandbox")
                    .put("external_id", seed.externalId())
                    .put("role", "user")
                    .put("email", seed.email())
                    .put("name", seed.name())
                    .put("created_at", seed.createdAt())
                    .put("unsubscribed_from_emails", seed.unsubscribedFromEmails()));
        }
    }

    /** Records an admin-initiated message and answers as {@code POST /messages} does. */
    synchronized ObjectNode send(JsonNode request) {
        String messageType = request.path("message_type").asText("");
        if (!MESSAGE_TYPES.contains(messageType)) {
            throw invalid("parameter_invalid", "message_type must be one of email, in_app");
        }
        if (request.path("body").asText("").isBlank()) {
            throw invalid("parameter_not_found", "body is required");
        }
        if ("email".equals(messageType) && request.path("subject").asText("").isBlank()) {
            throw invalid("parameter_not_found", "subject is required for email messages");
        }
        JsonNode from = request.path("from");
        if (!"admin".equals(from.path("type").asText()) || from.path("id").asText("").isBlank()) {
            throw invalid("parameter_invalid", "from must be an admin with an id");
        }
        JsonNode to = request.path("to");
        if (!RECIPIENT_TYPES.contains(to.path("type").asText())
                || (to.path("id").asText("").isBlank() && to.path("email").asText("").isBlank())) {
            throw invalid("parameter_invalid", "to must be a user or lead with an id or email");
        }
        ObjectNode message = JSON.objectNode()
                .put("type", "user_message")
                .put("id", String.valueOf(messages.size() + 1))
                .put("created_at", clock.instant().getEpochSecond())
                .put("message_type", "in_app".equals(messageType) ? "inapp" : messageType)
                .put("subject", request.path("subject").asText(null))
                .put("body", request.path("body").asText());
        message.putObject("owner").put("type", "admin").put("id", from.path("id").asText());
        message.set("to", to.deepCopy());
        messages.add(message);
        return message.deepCopy();
    }

    synchronized List<ObjectNode> messages() {
        return messages.stream().map(ObjectNode::deepCopy).toList();
    }

    /** Contacts matching {@code {"query":{"field":"email","operator":"=","value":...}}}, the one search Kairos makes. */
    synchronized List<ObjectNode> searchContacts(JsonNode request) {
        JsonNode query = request.path("query");
        if (!"email".equals(query.path("field").asText()) || !"=".equals(query.path("operator").asText())
                || !query.path("value").isTextual()) {
            throw invalid("parameter_invalid", "unsupported query in sandbox");
        }
        String email = query.get("value").asText();
        return contacts.stream()
                .filter(c -> c.path("email").asText().equalsIgnoreCase(email))
                .map(ObjectNode::deepCopy)
                .toList();
    }

    static SandboxApiException error(HttpStatus status, String code, String message) {
        ObjectNode body = JSON.objectNode().put("type", "error.list").put("request_id", "sandbox");
        body.putArray("errors").addObject().put("code", code).put("message", message);
        return new SandboxApiException(status, body);
    }

    private static SandboxApiException invalid(String code, String message) {
        return error(HttpStatus.BAD_REQUEST, code, message);
    }
}
