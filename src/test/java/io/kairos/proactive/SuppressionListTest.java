package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Kairos-side suppression list, on H2 (PostgreSQL mode) and on a real PostgreSQL. */
class SuppressionListTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void addingTwiceUpdatesTheReasonAndKeepsTheFirstDate(Database db) {
        SuppressionList list = new SuppressionList(db.jdbc(), clock);
        list.add(" Jane@Acme.example", "bounced", "api");
        clock.advance(Duration.ofDays(1));

        SuppressionList.Entry entry = list.add("jane@acme.example", "complaint", "admin");

        assertThat(entry.email()).isEqualTo("jane@acme.example");
        assertThat(entry.reason()).isEqualTo("complaint");
        assertThat(entry.createdBy()).isEqualTo("admin");
        assertThat(entry.createdAt()).isEqualTo(clock.instant().minus(Duration.ofDays(1)));
        assertThat(list.list(10, 0)).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void reasonsAreLookedUpForManyContactsAtOnce(Database db) {
        SuppressionList list = new SuppressionList(db.jdbc(), clock);
        list.add("c7@example.com", "legal hold", "api");
        list.add("c1999@example.com", "bounced", "api");
        List<String> emails = IntStream.range(0, 2500).mapToObj(i -> "c" + i + "@example.com").toList();

        assertThat(list.reasonsFor(emails)).containsOnlyKeys("c7@example.com", "c1999@example.com")
                .containsEntry("c7@example.com", "legal hold");
        assertThat(list.remove("C7@example.com")).isTrue();
        assertThat(list.remove("c7@example.com")).isFalse();
        assertThat(list.reasonsFor(emails)).containsOnlyKeys("c1999@example.com");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aHoldSuppressesUntilItExpiresEverywhereTheListIsRead(Database db) {
        SuppressionList list = new SuppressionList(db.jdbc(), clock);
        Instant until = clock.instant().plus(Duration.ofDays(7));

        SuppressionList.Entry held = list.hold("Jane@acme.example", "held from ticket #1", "Alex Agent", until);

        assertThat(held.expiresAt()).isEqualTo(until);
        assertThat(held.createdBy()).isEqualTo("Alex Agent");
        assertThat(list.reasonsFor(List.of("jane@acme.example"))).containsKey("jane@acme.example");
        clock.advance(Duration.ofDays(7).minusMillis(1));
        assertThat(list.find("jane@acme.example")).isPresent();
        assertThat(list.list(10, 0)).hasSize(1);

        clock.advance(Duration.ofMillis(1));

        assertThat(list.reasonsFor(List.of("jane@acme.example"))).isEmpty();
        assertThat(list.find("jane@acme.example")).isEmpty();
        assertThat(list.list(10, 0)).isEmpty();
        SuppressionList.Entry again = list.hold("jane@acme.example", "held from ticket #2", "Sam", clock.instant()
                .plus(Duration.ofDays(1)));
        assertThat(again.createdAt()).as("an expired hold taken up again counts from now").isEqualTo(clock.instant());
        assertThat(list.reasonsFor(List.of("jane@acme.example"))).containsEntry("jane@acme.example",
                "held from ticket #2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aHoldNeverShortensAPermanentEntryNorLiftsIt(Database db) {
        SuppressionList list = new SuppressionList(db.jdbc(), clock);
        list.add("jane@acme.example", "legal hold", "ops");

        SuppressionList.Entry kept = list.hold("jane@acme.example", "held", "Alex", clock.instant().plusSeconds(60));

        assertThat(kept.reason()).isEqualTo("legal hold");
        assertThat(kept.expiresAt()).isNull();
        assertThat(list.removeExpiring("jane@acme.example")).isFalse();
        clock.advance(Duration.ofDays(400));
        assertThat(list.reasonsFor(List.of("jane@acme.example"))).containsEntry("jane@acme.example", "legal hold");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anAdminsEntryOverAHoldMakesItPermanentAndAnAgentLiftsOnlyHolds(Database db) {
        SuppressionList list = new SuppressionList(db.jdbc(), clock);
        list.hold("jane@acme.example", "held", "Alex", clock.instant().plusSeconds(60));
        list.hold("max@acme.example", "held", "Alex", clock.instant().plusSeconds(60));

        assertThat(list.add("jane@acme.example", "complaint", "ops").expiresAt()).isNull();
        assertThat(list.removeExpiring("max@acme.example")).isTrue();

        clock.advance(Duration.ofDays(1));
        assertThat(list.reasonsFor(List.of("jane@acme.example", "max@acme.example")))
                .containsOnlyKeys("jane@acme.example");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEntryNeedsAnAddressAndAReason(Database db) {
        SuppressionList list = new SuppressionList(db.jdbc(), clock);

        assertThatThrownBy(() -> list.add("not-an-address", "x", "api")).hasMessageContaining("email");
        assertThatThrownBy(() -> list.add("a@b.example", " ", "api")).hasMessageContaining("reason");
        assertThatThrownBy(() -> list.add("a@b.example", "x".repeat(501), "api")).hasMessageContaining("500");
        assertThat(list.list(10, 0)).isEmpty();
    }
}
