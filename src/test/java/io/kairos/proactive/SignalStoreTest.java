package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The signal store on H2 (PostgreSQL mode) and on a real PostgreSQL: once per dedupe key, planning status. */
class SignalStoreTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    static Stream<Database> databases() {
        return DATABASES.stream();
    }


    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSignalIsStoredOncePerDedupeKey(Database db) {
        SignalStore store = new SignalStore(db.jdbc());
        Signal first = new Signal("sig-1", "evt:uuid-1", "platform-event", Signal.Type.ORDER_DELAY, "801A",
                Signal.Severity.HIGH, "Order 00123 is late", "New ETA Friday", null,
                T0.minusSeconds(3600), T0.plusSeconds(3600), null, T0);
        Signal redelivered = new Signal("sig-2", "evt:uuid-1", "platform-event", Signal.Type.ORDER_DELAY, "801A",
                Signal.Severity.LOW, "changed", null, null, null, null, null, T0.plusSeconds(5));

        assertThat(store.save(first)).isEqualTo(first);
        assertThat(store.save(redelivered)).as("the first delivery's signal").isEqualTo(first);

        assertThat(db.jdbc().queryForObject("select count(*) from signal", Integer.class)).isEqualTo(1);
        assertThat(store.find("sig-1")).contains(first);
        assertThat(store.find("sig-2")).isEmpty();
        assertThat(db.jdbc().queryForMap("select status, planned_count from signal"))
                .containsEntry("status", "RECEIVED").containsEntry("planned_count", 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void plannedCountsTheSignalsOutboxRowsAndFailedKeepsTheReason(Database db) {
        SignalStore store = new SignalStore(db.jdbc());
        Signal signal = store.save(new Signal("sig-1", "manual:k", "manual", Signal.Type.OUTAGE, null,
                Signal.Severity.NORMAL, "Down", null, null, null, null, "MailingCountry = 'DE'", T0));
        Outbox outbox = OutboxTest.outbox(db, new MutableClock(T0), 50);
        outbox.plan(signal, OutboxTest.recipients("a@x.example", "b@x.example", "c@x.example"), T0, "intercom");

        store.failed("sig-1", "Salesforce answered 503");
        assertThat(signalRow(db)).containsEntry("status", "FAILED").containsEntry("outcome", "Salesforce answered 503");

        // A re-plan after a crash adds only the rows the first run had not reached: the count stays the total.
        store.planned("sig-1", 1, null);
        assertThat(signalRow(db)).containsEntry("status", "PLANNED").containsEntry("planned_count", 3)
                .containsEntry("outcome", "planned 1 new message(s)");
        store.planned("sig-1", 0, "planned 0 new message(s) for intercom");
        assertThat(signalRow(db)).containsEntry("planned_count", 3)
                .containsEntry("outcome", "planned 0 new message(s) for intercom");
    }

    private static Map<String, Object> signalRow(Database db) {
        return db.jdbc().queryForMap("select status, planned_count, outcome from signal where id = 'sig-1'");
    }
}
