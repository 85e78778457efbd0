package io.kairos.platform;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lists dead letters and replays one; behind the API bearer token. */
@RestController
@RequestMapping("/api/dead-letters")
class DeadLetterController {

    private final JdbcTemplate jdbc;
    private final Map<String, DeadLetterReplayer> replayers;
    private final Inbox inbox;

    DeadLetterController(JdbcTemplate jdbc, Inbox inbox, List<DeadLetterReplayer> replayers) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.replayers = replayers.stream().collect(Collectors.toMap(DeadLetterReplayer::source, r -> r));
    }

    @GetMapping
    List<Map<String, Object>> list(@RequestParam(defaultValue = "false") boolean includeReplayed,
                                   @RequestParam(defaultValue = "100") int limit) {
        return jdbc.queryForList("""
                select id, source, event_id, event_type, reason, attempts, failed_at, replayed_at from dead_letter
                where (? or replayed_at is null) order by failed_at desc limit ?""",
                includeReplayed, Math.min(Math.max(limit, 1), 1000));
    }

    /** Inbox events are replayed by the inbox; other sources (the outbox) by their own replayer. */
    @PostMapping("/{id}/replay")
    ResponseEntity<Map<String, Object>> replay(@PathVariable long id) {
        List<Map<String, Object>> letter = jdbc.queryForList(
                "select source, event_id from dead_letter where id = ? and replayed_at is null", id);
        DeadLetterReplayer replayer = letter.isEmpty() ? null : replayers.get((String) letter.get(0).get("source"));
        boolean replayed = replayer == null ? inbox.replay(id)
                : replayer.replay(id, (String) letter.get(0).get("event_id"));
        return replayed
                ? ResponseEntity.accepted().body(Map.of("id", id, "status", "replayed"))
                : ResponseEntity.status(404).body(Map.of("id", id, "error", "no open dead letter with this id"));
    }
}
