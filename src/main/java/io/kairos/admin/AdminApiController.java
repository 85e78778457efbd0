package io.kairos.admin;

import io.kairos.impact.ControlGroupReport;
import io.kairos.impact.Experiment;
import io.kairos.platform.DeadLetters;
import io.kairos.proactive.InvalidSignalException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The data of every admin page as JSON, under {@code /admin/api/}, with the admin's credentials (HTTP Basic). */
@RestController
@RequestMapping(path = "/admin/api", produces = "application/json")
class AdminApiController {

    private final CustomerTimeline timeline;
    private final SignalReport signals;
    private final ImpactReport impact;
    private final ControlGroupReport controlGroups;
    private final OutboxOverview outbox;
    private final DeadLetters deadLetters;
    private final AdminActions actions;
    private final AdminProperties properties;

    AdminApiController(CustomerTimeline timeline, SignalReport signals, ImpactReport impact,
                       ControlGroupReport controlGroups, OutboxOverview outbox, DeadLetters deadLetters,
                       AdminActions actions, AdminProperties properties) {
        this.timeline = timeline;
        this.signals = signals;
        this.impact = impact;
        this.controlGroups = controlGroups;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.actions = actions;
        this.properties = properties;
    }

    /** {@code GET /admin/api/timeline?email=}: one customer's tickets, signals, decisions and story. */
    @GetMapping("/timeline")
    ResponseEntity<?> timeline(@RequestParam(required = false) String email) {
        if (email == null || email.isBlank()) {
            return badRequest("email", "email (the customer's address) is required");
        }
        return ResponseEntity.ok(timeline.of(email));
    }

    @GetMapping("/signals")
    Map<String, Object> signals(@RequestParam(defaultValue = "50") int limit) {
        return Map.of("signals", signals.recent(limit));
    }

    @GetMapping("/signals/{id}")
    ResponseEntity<?> signal(@PathVariable String id) {
        return signals.one(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(404).body(Map.of("error", "not_found", "id", id)));
    }

    /** The dry run of {@code POST /api/signals/preview}, for the admin's credentials. */
    @PostMapping(path = "/signals/preview", consumes = "*/*")
    ResponseEntity<?> preview(@RequestBody(required = false) String body) {
        try {
            return ResponseEntity.ok(actions.preview(body).toJson());
        } catch (InvalidSignalException e) {
            return badRequest(e.field(), e.getMessage());
        }
    }

    @GetMapping("/outbox")
    OutboxOverview.Overview outbox(@RequestParam(defaultValue = "100") int limit) {
        return outbox.overview(limit);
    }

    /** Replays a NEEDS_RECONCILE or FAILED message: planned again now, the replay in the ledger. */
    @PostMapping("/outbox/{id}/replay")
    ResponseEntity<Map<String, Object>> replayMessage(@PathVariable long id, Principal principal) {
        return actions.replayMessage(id, principal)
                ? ResponseEntity.accepted().body(Map.of("id", id, "status", "replayed"))
                : ResponseEntity.status(404).body(Map.of("id", id, "error", "no failed or unreconciled message "
                + "with this id"));
    }

    @GetMapping("/dead-letters")
    Map<String, Object> deadLetters(@RequestParam(required = false) String source,
                                    @RequestParam(required = false) String reason,
                                    @RequestParam(defaultValue = "false") boolean includeReplayed,
                                    @RequestParam(defaultValue = "100") int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("openBySource", deadLetters.openBySource());
        body.put("deadLetters", deadLetters.list(new DeadLetters.Query(source, reason, includeReplayed, limit)));
        return body;
    }

