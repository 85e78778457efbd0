package io.kairos.platform;

import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lists dead letters and replays one; behind the API bearer token. A replay is written to the ledger. */
@RestController
@RequestMapping("/api/dead-letters")
class DeadLetterController {

    /** Who replayed, as the ledger says it: the bearer token names no person. */
    static final String ACTOR = "the API (bearer token)";

    private final JdbcTemplate jdbc;
    private final DeadLetters deadLetters;

    DeadLetterController(JdbcTemplate jdbc, DeadLetters deadLetters) {
        this.jdbc = jdbc;
        this.deadLetters = deadLetters;
    }

    @GetMapping
    List<Map<String, Object>> list(@RequestParam(defaultValue = "false") boolean includeReplayed,
                                   @RequestParam(defaultValue = "100") int limit) {
        return jdbc.queryForList("""
                select id, source, event_id, event_type, reason, attempts, failed_at, replayed_at from dead_letter
                where (? or replayed_at is null) order by failed_at desc limit ?""",
                includeReplayed, Math.min(Math.max(limit, 1), 1000));
    }

    @PostMapping("/{id}/replay")
    ResponseEntity<Map<String, Object>> replay(@PathVariable long id) {
        return deadLetters.replay(id, ACTOR)
                ? ResponseEntity.accepted().body(Map.of("id", id, "status", "replayed"))
                : ResponseEntity.status(404).body(Map.of("id", id, "error", "no open dead letter with this id"));
    }
}
