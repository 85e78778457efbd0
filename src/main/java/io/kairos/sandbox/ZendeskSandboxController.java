package io.kairos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Simulated Zendesk Ticketing API v2, at the {@code .json} paths camel-zendesk's client calls. */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/zendesk/api/v2")
class ZendeskSandboxController {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ZendeskSandbox zendesk;

    ZendeskSandboxController(ZendeskSandbox zendesk) {
        this.zendesk = zendesk;
    }

    @GetMapping("/tickets/{id}.json")
    JsonNode ticket(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                    @PathVariable long id) {
        authenticate(authorization);
        return wrap("ticket", zendesk.ticket(id));
    }

    @PutMapping("/tickets/{id}.json")
    JsonNode updateTicket(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                          @PathVariable long id, @RequestBody JsonNode request) {
        authenticate(authorization);
        return wrap("ticket", zendesk.update(id, ticketOf(request)));
    }

    @GetMapping("/tickets/show_many.json")
    JsonNode showManyTickets(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                             @RequestParam(required = false) List<Long> ids) {
        authenticate(authorization);
        ObjectNode body = JSON.objectNode();
        body.putArray("tickets").addAll(zendesk.tickets(ids == null ? List.of() : ids));
        return body;
    }

    @PutMapping("/tickets/update_many.json")
    JsonNode updateManyTickets(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                               @RequestBody JsonNode request) {
        authenticate(authorization);
        String jobId = zendesk.updateMany(request.path("tickets"));
        return wrap("job_status", JSON.objectNode().put("id", jobId).put("status", "queued"));
    }

    @GetMapping("/job_statuses/show_many.json")
    JsonNode jobStatuses(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                         @RequestParam(required = false) List<String> ids) {
        authenticate(authorization);
        ObjectNode body = JSON.objectNode();
        body.putArray("job_statuses").addAll(zendesk.jobs(ids == null ? List.of() : ids));
        return body;
    }

    @GetMapping("/job_statuses/{id}.json")
    JsonNode jobStatus(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                       @PathVariable String id) {
        authenticate(authorization);
        return wrap("job_status", zendesk.job(id));
    }

    @PostMapping("/tickets.json")
    ResponseEntity<JsonNode> createTicket(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody JsonNode request) {
        authenticate(authorization);
        return ResponseEntity.status(HttpStatus.CREATED).body(wrap("ticket", zendesk.create(ticketOf(request))));
    }

    /** Only the external_id filter Kairos uses; every ticket's external_id is compared exactly. */
    @GetMapping("/tickets.json")
    JsonNode ticketsByExternalId(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(name = "external_id") String externalId) {
        authenticate(authorization);
        return page("tickets", zendesk.ticketsByExternalId(externalId));
    }

    @GetMapping("/tickets/{id}/comments.json")
    JsonNode comments(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                      @PathVariable long id) {
        authenticate(authorization);
        return page("comments", zendesk.comments(id));
    }

    @PutMapping("/tickets/{id}/tags.json")
    JsonNode addTags(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                     @PathVariable long id, @RequestBody JsonNode request) {
        authenticate(authorization);
        return wrap("tags", zendesk.editTags(id, request, ZendeskSandbox.TagEdit.ADD));
    }

    @PostMapping("/tickets/{id}/tags.json")
    JsonNode setTags(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                     @PathVariable long id, @RequestBody JsonNode request) {
        authenticate(authorization);
        return wrap("tags", zendesk.editTags(id, request, ZendeskSandbox.TagEdit.SET));
    }

    @DeleteMapping("/tickets/{id}/tags.json")
    JsonNode removeTags(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                        @PathVariable long id, @RequestBody JsonNode request) {
        authenticate(authorization);
        return wrap("tags", zendesk.editTags(id, request, ZendeskSandbox.TagEdit.REMOVE));
    }

    @GetMapping("/users/{id}.json")
    JsonNode user(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                  @PathVariable long id) {
        authenticate(authorization);
        return wrap("user", zendesk.user(id));
    }

    @GetMapping("/users/search.json")
    JsonNode searchUsers(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                         @RequestParam(required = false) String query) {
        authenticate(authorization);
        return page("users", zendesk.searchUsers(query));
    }

    @GetMapping("/search.json")
    JsonNode search(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                    @RequestParam(required = false) String query) {
        authenticate(authorization);
        return page("results", zendesk.searchTickets(query));
    }

    /** Export Search Results: every match on one cursor page. */
    @GetMapping("/search/export.json")
    JsonNode exportSearch(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                          @RequestParam(required = false) String query) {
        authenticate(authorization);
        return cursorPage("results", zendesk.searchTickets(query));
    }

    @GetMapping("/tickets/{id}/incidents.json")
    JsonNode incidents(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                       @PathVariable long id) {
        authenticate(authorization);
        return cursorPage("tickets", zendesk.incidents(id));
    }

    @GetMapping("/users/show_many.json")
    JsonNode showManyUsers(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                           @RequestParam(required = false) List<Long> ids) {
        authenticate(authorization);
        ObjectNode body = JSON.objectNode();
        body.putArray("users").addAll(zendesk.users(ids == null ? List.of() : ids));
        return body;
    }

    /** Any API-token (Basic) or OAuth (Bearer) credentials pass; none is what Zendesk rejects with 401. */
    private static void authenticate(String authorization) {
        if (authorization == null || !(authorization.regionMatches(true, 0, "Basic ", 0, 6)
                || authorization.regionMatches(true, 0, "Bearer ", 0, 7))) {
            throw new SandboxApiException(HttpStatus.UNAUTHORIZED,
                    JSON.objectNode().put("error", "Couldn't authenticate you"));
        }
    }

    private static JsonNode ticketOf(JsonNode request) {
        JsonNode ticket = request.path("ticket");
        if (!ticket.isObject()) {
            ObjectNode body = JSON.objectNode().put("error", "RecordInvalid").put("description", "Record validation errors");
            body.putObject("details").putArray("ticket").addObject().put("description", "Ticket: is missing");
            throw new SandboxApiException(HttpStatus.BAD_REQUEST, body);
        }
        return ticket;
    }

    private static ObjectNode wrap(String name, JsonNode value) {
        ObjectNode body = JSON.objectNode();
        body.set(name, value);
        return body;
    }

    private static ObjectNode cursorPage(String name, List<ObjectNode> items) {
        ObjectNode body = JSON.objectNode();
        body.putArray(name).addAll(items);
        body.putObject("meta").put("has_more", false).putNull("after_cursor").putNull("before_cursor");
        body.putObject("links").putNull("prev").putNull("next");
        return body;
    }

    private static ObjectNode page(String name, List<ObjectNode> items) {
        ObjectNode body = JSON.objectNode();
        body.putArray(name).addAll(items);
        return body.putNull("next_page").putNull("previous_page").put("count", items.size());
    }
}
