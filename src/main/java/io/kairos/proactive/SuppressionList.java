package io.kairos.proactive;

import io.kairos.platform.KeyedQueries;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
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
        KeyedQueries.query(jdbc, "select s.email, s.reason from " + KeyedQueries.WANTED
                        + " join suppression s on s.email = wanted.k", emails,
                (rs, i) -> Map.entry(rs.getString("email"), rs.getString("reason")))
                .forEach(found -> reasons.put(found.getKey(), found.getValue()));
        return reasons;
    }

    private static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
