package io.kairos.enrichment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Customer context kept in the store for a configured time. Salesforce's daily API allowance is shared with the
 * whole org, so every replica reads the same cache rather than asking again.
 */
@Component
public class CustomerContextCache {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final EnrichmentProperties properties;

    public CustomerContextCache(JdbcTemplate jdbc, ObjectMapper json, Clock clock, EnrichmentProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    public Optional<CustomerContext> get(String email) {
        List<String> hits = jdbc.queryForList(
                "select context_json from customer_context_cache where email = ? and fetched_at > ?", String.class,
                key(email), clock.instant().minus(properties.contextCacheTtl()).atOffset(ZoneOffset.UTC));
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(hits.get(0), CustomerContext.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** A context as the cache holds it and when it was read from the CRM. */
    public record Cached(CustomerContext context, Instant fetchedAt) { }

    /**
     * The last context read for this email, however old: what an agent is shown, with its age, when the CRM cannot
     * be reached. Empty when there is none or it no longer reads.
     */
    public Optional<Cached> latest(String email) {
        return jdbc.query("select context_json, fetched_at from customer_context_cache where email = ?",
                (rs, i) -> {
                    try {
                        return new Cached(json.readValue(rs.getString(1), CustomerContext.class),
                                rs.getTimestamp(2).toInstant());
                    } catch (JsonProcessingException unreadable) {
                        return null;
                    }
                }, key(email)).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Whether a context read at {@code fetchedAt} is still within the cache's TTL. */
    public boolean isFresh(Instant fetchedAt) {
        return fetchedAt.isAfter(clock.instant().minus(properties.contextCacheTtl()));
    }

    public void put(String email, CustomerContext context) {
        String text;
        try {
            text = json.writeValueAsString(context);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("customer context is not serialisable", e);
        }
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        if (jdbc.update("update customer_context_cache set context_json = ?, fetched_at = ? where email = ?",
                text, now, key(email)) == 0) {
            jdbc.update("insert into customer_context_cache (email, context_json, fetched_at) values (?, ?, ?) "
                    + "on conflict do nothing", key(email), text, now);
        }
    }

    private static String key(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
