package io.kairos.intercom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.proactive.MessageRequests;
import io.kairos.proactive.MessageTemplates;
import io.kairos.proactive.OutboxMessage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Turns a planned outbox message and its rendered text into what Intercom's {@code POST /messages} expects. */
@Component("intercomMessages")
public class IntercomMessages implements MessageRequests {

    private static final Logger LOG = LoggerFactory.getLogger(IntercomMessages.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntercomProperties properties;
    private final AtomicBoolean warnedNotConfigured = new AtomicBoolean();

    public IntercomMessages(IntercomProperties properties) {
        this.properties = properties;
    }

    /** Intercom's messages wait, planned, until Intercom is configured. */
    @Override
    public boolean ready(String channel) {
        if (!properties.canSend()) {
            if (warnedNotConfigured.compareAndSet(false, true)) {
                LOG.warn("Intercom is not configured (INTERCOM_BASE_URL, INTERCOM_ACCESS_TOKEN, INTERCOM_ADMIN_ID): "
                        + "planned messages wait until it is");
            }
            return false;
        }
        return true;
    }

    /** The JSON request body: the rendered HTML from the admin configured as sender to the contact, by email. */
    @Override
    public String request(OutboxMessage message, String renderedBody) {
        ObjectNode request = JSON.createObjectNode()
                .put("message_type", properties.messageType())
                .put("subject", MessageTemplates.subject(message.signal()))
                .put("body", renderedBody == null ? "" : renderedBody.strip())
                .put("template", "plain");
        request.putObject("from").put("type", "admin").put("id", properties.adminId());
        request.putObject("to").put("type", "user").put("email", message.contactEmail());
        return request.toString();
    }
}
