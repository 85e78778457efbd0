package io.kairos.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** The shared customer-context cache on H2 (PostgreSQL mode) and on a real PostgreSQL. */
class CustomerContextCacheTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Duration TTL = Duration.ofMinutes(10);
    /** Configured like Spring Boot's own mapper: java.time support, dates as text. */
    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

    static final CustomerContext JANE = new CustomerContext("003A", "Jane Doe", "jane@acme.example",
            "Europe/Berlin", false, "001A", "Acme GmbH", "Gold", "Sam Seller",
            List.of(new CustomerContext.Order("00000101", "Delayed", LocalDate.parse("2026-11-20"))),
            List.of("Widget Pro"),
            List.of(new CustomerContext.KnownIssue("Sync outage", "Open", "Sync App", "Syncs fail", 99L)));

    private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    private CustomerContextCache cache(Database db) {
        return new CustomerContextCache(db.jdbc(), JSON, clock,
                new EnrichmentProperties("kairos_", List.of("Delayed"), Map.of(), 3, TTL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aContextIsReusedForTheTtlAndThenAskedForAgain(Database db) {
        CustomerContextCache cache = cache(db);
        assertThat(cache.get("jane@acme.example")).isEmpty();

        cache.put("jane@acme.example", JANE);
        assertThat(cache.get("jane@acme.example")).contains(JANE);

        clock.advance(TTL.minusMillis(1));
        assertThat(cache.get("jane@acme.example")).as("just inside the TTL").contains(JANE);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("jane@acme.example")).as("exactly the TTL old").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void putRefreshesTheEntryAndTheKeyIgnoresCase(Database db) {
        CustomerContextCache cache = cache(db);
        cache.put(" Jane@ACME.example", JANE);
        clock.advance(TTL.plusMinutes(1));
        CustomerContext promoted = new CustomerContext("003A", "Jane Doe", "jane@acme.example", "Europe/Berlin",
                false, "001A", "Acme GmbH", "Platinum", "Sam Seller", null, null, null);

        cache.put("jane@acme.example", promoted);

        assertThat(cache.get("JANE@acme.example")).contains(promoted);
        assertThat(db.jdbc().queryForObject("select count(*) from customer_context_cache", Integer.class))
                .isEqualTo(1);
        assertThat(db.jdbc().queryForObject("select email from customer_context_cache", String.class))
                .isEqualTo("jane@acme.example");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void mappedFieldsAreKeptBlankOnesIncluded(Database db) {
        CustomerContextCache cache = cache(db);
        CustomerContext mapped = new CustomerContext("003A", "Jane Doe", "jane@acme.example", "Europe/Berlin",
                false, "001A", "Acme GmbH", "Gold", "Sam Seller", null, null, null,
                Map.of("Account.Industry", "Manufacturing", "Contact.Title", ""));

        cache.put("jane@acme.example", mapped);

        CustomerContext read = cache.get("jane@acme.example").orElseThrow();
        assertThat(read).isEqualTo(mapped);
        assertThat(read.hasFields(List.of("Account.Industry", "Contact.Title"))).isTrue();
        assertThat(read.hasFields(List.of("Account.Region__c"))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRowWrittenBeforeMappingsExistedIsStillRead(Database db) {
        // The JSON an earlier Kairos stored: no "fields", orders and known issues without their ids.
        db.jdbc().update("insert into customer_context_cache (email, context_json, fetched_at) values (?, ?, ?)",
                "jane@acme.example", """
                {"contactId":"003A","name":"Jane Doe","email":"jane@acme.example","timeZone":"Europe/Berlin",
                 "optedOutOfEmail":false,"accountId":"001A","accountName":"Acme GmbH","tier":"Gold",
                 "ownerName":"Sam Seller","orders":[{"orderNumber":"00000101","status":"Delayed",
                 "expectedDelivery":"2026-11-20"}],"products":["Widget Pro"],"knownIssues":[{"name":"Sync outage",
                 "status":"Open","product":"Sync App","publicSummary":"Syncs fail","zendeskProblemId":99}]}""",
                clock.instant().atOffset(ZoneOffset.UTC));

        CustomerContext read = cache(db).get("jane@acme.example").orElseThrow();

        assertThat(read).isEqualTo(JANE);
        assertThat(read.fields()).isEmpty();
        assertThat(read.hasFields(List.of())).isTrue();
        assertThat(read.hasFields(List.of("Account.Industry"))).as("a mapping added since needs a new lookup")
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anUnreadableEntryIsAMiss(Database db) {
        db.jdbc().update("insert into customer_context_cache (email, context_json, fetched_at) values (?, ?, ?)",
                "jane@acme.example", "{not json", clock.instant().atOffset(ZoneOffset.UTC));

        assertThat(cache(db).get("jane@acme.example")).isEmpty();
    }
}
