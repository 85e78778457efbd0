package io.kairos.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.ledger.LedgerEntry.Decision;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ledger on H2 (PostgreSQL mode) and on a real PostgreSQL. */
class LedgerStoreTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void sentToListsOnlySentEntriesNewestFirstWhateverTheEmailCase(Database db) {
        LedgerStore ledger = new LedgerStore(db.jdbc());
        ledger.record(entry("Jane@Acme.example", "sig-1", Decision.SENT, T0));
        ledger.record(entry("jane@acme.example", "sig-2", Decision.DEFERRED, T0.plusSeconds(60)));
        ledger.record(entry(" JANE@ACME.EXAMPLE ", "sig-3", Decision.SENT, T0.plusSeconds(120)));
        ledger.record(entry("jane@acme.example", "sig-4", Decision.SUPPRESSED, T0.plusSeconds(180)));
        ledger.record(entry("jane@acme.example", "sig-5", Decision.SENT, T0.plusSeconds(30)));
        ledger.record(entry("omar@globex.example", "sig-6", Decision.SENT, T0.plusSeconds(240)));

        assertThat(ledger.sentTo("jAnE@acme.EXAMPLE", 10)).extracting(LedgerEntry::signalId)
                .containsExactly("sig-3", "sig-5", "sig-1");
        assertThat(ledger.sentTo("jane@acme.example", 2)).extracting(LedgerEntry::signalId)
                .containsExactly("sig-3", "sig-5");
        assertThat(ledger.sentTo("nobody@acme.example", 10)).isEmpty();
        assertThat(ledger.decisionsFor("JANE@acme.example", 10)).extracting(LedgerEntry::signalId)
                .containsExactly("sig-4", "sig-3", "sig-2", "sig-5", "sig-1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEntryReadsBackAsRecordedWithTheEmailNormalised(Database db) {
        LedgerStore ledger = new LedgerStore(db.jdbc());
        Instant at = Instant.parse("2026-11-20T08:15:30.123456Z");
        ledger.record(new LedgerEntry("Jane@Acme.example", "sig-1", "order_delayed", "801000000000001",
                "email", Decision.SENT, "sent", "quiet hours over", "Order 00000101 is delayed", at));

        assertThat(ledger.sentTo("jane@acme.example", 1)).containsExactly(new LedgerEntry("jane@acme.example",
                "sig-1", "order_delayed", "801000000000001", "email", Decision.SENT, "sent", "quiet hours over",
                "Order 00000101 is delayed", at));
    }

    private static LedgerEntry entry(String email, String signalId, Decision decision, Instant at) {
        return new LedgerEntry(email, signalId, "order_delayed", null, "email", decision, null, null, null, at);
    }
}
