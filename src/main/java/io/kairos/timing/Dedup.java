package io.kairos.timing;

import io.kairos.ledger.LedgerEntry;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalRecordIds;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds whether a contact's history already holds this signal, as the kind's dedup key says: by default the same type
 * and record, or the same signal id when the signal names no record (an announcement is not a duplicate of another
 * announcement); only the same signal id; or any signal of the kind; counting only entries within the dedup window
 * when the kind has one.
 */
final class Dedup {


    private Dedup() {
    }

    /**
     * A SENT, NOTED or NEEDS_RECONCILE entry of the signal is a duplicate, unless an admin's REPLAYED entry of the
     * signal is newer; so is a deferral still pending (the latest entry of its signal id is DEFERRED), except this
     * very signal's own, which is the message now being re-checked.
     *
     * @return the sentence's explanation when the history holds the signal
     */
    static Optional<String> findDuplicate(Signal signal, List<LedgerEntry> history, TimingRules rules, Instant now) {
        Instant since = rules.dedupWindow() == null ? null : now.minus(rules.dedupWindow());
        List<LedgerEntry> same = history.stream()
                .filter(e -> isSameSignal(signal, e, rules.dedup()))
                .filter(e -> since == null || e.occurredAt().isAfter(since))
                .sorted(Comparator.comparing(LedgerEntry::occurredAt).reversed())
                .toList();
        String what = rules.dedup() == TimingRules.DedupKey.CONTACT
                ? signal.type() + " signal (one per contact in " + TimingPolicy.span(rules.dedupWindow()) + ")"
                : TimingPolicy.describe(signal);
        for (LedgerEntry entry : same) {
            // An admin replayed the failed or unreconciled send: what came before it no longer settles the signal.
            if (entry.decision() == LedgerEntry.Decision.REPLAYED) {
                break;
            }
            if (entry.decision() == LedgerEntry.Decision.SENT) {
                return Optional.of("the contact was already sent the " + what + " at "
                        + UtcText.of(entry.occurredAt()) + ".");
            }
            if (entry.decision() == LedgerEntry.Decision.NOTED) {
                return Optional.of("the contact's open ticket got an internal note about the " + what + " at "
                        + UtcText.of(entry.occurredAt()) + " instead of a message.");
            }
            if (entry.decision() == LedgerEntry.Decision.NEEDS_RECONCILE) {
                return Optional.of("a send of the " + what + " at " + UtcText.of(entry.occurredAt())
                        + " may have reached the contact and awaits reconciliation.");
            }
        }
        Map<String, LedgerEntry> latestPerSignal = new LinkedHashMap<>();
        same.forEach(entry -> latestPerSignal.putIfAbsent(entry.signalId(), entry));
        for (LedgerEntry latest : latestPerSignal.values()) {
            if (latest.decision() == LedgerEntry.Decision.DEFERRED && !Objects.equals(latest.signalId(), signal.id())) {
                return Optional.of("the " + what + " is already deferred for the contact (decided "
                        + UtcText.of(latest.occurredAt()) + ").");
            }
        }
        return Optional.empty();
    }

    /**
     * The contact's latest HELD_OUT entry of a signal that is the same as this one by the kind's dedup key and window:
     * a repeat (another change event about the same record) must not message the control group of the first.
     */
    static Optional<LedgerEntry> heldOutBefore(Signal signal, List<LedgerEntry> history, TimingRules rules,
                                               Instant now) {
        Instant since = rules.dedupWindow() == null ? null : now.minus(rules.dedupWindow());
        return history.stream()
                .filter(e -> e.decision() == LedgerEntry.Decision.HELD_OUT)
                .filter(e -> isSameSignal(signal, e, rules.dedup()))
                .filter(e -> since == null || e.occurredAt().isAfter(since))
                .max(Comparator.comparing(LedgerEntry::occurredAt));
    }

    private static boolean isSameSignal(Signal signal, LedgerEntry entry, TimingRules.DedupKey key) {
        if (key == TimingRules.DedupKey.CONTACT) {
            return signal.type().name().equals(entry.signalType());
        }
        if (key == TimingRules.DedupKey.SIGNAL || signal.recordId() == null) {
            return signal.id() != null && signal.id().equals(entry.signalId());
        }
        return signal.type().name().equals(entry.signalType())
                && SignalRecordIds.sameRecord(signal.recordId(), entry.recordId());
    }
}
