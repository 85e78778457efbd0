package io.kairos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.CustomerContextCache.Cached;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Where the sidebar's customer comes from (live, cached, unavailable) and how old it is. */
class CustomerReadingTest {

    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");
    private static final CustomerContext OLD = context("Silver");
    private static final CustomerContext NEW = context("Gold");
    private static final Predicate<Instant> TEN_MINUTES = at -> at.isAfter(NOW.minus(Duration.ofMinutes(10)));

    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void aFreshCacheAnswersWithItsAgeAndSalesforceIsNotAsked() {
        CustomerReading reading = CustomerReading.read(false, cachedAgo(300), TEN_MINUTES, live(NEW), NOW);

        assertThat(reading.source()).isEqualTo("cached");
        assertThat(reading.customer()).isEqualTo(OLD);
        assertThat(reading.known()).isTrue();
        assertThat(reading.ageSeconds(NOW)).isEqualTo(300);
        assertThat(reading.stale()).isFalse();
        assertThat(calls).hasValue(0);
    }

    @Test
    void aRefreshOrNoFreshCacheReadsSalesforceLive() {
        for (CustomerReading reading : List.of(
                CustomerReading.read(true, cachedAgo(10), TEN_MINUTES, live(NEW), NOW),
                CustomerReading.read(false, cachedAgo(601), TEN_MINUTES, live(NEW), NOW),
                CustomerReading.read(false, Optional.empty(), TEN_MINUTES, live(NEW), NOW))) {
            assertThat(reading.source()).isEqualTo("live");
            assertThat(reading.customer()).isEqualTo(NEW);
            assertThat(reading.asOf()).isEqualTo(NOW);
            assertThat(reading.ageSeconds(NOW)).isZero();
        }
        assertThat(calls).hasValue(3);
    }

    @Test
    void aContactSalesforceDoesNotHaveIsUnknownEvenWithAnOldCache() {
        CustomerReading reading = CustomerReading.read(true, cachedAgo(10), TEN_MINUTES, Optional::empty, NOW);

        assertThat(reading.source()).isEqualTo("live");
        assertThat(reading.known()).isFalse();
        assertThat(reading.customer()).isNull();
    }

    @Test
    void salesforceDownAnswersTheLastCacheHoweverOldAsStale() {
        CustomerReading reading = CustomerReading.read(false, cachedAgo(3600), TEN_MINUTES, down(), NOW);

        assertThat(reading.source()).isEqualTo("cached");
        assertThat(reading.stale()).isTrue();
        assertThat(reading.known()).isTrue();
        assertThat(reading.customer()).isEqualTo(OLD);
        assertThat(reading.ageSeconds(NOW)).isEqualTo(3600);
        assertThat(reading.failure()).hasMessage("Salesforce is down");
    }

    @Test
    void salesforceDownWithoutACacheIsUnavailableAndKnowsNothing() {
        CustomerReading reading = CustomerReading.read(true, Optional.empty(), TEN_MINUTES, down(), NOW);

        assertThat(reading.source()).isEqualTo("unavailable");
        assertThat(reading.known()).isNull();
        assertThat(reading.customer()).isNull();
        assertThat(reading.asOf()).isNull();
        assertThat(reading.ageSeconds(NOW)).isNull();
        assertThat(reading.stale()).isFalse();
    }

    @Test
    void anAgeIsNeverNegative() {
        CustomerReading reading = CustomerReading.read(false, cachedAgo(-5), TEN_MINUTES, live(NEW), NOW);

        assertThat(reading.ageSeconds(NOW)).isZero();
    }

    private Supplier<Optional<CustomerContext>> live(CustomerContext context) {
        return () -> {
            calls.incrementAndGet();
            return Optional.of(context);
        };
    }

    private static Supplier<Optional<CustomerContext>> down() {
        return () -> {
            throw new IllegalStateException("Salesforce is down");
        };
    }

    private static Optional<Cached> cachedAgo(long seconds) {
        return Optional.of(new Cached(OLD, NOW.minusSeconds(seconds)));
    }

    private static CustomerContext context(String tier) {
        return new CustomerContext("003A", "Jane Doe", "jane@acme.example", "Europe/Berlin", false, "001A",
                "Acme GmbH", tier, "Sam", List.of(), List.of(), List.of());
    }
}
