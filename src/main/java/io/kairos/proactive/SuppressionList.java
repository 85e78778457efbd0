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
            rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant());

    /** The condition every read adds, in its own query: an entry past its expiry no longer suppresses. */
    private static final String IN_FORCE = "(s.expires_at is null or s.expires_at > ?)";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SuppressionList(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One suppressed contact; {@code expiresAt} null: until removed. */
    public record Entry(String email, String reason, String createdBy, Instant createdAt, Instant expiresAt) {

        public Entry(String email, String reason, String createdBy, Instant createdAt) {
            this(email, reason, createdBy, createdAt, null);
        }
    }

    /**
     * Adds the contact until removed, or updates the reason of one already listed (an agent's hold on it becomes
     * permanent).
     *
     * @throws IllegalArgumentException when the email or reason is missing or too long
     */
    public Entry add(String email, String reason, String createdBy) {
        String key = checked(email, reason);
        var now = now();
        if (jdbc.update("update suppression set reason = ?, created_by = ?, expires_at = null where email = ?",
                reason.trim(), createdBy, key) == 0) {
            jdbc.update("insert into suppression (email, reason, created_by, created_at) values (?, ?, ?, ?) "
                    + "on conflict do nothing", key, reason.trim(), createdBy, now);
        }
        return entry(key).orElseThrow();
    }

    /**
     * Suppresses the contact until {@code until} (an agent's hold), replacing an earlier hold; an entry that holds
     * until removed (an admin's) is left as it is, since a hold must never shorten it.
     *
     * @return the entry now in force: the hold, or the permanent entry that outranks it
     * @throws IllegalArgumentException when the email or reason is missing or too long
     */
    public Entry hold(String email, String reason, String createdBy, Instant until) {
        String key = checked(email, reason);
        var now = now();
        if (jdbc.update("""
                update suppression set reason = ?, created_by = ?, expires_at = ?,
                       created_at = case when expires_at <= ? then ? else created_at end
                where email = ? and expires_at is not null""", reason.trim(), createdBy,
                until.atOffset(ZoneOffset.UTC), now, now, key) == 0) {
            jdbc.update("insert into suppression (email, reason, created_by, created_at, expires_at) "
                    + "values (?, ?, ?, ?, ?) on conflict do nothing", key, reason.trim(), createdBy, now,
                    until.atOffset(ZoneOffset.UTC));
        }
        return entry(key).orElseThrow();
    }

    private static String checked(String email, String reason) {
        String key = normalise(email);
        if (key == null || key.isEmpty() || key.length() > 320 || !key.contains("@")) {
            throw new IllegalArgumentException("email must be an address of at most 320 characters");
        }
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("reason is required, at most 500 characters");
        }
        return key;
    }

    private Optional<Entry> entry(String key) {
        return jdbc.query("select * from suppression where email = ?", ENTRY, key).stream().findFirst();
    }

    /** @return true if the contact was listed */
    public boolean remove(String email) {
        return jdbc.update("delete from suppression where email = ?", normalise(email)) == 1;
    }

    /**
     * Removes the contact only when its entry expires (an agent's hold), never one that holds until removed: how
     * an agent lifts a hold without lifting an admin's suppression.
     *
     * @return true if such an entry was there
     */
    public boolean removeExpiring(String email) {
        return jdbc.update("delete from suppression where email = ? and expires_at is not null",
                normalise(email)) == 1;
    }

    /** The contact's entry while it is in force. */
    public Optional<Entry> find(String email) {
        return jdbc.query("select * from suppression s where s.email = ? and " + IN_FORCE, ENTRY, normalise(email),
                now()).stream().findFirst();
    }

    /** The entries in force, newest first. */
    public List<Entry> list(int limit, int offset) {
        return jdbc.query("select * from suppression s where " + IN_FORCE
                + " order by s.created_at desc, s.email limit ? offset ?", ENTRY, now(), limit, offset);
    }

    /**
     * The reason per listed contact among these normalised emails whose entry is in force, in one query per
     * thousand.
     */
    public Map<String, String> reasonsFor(Collection<String> emails) {
        Map<String, String> reasons = new HashMap<>();
        KeyedQueries.query(jdbc, "select s.email, s.reason from " + KeyedQueries.WANTED
                        + " join suppression s on s.email = wanted.k where " + IN_FORCE, emails,
                (rs, i) -> Map.entry(rs.getString("email"), rs.getString("reason")), now())
                .forEach(found -> reasons.put(found.getKey(), found.getValue()));
        return reasons;
    }

    private java.time.OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
