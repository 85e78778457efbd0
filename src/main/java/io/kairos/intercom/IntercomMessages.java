package io.kairos.intercom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.proactive.OutboxMessage;
import io.kairos.proactive.Signal;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Turns a planned outbox message and its rendered text into what Intercom's {@code POST /messages} expects. */
@Component("intercomMessages")
public class IntercomMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntercomProperties properties;

    public IntercomMessages(IntercomProperties properties) {
        this.properties = properties;
    }

    /** The JSON request body: the rendered HTML from the admin configured as sender to the contact, by email. */
    public String requestBody(OutboxMessage message, String renderedBody) {
        ObjectNode request = JSON.createObjectNode()
                .put("message_type", properties.messageType())
                .put("subject", subject(message.signal()))
                .put("body", renderedBody == null ? "" : renderedBody.strip())
                .put("template", "plain");
        request.putObject("from").put("type", "admin").put("id", properties.adminId());
        request.putObject("to").put("type", "user").put("email", message.contactEmail());
        return request.toString();
    }

    private static String subject(Signal signal) {
        if (signal.title() != null && !signal.title().isBlank()) {
            return signal.title().strip();
        }
        String type = signal.type().name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(type.charAt(0)) + type.substring(1);
    }
}
