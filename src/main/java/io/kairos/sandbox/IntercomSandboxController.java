package io.kairos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Simulated Intercom-style REST API: send a message, search contacts, and (sandbox only) list what was sent. */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/intercom")
class IntercomSandboxController {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final IntercomSandbox intercom;

    IntercomSandboxController(IntercomSandbox intercom) {
        this.intercom = intercom;
    }

    @PostMapping("/messages")
    JsonNode send(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                  @RequestBody JsonNode message) {
        authenticate(authorization);
        return intercom.send(message);
    }

    /** Not part of Intercom's API: lets a newcomer see what Kairos would have sent. */
    @GetMapping("/messages")
    JsonNode sent() {
        return list(intercom.messages());
    }

    @PostMapping("/contacts/search")
    JsonNode searchContacts(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                            @RequestBody JsonNode search) {
        authenticate(authorization);
        ObjectNode result = list(intercom.searchContacts(search));
        result.putObject("pages").put("type", "pages").put("page", 1).put("per_page", 50).put("total_pages", 1);
        return result;
    }

    private static void authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw IntercomSandbox.error(HttpStatus.UNAUTHORIZED, "unauthorized", "Access Token Invalid");
        }
    }

    private static ObjectNode list(List<ObjectNode> items) {
        ObjectNode body = JSON.objectNode().put("type", "list");
        body.putArray("data").addAll(items);
        return body.put("total_count", items.size());
    }
}
