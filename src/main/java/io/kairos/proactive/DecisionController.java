package io.kairos.proactive;

import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/decisions?contact=<email>}: every proactive decision about one contact, newest first. */
@RestController
class DecisionController {

    static final int LIMIT = 500;

    private final LedgerStore ledger;

    DecisionController(LedgerStore ledger) {
        this.ledger = ledger;
    }

    @GetMapping(path = "/api/decisions", produces = "application/json")
    ResponseEntity<Map<String, Object>> decisions(@RequestParam(name = "contact", required = false) String contact) {
        if (contact == null || contact.isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "field", "contact",
                    "message", "contact (an email address) is required"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contact", Outbox.normalise(contact));
        body.put("decisions", ledger.decisionsFor(contact, LIMIT).stream().map(DecisionController::toJson).toList());
        return ResponseEntity.ok(body);
    }

    private static Map<String, Object> toJson(LedgerEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("signalId", entry.signalId());
        json.put("signalType", entry.signalType());
        json.put("recordId", entry.recordId());
        json.put("channel", entry.channel());
        json.put("decision", entry.decision().name());
        json.put("reasonCode", entry.reasonCode());
        json.put("reason", entry.reason());
        json.put("experimentArm", entry.experimentArm());
        json.put("summary", entry.summary());
        json.put("occurredAt", entry.occurredAt().toString());
        return json;
    }
}
