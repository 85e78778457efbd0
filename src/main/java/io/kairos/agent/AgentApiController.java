package io.kairos.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agent API the Zendesk sidebar app calls ({@link AgentTokenFilter} has checked the token, its Zendesk and its
 * rate): {@code GET /api/agent/context?ticket=}, {@code POST /api/agent/hold}, {@code DELETE /api/agent/hold}.
 */
@RestController
class AgentApiController {

    private final AgentContexts contexts;
    private final AgentHolds holds;
    private final AgentProperties properties;
    private final ObjectMapper json;

    AgentApiController(AgentContexts contexts, AgentHolds holds, AgentProperties properties, ObjectMapper json) {
        this.contexts = contexts;
        this.holds = holds;
        this.properties = properties;
        this.json = json;
    }

    @GetMapping(path = "/api/agent/context", produces = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode context(@RequestParam(name = "ticket", required = false) String ticket,
                       @RequestParam(name = "refresh", defaultValue = "false") String refresh,
                       HttpServletRequest request) {
        return contexts.of(HoldRequest.ticket(ticket), "true".equalsIgnoreCase(refresh), subdomain(request));
    }

    @PostMapping(path = "/api/agent/hold", produces = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode hold(@RequestBody(required = false) String body, HttpServletRequest request) {
        JsonNode parsed;
        try {
            parsed = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException malformed) {
            throw AgentApiException.badRequest("The body is not valid JSON: "
                    + malformed.getOriginalMessage());
        }
        return holds.hold(HoldRequest.of(parsed, properties.holdMaxDays()), subdomain(request));
    }

    @DeleteMapping(path = "/api/agent/hold", produces = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode lift(@RequestParam(name = "ticket", required = false) String ticket,
                    @RequestParam(name = "agent", required = false) String agent, HttpServletRequest request) {
        long id = HoldRequest.ticket(ticket);
        return holds.lift(id, HoldRequest.agent(agent), subdomain(request));
    }

    @ExceptionHandler(AgentApiException.class)
    ResponseEntity<ObjectNode> refused(AgentApiException e) {
        var answer = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds()
                    + (e.retryAfter().toMillisPart() > 0 ? 1 : 0))));
        }
        return answer.body(json.createObjectNode().put("error", e.error()).put("message", e.getMessage()));
    }

    private static String subdomain(HttpServletRequest request) {
        return (String) request.getAttribute(AgentTokenFilter.SUBDOMAIN);
    }
}
