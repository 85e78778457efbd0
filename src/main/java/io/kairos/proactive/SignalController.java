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
    private final SignalPreview preview;

    SignalController(SignalRequests requests, Inbox inbox, SignalPreview preview) {
        this.requests = requests;
        this.inbox = inbox;
        this.preview = preview;
    }

    /** {@code POST /api/signals/preview}: the same body, a dry run that decides for the audience and stores nothing. */
    @PostMapping(path = "/api/signals/preview", consumes = "*/*", produces = "application/json")
    ResponseEntity<Map<String, Object>> preview(@RequestBody(required = false) String body,
                                                @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Signal signal;
        try {
            // Any kind of the catalog, whatever its sources: ops preview a kind before its events flow.
            signal = requests.parsePreview(body == null ? "" : body, key);
        } catch (InvalidSignalException e) {
            return invalid(e);
        }
        return ResponseEntity.ok(preview.preview(signal).toJson());
    }

    @PostMapping(path = "/api/signals", consumes = "*/*", produces = "application/json")
    ResponseEntity<Map<String, Object>> raise(@RequestBody(required = false) String body,
                                              @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Signal signal;
        try {
            signal = requests.parse(body == null ? "" : body, key);
        } catch (InvalidSignalException e) {
            return invalid(e);
        }
        try {
            if (inbox.accept(SOURCE, signal.dedupeKey(), "signal." + signal.type(), requests.toJson(signal),
                    signal.severity().inboxPriority())) {
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

    private static ResponseEntity<Map<String, Object>> invalid(InvalidSignalException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", "invalid_signal");
        error.put("field", e.field());
        error.put("message", e.getMessage());
        return ResponseEntity.badRequest().body(error);
    }
}
