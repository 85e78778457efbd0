package io.kairos.agent;

import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.CustomerContextCache.Cached;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where the sidebar's customer comes from and how old it is: the cache when it is fresh and no refresh was asked
 * for; otherwise Salesforce, live; when Salesforce cannot be reached, the last cached context however old (stale),
 * else nothing (unavailable). Salesforce being down is never an error to the agent.
 *
 * @param source   {@code live}, {@code cached} or {@code unavailable}
 * @param known    whether Salesforce has a contact for the email; null when that cannot be told (unavailable)
 * @param customer the context; null unless known
 * @param asOf     when the context was read from Salesforce; null when unavailable
 * @param stale    Salesforce could not be reached and the context is the last cached one
 * @param failure  why Salesforce could not be reached, for the log; null otherwise
 */
record CustomerReading(String source, Boolean known, CustomerContext customer, Instant asOf, boolean stale,
                       RuntimeException failure) {

    static final String LIVE = "live";
    static final String CACHED = "cached";
    static final String UNAVAILABLE = "unavailable";

    /**
     * @param refresh the agent asked for Salesforce now
     * @param cached  the last cached context, if any
     * @param fresh   whether a context read at that time is within the cache's TTL
     * @param live    reads Salesforce (empty: no contact has the email); throws when it cannot
     * @param now     the time of the answer
     */
    static CustomerReading read(boolean refresh, Optional<Cached> cached, Predicate<Instant> fresh,
                                Supplier<Optional<CustomerContext>> live, Instant now) {
        if (!refresh && cached.isPresent() && fresh.test(cached.get().fetchedAt())) {
            return new CustomerReading(CACHED, true, cached.get().context(), cached.get().fetchedAt(), false, null);
        }
        Optional<CustomerContext> found;
        try {
            found = live.get();
        } catch (RuntimeException unreachable) {
            return cached.map(c -> new CustomerReading(CACHED, true, c.context(), c.fetchedAt(), true, unreachable))
                    .orElseGet(() -> new CustomerReading(UNAVAILABLE, null, null, null, false, unreachable));
        }
        return new CustomerReading(LIVE, found.isPresent(), found.orElse(null), now, false, null);
    }

    /** Seconds since the context was read, never negative; null when there is none. */
    Long ageSeconds(Instant now) {
        return asOf == null ? null : Math.max(0, Duration.between(asOf, now).getSeconds());
    }
}
