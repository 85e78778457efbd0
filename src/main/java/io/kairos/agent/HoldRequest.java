package io.kairos.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an agent's hold or lift asks for, checked: the ticket, the days (1 to hold-max-days) and the agent's name as
 * the app passes it from Zendesk (the app is trusted with it as it is with the token; Kairos cannot verify it).
 */
record HoldRequest(long ticket, int days, String agent) {

    /** The longest agent name the store keeps (suppression.created_by). */
    static final int MAX_AGENT = 100;

    /** A ticket id as the API takes it: a positive whole number, as a query parameter or a JSON number or text. */
    static long ticket(String text) {
        if (text == null || !text.trim().matches("[0-9]{1,18}") || Long.parseLong(text.trim()) < 1) {
            throw AgentApiException.badRequest("ticket must be a Zendesk ticket id");
        }
        return Long.parseLong(text.trim());
    }

    static long ticket(JsonNode node) {
        if (node == null || !(node.isIntegralNumber() || node.isTextual())) {
            throw AgentApiException.badRequest("ticket must be a Zendesk ticket id");
        }
        return ticket(node.asText());
    }

    /** The days of a hold: a whole number from 1 to {@code maxDays}. */
    static int days(JsonNode node, int maxDays) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1
                || node.asInt() > maxDays) {
            throw AgentApiException.badRequest("days must be a whole number from 1 to " + maxDays);
        }
        return node.asInt();
    }

    /** The agent's name, trimmed: required, at most {@value #MAX_AGENT} characters, one line. */
    static String agent(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_AGENT || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw AgentApiException.badRequest("agent must be the agent's name, 1 to " + MAX_AGENT + " characters");
        }
        return trimmed;
    }

    /** A hold's body: {@code {"ticket": 123, "days": 7, "agent": "Alex Agent"}}. */
    static HoldRequest of(JsonNode body, int maxDays) {
        if (body == null || !body.isObject()) {
            throw AgentApiException.badRequest("The body must be a JSON object: {\"ticket\": 123, \"days\": 7, "
                    + "\"agent\": \"Alex Agent\"}");
        }
        JsonNode agent = body.get("agent");
        return new HoldRequest(ticket(body.get("ticket")), days(body.get("days"), maxDays),
                agent(agent == null || !agent.isTextual() ? null : agent.asText()));
    }
}