    /** One dead letter with its payload, secrets masked. */
    @GetMapping("/dead-letters/{id}")
    ResponseEntity<?> deadLetter(@PathVariable long id) {
        return deadLetters.find(id).<ResponseEntity<?>>map(letter -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", letter.id());
            body.put("source", letter.source());
            body.put("eventId", letter.eventId());
            body.put("eventType", letter.eventType());
            body.put("reason", letter.reason());
            body.put("attempts", letter.attempts());
            body.put("failedAt", letter.failedAt());
            body.put("replayedAt", letter.replayedAt());
            body.put("correlationId", letter.correlationId());
            body.put("payload", actions.maskedPayload(letter.payload()));
            body.put("ledger", actions.ledgerOf(letter));
            return ResponseEntity.ok(body);
        }).orElseGet(() -> ResponseEntity.status(404).body(Map.of("error", "not_found", "id", id)));
    }

    @PostMapping("/dead-letters/{id}/replay")
    ResponseEntity<Map<String, Object>> replay(@PathVariable long id, Principal principal) {
        return actions.replayDeadLetter(id, principal)
                ? ResponseEntity.accepted().body(Map.of("id", id, "status", "replayed"))
                : ResponseEntity.status(404).body(Map.of("id", id, "error", "no open dead letter with this id"));
    }

    /** {@code {"ids": [1, 2]}}: replays each open one; answers which were replayed and which were not open. */
    @PostMapping(path = "/dead-letters/replay", consumes = "application/json")
    ResponseEntity<Map<String, Object>> replayMany(@RequestBody(required = false) Map<String, List<Long>> body,
                                                   Principal principal) {
        List<Long> ids = body == null ? null : body.get("ids");
        if (ids == null || ids.isEmpty() || ids.size() > 1000) {
            return badRequest("ids", "ids: 1 to 1,000 dead letter ids");
        }
        List<Long> replayed = deadLetters.replayAll(ids, AdminActions.actor(principal));
        List<Long> notOpen = new ArrayList<>(ids.stream().distinct().toList());
        notOpen.removeAll(replayed);
        return ResponseEntity.ok(Map.of("replayed", replayed, "notOpen", notOpen));
    }

    /** The ledger's replay entries, newest first: who replayed what, when. */
    @GetMapping("/replays")
    Map<String, Object> replays(@RequestParam(defaultValue = "100") int limit) {
        return Map.of("replays", deadLetters.replays(Math.min(Math.max(limit, 1), 1000)));
    }

    /** Proactive messages and reactive tickets per UTC day, and the deflection figure per signal. */
    @GetMapping("/impact")
    ImpactReport.Impact impact(@RequestParam(defaultValue = "30") int days,
                               @RequestParam(required = false) Integer within) {
        return impact.impact(days, within == null ? properties.ticketWindow() : within);
    }

    /**
     * The control-group comparison per kind and per signal, as JSON; {@code experiment=send-time} gives the send-time
     * experiment's (active hour against at once) instead.
     */
    @GetMapping("/impact/control-groups")
    ResponseEntity<?> controlGroups(@RequestParam(defaultValue = "30") int days,
                                    @RequestParam(required = false) Integer within,
                                    @RequestParam(defaultValue = "control-group") String experiment) {
        Experiment chosen;
        try {
            chosen = Experiment.ofTag(experiment);
        } catch (IllegalArgumentException unknown) {
            return badRequest("experiment", unknown.getMessage());
        }
        return ResponseEntity.ok(controlGroups.compare(days, within == null ? properties.ticketWindow() : within,
                chosen));
    }

    /**
     * The control-group comparison as CSV, then the send-time experiment's: a row per kind and per signal, the last
     * column naming the experiment (see {@link ImpactCsv}).
     */
    @GetMapping(path = "/impact.csv", produces = "text/csv")
    ResponseEntity<String> impactCsv(@RequestParam(defaultValue = "30") int days,
                                     @RequestParam(required = false) Integer within) {
        int withinDays = within == null ? properties.ticketWindow() : within;
        String csv = ImpactCsv.of(controlGroups.compare(days, withinDays),
                controlGroups.compare(days, withinDays, Experiment.SEND_TIME));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv; charset=UTF-8; header=present"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"impact.csv\"")
                .body(csv);
    }

    private static ResponseEntity<Map<String, Object>> badRequest(String field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", "invalid_request");
        error.put("field", field);
        error.put("message", message);
        return ResponseEntity.badRequest().body(error);
    }
}
