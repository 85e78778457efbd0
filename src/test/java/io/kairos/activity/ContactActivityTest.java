package io.kairos.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import io.kairos.timing.ActivityHistogram;
import io.kairos.timing.ActivityHistogram.ZoneSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Activity histograms in the store, on H2 (PostgreSQL mode) and on a real PostgreSQL. */
class ContactActivityTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant T0 = Instant.parse("2026-11-24T08:20:00Z"); // 09:20 in Berlin

    /** A fresh inbox event key: each call is another event. */
    private static String event() {
        return "test:" + UUID.randomUUID();
    }

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eventsAddUpDecayedInTheContactsZone(Database db) {
        ContactActivity activity = new ContactActivity(db.jdbc());

        activity.seen(event(), " Jane@Acme.example", "001A", "Europe/Berlin", null, T0);
        activity.seen(event(), "jane@acme.example", "001A", "Europe/Berlin", null,
                T0.plus(ActivityHistogram.HALF_LIFE));

        ActivityHistogram jane = activity.ofContact("jane@acme.example").orElseThrow();
        assertThat(jane.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(jane.zoneSource()).isEqualTo(ZoneSource.CONTACT);
        assertThat(jane.weights()[9]).isCloseTo(1.5, within(1e-9));
        assertThat(jane.updatedAt()).isEqualTo(T0.plus(ActivityHistogram.HALF_LIFE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theZoneFallsBackToTheAccountsThenUtcAndSaysWhich(Database db) {
        ContactActivity activity = new ContactActivity(db.jdbc());

        activity.seen(event(), "omar@globex.example", null, "Not/AZone", "America/New_York", T0);
        activity.seen(event(), "li@initech.example", null, null, null, T0);

        assertThat(activity.ofContact("omar@globex.example").orElseThrow().zoneSource()).isEqualTo(ZoneSource.ACCOUNT);
        ActivityHistogram li = activity.ofContact("li@initech.example").orElseThrow();
        assertThat(li.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(li.zoneSource()).isEqualTo(ZoneSource.DEFAULT);
        assertThat(li.weights()[8]).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aPageIsReadInOneGoWithTheAccountAsFallback(Database db) {
        ContactActivity activity = new ContactActivity(db.jdbc());
        for (int day = 0; day < 4; day++) {
            activity.seen(event(), "busy@acme.example", "001A", "Europe/Berlin", null, T0.minus(Duration.ofDays(day)));
        }
        activity.seen(event(), "new@acme.example", "001A", "Europe/Berlin", null, T0);
        activity.seen(event(), "alone@other.example", null, null, null, T0);
        List<String> emails = IntStream.range(0, 2500).mapToObj(i -> "c" + i + "@example.com")
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        emails.addAll(List.of("busy@acme.example", "new@acme.example", "alone@other.example", "quiet@acme.example"));
        Map<String, String> accounts = new HashMap<>(Map.of("busy@acme.example", "001A", "new@acme.example", "001A",
                "quiet@acme.example", "001A"));

        Map<String, ActivityHistogram> found = activity.forContacts(emails, accounts, T0);

        assertThat(found).containsOnlyKeys("busy@acme.example", "new@acme.example", "alone@other.example",
                "quiet@acme.example");
        assertThat(found.get("busy@acme.example")).isEqualTo(activity.ofContact("busy@acme.example").orElseThrow());
        assertThat(found.get("new@acme.example").totalAt(T0)).as("the account's: the contact's own says too little")
                .isGreaterThan(4.5);
        assertThat(found.get("quiet@acme.example").totalAt(T0)).as("never seen, the account stands in")
                .isGreaterThan(4.5);
        assertThat(found.get("alone@other.example").totalAt(T0)).as("no account: the contact's own").isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentEventsOfOneContactAreAllCounted(Database db) throws Exception {
        ContactActivity activity = new ContactActivity(db.jdbc());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = IntStream.range(0, 8).<Future<?>>mapToObj(i -> pool.submit(() ->
                    activity.seen(event(), "jane@acme.example", null, "UTC", null, T0))).toList();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(activity.ofContact("jane@acme.example").orElseThrow().totalAt(T0)).isCloseTo(8.0, within(1e-9));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSameEventSeenAgainCountsOnce(Database db) {
        ContactActivity activity = new ContactActivity(db.jdbc());

        activity.seen("zendesk:01HNX-1", "jane@acme.example", "001A", "UTC", null, T0);
        activity.seen("zendesk:01HNX-1", "jane@acme.example", "001A", "UTC", null, T0);
        activity.seen("zendesk:01HNX-2", "jane@acme.example", "001A", "UTC", null, T0);

        assertThat(activity.ofContact("jane@acme.example").orElseThrow().totalAt(T0)).isEqualTo(2.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void noEmailNoRow(Database db) {
        ContactActivity activity = new ContactActivity(db.jdbc());

        activity.seen(event(), " ", "001A", "UTC", null, T0);

        assertThat(db.jdbc().queryForObject("select count(*) from activity_histogram", Integer.class)).isZero();
    }
}
