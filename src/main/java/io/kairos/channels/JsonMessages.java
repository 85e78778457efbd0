package io.kairos.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.proactive.MessageRequests;
import io.kairos.proactive.MessageTemplates;
import io.kairos.proactive.OutboxMessage;
import org.springframework.stereotype.Component;

/**
 * The request of a generic JSON channel (a webhook, an email or SMS gateway behind a Kamelet): who, what, and the
 * message's id, which a receiver can use to drop a message it already has.
 */
@Component("jsonMessages")
public class JsonMessages implements MessageRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code {"id":"kairos-outbox-7","to":{"email":..,"name":..},"subject":..,"text":..,"signal":{"id":..,
     * "type":..,"recordId":..}}}.
     */
    @Override
    public String request(OutboxMessage message, String text) {
        ObjectNode request = JSON.createObjectNode().put("id", message.reference());
        request.putObject("to").put("email", message.contactEmail()).put("name", message.contactName());
        request.put("subject", MessageTemplates.subject(message.signal()))
                .put("text", text == null ? "" : text.strip());
        request.putObject("signal").put("id", message.signal().id()).put("type", message.signal().type().name())
                .put("recordId", message.signal().recordId());
        return request.toString();
    }
}
