package io.kairos.proactive;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Kairos's own list of contacts who get no proactive message on any channel, whatever Salesforce says: kept in the
 * store so every replica honours it and an admin can change it without touching the CRM.
 */
@Component
public class SuppressionList {

    private static final int CHUNK = 1000;
    private static final RowMapper<Entry> ENTRY = (rs, i) -> new Entry(rs.getString("email"), rs.getString("reason"),
            rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SuppressionList(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One suppressed contact. */
    public record Entry(String email, String reason, String createdBy, Instant createdAt) { }

    /**
     * Adds the contact, or updates the reason of one already listed.
     *
     * @throws IllegalArgumentException when the email or reason is missing or too long
     */
    public Entry add(String email, String reason, String createdBy) {
        String key = normalise(email);
        if (key == null || key.isEmpty() || key.length() > 320 || !key.contains("@")) {
            throw new IllegalArgumentException("email must be an address of at most 320 characters");
        }
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("reason is required, at most 500 characters");
        }
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        if (jdbc.update("update suppression set reason = ?, created_by = ? where email = ?", reason.trim(), createdBy,
                key) == 0) {
            jdbc.update("insert into suppression (email, reason, created_by, created_at) values (?, ?, ?, ?) "
                    + "on conflict do nothing", key, reason.trim(), createdBy, now);
        }
        return find(key).orElseThrow();
    }

    /** @return true if the contact was listed */
    public boolean remove(String email) {
        return jdbc.update("delete from suppression where email = ?", normalise(email)) == 1;
    }

    public Optional<Entry> find(String email) {
        return jdbc.query("select * from suppression where email = ?", ENTRY, normalise(email)).stream().findFirst();
    }

    /** Newest first. */
    public List<Entry> list(int limit, int offset) {
        return jdbc.query("select * from suppression order by created_at desc, email limit ? offset ?", ENTRY,
                limit, offset);
    }

    /** The reason per listed contact among these normalised emails, in one query per thousand. */
    public Map<String, String> reasonsFor(Collection<String> emails) {
        Map<String, String> reasons = new HashMap<>();
        List<String> list = new ArrayList<>(emails);
        for (int from = 0; from < list.size(); from += CHUNK) {
            List<String> chunk = list.subList(from, Math.min(list.size(), from + CHUNK));
            jdbc.query("select email, reason from suppression where email in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")",
                    rs -> {
                        reasons.put(rs.getString("email"), rs.getString("reason"));
                    }, chunk.toArray());
        }
        return reasons;
    }

    private static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
