package io.kairos.timing;

import io.kairos.ledger.LedgerEntry;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import java.time.Instant;
import java.util.Map;

/** Signals, recipients and ledger entries for timing tests. */
final class TimingFixtures {

    static final String EMAIL = "ada@example.com";

    private TimingFixtures() {
    }

    static Signal signal(String id, Signal.Type type, String recordId, Signal.Severity severity, Instant endsAt) {
        return new Signal(id, "dedupe-" + id, "test", type, recordId, severity, "Title", "Body", "Widget", null,
                endsAt, null, Instant.parse("2026-01-01T00:00:00Z"));
    }

    static Signal delay(String id, String orderId) {
        return signal(id, Signal.Type.ORDER_DELAY, orderId, Signal.Severity.NORMAL, null);
    }

    static Recipient recipient(String timeZone) {
        return new Recipient("003A", EMAIL, "Ada", timeZone, false, Map.of());
    }

    static Recipient optedOut(String timeZone) {
        return new Recipient("003A", EMAIL, "Ada", timeZone, true, Map.of());
    }

    static LedgerEntry entry(Signal signal, LedgerEntry.Decision decision, Instant at) {
        return new LedgerEntry(EMAIL, signal.id(), signal.type().name(), signal.recordId(), "email", decision,
                null, null, null, at);
    }

    static LedgerEntry sent(String signalId, String recordId, Instant at) {
        return new LedgerEntry(EMAIL, signalId, Signal.Type.ANNOUNCEMENT.name(), recordId, "email",
                LedgerEntry.Decision.SENT, null, null, null, at);
    }
}
