package io.kairos.proactive;

import io.kairos.platform.Inbox;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/signals}: ops raise a signal by hand (planned maintenance, an announcement). The signal is stored
 * in the durable inbox and planned from there, like a CRM event; an Idempotency-Key makes a retried request a no-op.
 */
@RestController
class SignalController {

    static final String SOURCE = "manual";

    private final SignalRequests requests;
    private final Inbox inbox;

    SignalController(SignalRequests requests, Inbox inbox) {
        this.requests = requests;
        this.inbox = inbox;
    }

    @PostMapping(path = "/api/signals", consumes = "*/*", produces = "application/json")
    ResponseEntity<Map<String, Object>> raise(@RequestBody(required = false) String body,
                                              @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Signal signal;
        try {
            signal = requests.parse(body == null ? "" : body, key);
        } catch (InvalidSignalException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", "invalid_signal");
            error.put("field", e.field());
            error.put("message", e.getMessage());
            return ResponseEntity.badRequest().body(error);
        }
        try {
            if (inbox.accept(SOURCE, signal.dedupeKey(), "signal." + signal.type(), requests.toJson(signal))) {
                return ResponseEntity.accepted().body(Map.of("signalId", signal.id(), "status", "accepted"));
            }
            String original = inbox.payload(SOURCE, signal.dedupeKey()).map(requests::fromJson).map(Signal::id)
                    .orElse(signal.id());
            return ResponseEntity.ok(Map.of("signalId", original, "status", "duplicate"));
        } catch (DataAccessException e) {
            return ResponseEntity.status(503).header("Retry-After", "30")
                    .body(Map.of("error", "store_unavailable", "message", "The signal could not be stored; retry later."));
        }
    }
}
