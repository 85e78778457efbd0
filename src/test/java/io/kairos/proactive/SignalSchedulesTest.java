package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.platform.Inbox;
import io.kairos.platform.InboxProperties;
import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Scheduled sources of the catalog: due runs claimed once across replicas, each record one signal per period. */
class SignalSchedulesTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final String SOQL = "SELECT Id FROM Order WHERE Status = 'Activated' AND EffectiveDate = TODAY";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final List<String> queries = new ArrayList<>();
    private List<String> answer = List.of("801000000000201AAA", "801000000000202AAA");

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDueScheduleRunsOnceAcrossReplicasAndEachRecordBecomesOneSignalPerPeriod(Database db) {
        empty(db);
        SignalSchedules replicaA = schedules(db);
        SignalSchedules replicaB = schedules(db);

        assertThat(replicaA.runDue()).isEqualTo(2);
        assertThat(replicaB.runDue()).as("claimed by the other replica this hour").isZero();
        assertThat(queries).containsExactly(SOQL);
        assertThat(db.jdbc().queryForList("select event_type || ' ' || source from inbox_event", String.class))
                .containsOnly("signal.ORDER_SHIPPING_TODAY schedule").hasSize(2);
        Signal stored = requests().fromJson(db.jdbc().queryForList("select payload from inbox_event order by event_id",
                String.class).get(0));
        assertThat(stored.type()).isEqualTo(Signal.Type.valueOf("ORDER_SHIPPING_TODAY"));
        assertThat(stored.recordId()).isEqualTo("801000000000201AAA");
        assertThat(stored.title()).isEqualTo("Your order ships today");
        assertThat(stored.severity()).isEqualTo(Signal.Severity.LOW);
        assertThat(stored.source()).isEqualTo("schedule");

        clock.advance(Duration.ofHours(1));
        answer = List.of("801000000000201AAA", "801000000000203AAA");
        assertThat(replicaB.runDue()).as("an hour later: due again; 201 already raised this day").isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        assertThat(replicaA.runDue()).as("the next day: a new period for every record").isEqualTo(2);
        assertThat(queries).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRunTheCrmRefusedIsDueAgainAtTheNextTick(Database db) {
        empty(db);
        SignalSchedules failing = new SignalSchedules(rules(), (soql, max) -> {
            throw new IllegalStateException("Salesforce is down");
        }, inbox(db), requests(), db.jdbc(), clock, Duration.ofSeconds(60), false);

        assertThat(failing.runDue()).isZero();
        assertThat(schedules(db).runDue()).as("not lost: another replica runs it at once").isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRunRefusedForTheCrmsBudgetWaitsItOutOnEveryReplica(Database db) {
        empty(db);
        SignalSchedules refused = new SignalSchedules(rules(), (soql, max) -> {
            throw new ScheduledRecords.Refused(Duration.ofMinutes(15), "REQUEST_LIMIT_EXCEEDED", null);
        }, inbox(db), requests(), db.jdbc(), clock, Duration.ofSeconds(60), false);

        assertThat(refused.runDue()).isZero();
        clock.advance(Duration.ofMinutes(14));
        assertThat(schedules(db).runDue()).as("still inside the CRM's while, on another replica too").isZero();
        assertThat(queries).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(schedules(db).runDue()).as("due once the while is over").isEqualTo(2);
        assertThat(queries).containsExactly(SOQL);
    }

    private static void empty(Database db) {
        db.jdbc().update("delete from signal_schedule");
        db.jdbc().update("delete from inbox_event");
    }

    private SignalSchedules schedules(Database db) {
        return new SignalSchedules(rules(), (soql, max) -> {
            queries.add(soql);
            return answer;
        }, inbox(db), requests(), db.jdbc(), clock, Duration.ofSeconds(60), false);
    }

    private ProactiveRules rules() {
        ProactiveRules rules = new ProactiveRules(TimingDecisionsTest.DEFAULTS,
                new ProactiveProperties("intercom", 10, null, null), clock);
        List<SignalKind> kinds = new ArrayList<>(SignalCatalog.BUILT_IN.kinds().values());
        kinds.add(new SignalKind(Signal.Type.valueOf("ORDER_SHIPPING_TODAY"), "", SignalKind.Audience.ORDER_CONTACT,
                Set.of(), List.of(new SignalKind.Schedule(Duration.ofHours(1), SOQL, "Your order ships today",
                        Signal.Severity.LOW, Duration.ofDays(1)))));
        rules.replaceCatalog(SignalCatalog.of(kinds));
        return rules;
    }

    private Inbox inbox(Database db) {
        return db.transactional(new Inbox(db.jdbc(), clock, new InboxProperties(Duration.ofMillis(250), 20,
                Duration.ofMinutes(2), 8, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofDays(7))));
    }

    private SignalRequests requests() {
        return new SignalRequests(new ProactiveProperties("intercom", 10, null, null), clock, (where, fields) -> { });
    }
}
