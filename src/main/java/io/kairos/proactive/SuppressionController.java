package io.kairos.proactive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The suppression list over HTTP (bearer token, like every {@code /api} path): {@code GET /api/suppressions},
 * {@code PUT /api/suppressions/{email}} with {@code {"reason": "..."}}, {@code DELETE /api/suppressions/{email}}.
 */
@RestController
class SuppressionController {

    private static final int MAX_LIMIT = 1000;

    private final SuppressionList suppressions;

    SuppressionController(SuppressionList suppressions) {
        this.suppressions = suppressions;
    }

    @GetMapping(path = "/api/suppressions", produces = "application/json")
    Map<String, Object> list(@RequestParam(name = "limit", defaultValue = "100") int limit,
                             @RequestParam(name = "offset", defaultValue = "0") int offset) {
        int page = Math.max(1, Math.min(limit, MAX_LIMIT));
        return Map.of("suppressions", suppressions.list(page, Math.max(0, offset)).stream()
                .map(SuppressionController::toJson).toList());
    }

    @GetMapping(path = "/api/suppressions/{email}", produces = "application/json")
    ResponseEntity<Map<String, Object>> one(@PathVariable("email") String email) {
        return suppressions.find(email).map(e -> ResponseEntity.ok(toJson(e)))
                .orElseGet(() -> notFound(email));
    }

    @PutMapping(path = "/api/suppressions/{email}", produces = "application/json")
    ResponseEntity<Map<String, Object>> add(@PathVariable("email") String email,
                                            @RequestBody(required = false) JsonNode body) {
        JsonNode reason = body == null ? null : body.get("reason");
        try {
            return ResponseEntity.ok(toJson(suppressions.add(email,
                    reason == null || !reason.isTextual() ? null : reason.asText(), "api")));
        } catch (IllegalArgumentException invalid) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request",
                    "message", invalid.getMessage()));
        }
    }

    @DeleteMapping(path = "/api/suppressions/{email}", produces = "application/json")
    ResponseEntity<Map<String, Object>> remove(@PathVariable("email") String email) {
        return suppressions.remove(email) ? ResponseEntity.noContent().build() : notFound(email);
    }

    private static ResponseEntity<Map<String, Object>> notFound(String email) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found",
                "message", "not on the suppression list: " + Outbox.normalise(email)));
    }

    private static Map<String, Object> toJson(SuppressionList.Entry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("email", entry.email());
        json.put("reason", entry.reason());
        json.put("createdBy", entry.createdBy());
        json.put("createdAt", entry.createdAt().toString());
        json.put("expiresAt", entry.expiresAt() == null ? null : entry.expiresAt().toString());
        return json;
    }
}
