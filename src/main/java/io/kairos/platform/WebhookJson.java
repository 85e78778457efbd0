package io.kairos.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads a webhook body every source expects to be one JSON object, failing as a 400 with a clear message. */
public final class WebhookJson {

    private WebhookJson() {
    }

    /** @throws MalformedWebhookException when the body is not valid JSON or not an object */
    public static JsonNode object(ObjectMapper json, byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw new MalformedWebhookException("body must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedWebhookException("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedWebhookException("body could not be read: " + e.getMessage());
        }
    }
}
