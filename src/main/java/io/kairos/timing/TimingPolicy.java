package io.kairos.timing;

import io.kairos.ledger.LedgerEntry;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.timing.Decision.Outcome;
import io.kairos.timing.TimingRules.Cap;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides whether and when one proactive message may reach one contact, applying these rules in order, the first
 * that settles it wins:
 * <ol>
 *   <li>expiry: the signal's {@code endsAt} has passed (for OUTAGE: the maintenance is over) → SUPPRESS EXPIRED;</li>
 *   <li>dedup: the contact was already sent this signal, has it deferred, or has a send of it awaiting
 *       reconciliation → SUPPRESS DUPLICATE;</li>
 *   <li>suppression list: the contact is on Kairos's own list → SUPPRESS SUPPRESSION_LIST, on every channel;</li>
 *   <li>opt-out: email to a contact who opted out of email, or in-app when the rules say in-app respects that
 *       → SUPPRESS OPTED_OUT, whatever the severity;</li>
 *   <li>open ticket: the contact has an open ticket about this signal → HOLD_FOR_TICKET;</li>
 *   <li>frequency caps over the contact's sends → DEFER until the window frees (then quiet hours are checked at that
 *       moment) or SUPPRESS, per the rules → CAP_REACHED;</li>
 *   <li>quiet hours in the recipient's zone → DEFER to their end (QUIET_HOURS), unless a CRITICAL signal may
 *       bypass them (SEND CRITICAL_BYPASS);</li>
 *   <li>otherwise SEND now, OK;</li>
 * </ol>
 * and last, a deferral that would land at or after the signal's end is SUPPRESS EXPIRED instead.
 */
public final class TimingPolicy {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final TimingPolicySettings settings;
    private final Clock clock;

    public TimingPolicy(TimingPolicySettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Decides for a recipient whose account zone is unknown.
     *
     * @param channel "email" or "in_app"
     * @param history the contact's ledger entries, any order, any channel
     */
    public Decision decide(Signal signal, Recipient recipient, String channel, List<LedgerEntry> history,
                           Optional<OpenTicket> openTicket) {
        return decide(signal, recipient, channel, history, openTicket, Optional.empty());
    }

    /**
     * Decides with the account's zone as the fallback when the recipient has no (valid) zone of their own.
     *
     * @param channel "email" or "in_app"
     * @param history the contact's ledger entries, any order, any channel
     */
    public Decision decide(Signal signal, Recipient recipient, String channel, List<LedgerEntry> history,
                           Optional<OpenTicket> openTicket, Optional<ZoneId> accountZone) {
        return decide(signal, recipient, channel, history, new ContactFacts(openTicket, accountZone, Optional.empty()));
    }

    /**
     * Decides with everything the caller found out about the contact.
     *
     * @param channel "email" or "in_app"
     * @param history the contact's ledger entries, any order, any channel
     */
    public Decision decide(Signal signal, Recipient recipient, String channel, List<LedgerEntry> history,
                           ContactFacts facts) {
        Optional<OpenTicket> openTicket = facts.openTicket();
        Optional<ZoneId> accountZone = facts.accountZone();
        boolean email = isEmail(channel);
        Instant now = clock.instant();
        TimingRules rules = settings.forType(signal.type());

        if (signal.endsAt() != null && !signal.endsAt().isAfter(now)) {
            return suppress(ReasonCode.EXPIRED, "Suppressed: the " + describe(signal) + " ended at "
                    + UTC.format(signal.endsAt()) + ", before " + UTC.format(now) + ".");
        }
        Optional<String> duplicate = Dedup.findDuplicate(signal, history);
        if (duplicate.isPresent()) {
            return suppress(ReasonCode.DUPLICATE, "Suppressed: " + duplicate.get());
        }
        if (facts.suppressedBecause().isPresent()) {
            return suppress(ReasonCode.SUPPRESSION_LIST, "Suppressed: the contact is on Kairos's suppression list ("
                    + facts.suppressedBecause().get() + ").");
        }
        if (recipient.optedOutOfEmail() && (email || rules.inAppRespectsEmailOptOut())) {
            return suppress(ReasonCode.OPTED_OUT, email
                    ? "Suppressed: the contact opted out of email."
                    : "Suppressed: the contact opted out of email, and in-app messages respect that.");
        }
        if (openTicket.isPresent()) {
            OpenTicket ticket = openTicket.get();
            return new Decision(Outcome.HOLD_FOR_TICKET, null, ReasonCode.OPEN_TICKET,
                    "Held back: ticket #" + ticket.ticketId() + " (\"" + ticket.subject() + "\") is open about this "
                            + describe(signal) + "; it gets an internal note instead.", ticket);
        }

        ZoneChoice zone = ZoneChoice.of(recipient.timeZone(), accountZone, rules.defaultZone());
        QuietHours quiet = new QuietHours(rules.quietStart(), rules.quietEnd(), zone.zone());
        boolean bypassQuiet = signal.severity() == Signal.Severity.CRITICAL && rules.criticalBypassesQuietHours();

        // The later of the caps over every kind's sends and those over this kind's own.
        Optional<CapBlock> block = Stream.of(CapBlock.latest(rules.caps(), sends(history), now),
                        CapBlock.latest(rules.kindCaps(), sends(history.stream()
                                .filter(e -> signal.type().name().equals(e.signalType())).toList()), now))
                .flatMap(Optional::stream).max(Comparator.comparing(CapBlock::freesAt));
        if (block.isPresent()) {
            CapBlock cap = block.get();
            String capText = "cap of " + cap.cap().max() + (cap.cap().max() == 1 ? " message" : " messages")
                    + " per " + window(cap.cap().window()) + " reached";
            if (rules.overCap() == TimingRules.OverCap.SUPPRESS) {
                return suppress(ReasonCode.CAP_REACHED, "Suppressed: " + capText + ".");
            }
            Instant freed = cap.freesAt();
            Instant sendAt = bypassQuiet ? freed : quiet.nextAllowed(freed);
            String reason = capText + " until " + UTC.format(freed)
                    + (sendAt.equals(freed) ? "" : ", then " + quietText(quiet, zone));
            return defer(signal, sendAt, zone, ReasonCode.CAP_REACHED, reason);
        }

        if (quiet.contains(now)) {
            if (bypassQuiet) {
                return new Decision(Outcome.SEND, now, ReasonCode.CRITICAL_BYPASS, "Send now although it is "
                        + LOCAL.format(now.atZone(zone.zone())) + " " + zone.zone().getId() + ", inside "
                        + quietText(quiet, zone) + ": CRITICAL signals bypass quiet hours.");
            }
            return defer(signal, quiet.nextAllowed(now), zone, ReasonCode.QUIET_HOURS, quietText(quiet, zone));
        }
        return new Decision(Outcome.SEND, now, ReasonCode.OK, "Send now (" + LOCAL.format(now.atZone(zone.zone()))
                + " " + zone.zone().getId() + ", " + UTC.format(now) + "): outside "
                + (quiet.isEmpty() ? "quiet hours (none configured)" : quietText(quiet, zone)) + " and under every cap.");
    }

    private static boolean isEmail(String channel) {
        if ("email".equals(channel)) {
            return true;
        }
        if ("in_app".equals(channel)) {
            return false;
        }
        throw new IllegalArgumentException("channel must be \"email\" or \"in_app\", was " + channel);
    }

    /** The entries that count as a message the contact got, or may have got. */
    private static List<Instant> sends(List<LedgerEntry> history) {
        return history.stream()
                .filter(e -> e.decision() == LedgerEntry.Decision.SENT
                        || e.decision() == LedgerEntry.Decision.NEEDS_RECONCILE)
                .map(LedgerEntry::occurredAt)
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    private static Decision defer(Signal signal, Instant sendAt, ZoneChoice zone, ReasonCode code, String reason) {
        if (signal.endsAt() != null && !signal.endsAt().isAfter(sendAt)) {
            return suppress(ReasonCode.EXPIRED, "Suppressed: the earliest allowed moment, " + at(sendAt, zone)
                    + ", is not before the " + describe(signal) + " ends at " + UTC.format(signal.endsAt())
                    + " (" + reason + ").");
        }
        return new Decision(Outcome.DEFER, sendAt, code, "Deferred to " + at(sendAt, zone) + ": " + reason + ".");
    }

    private static Decision suppress(ReasonCode code, String sentence) {
        return new Decision(Outcome.SUPPRESS, null, code, sentence);
    }

    private static String at(Instant instant, ZoneChoice zone) {
        return LOCAL.format(instant.atZone(zone.zone())) + " " + zone.zone().getId() + " (" + UTC.format(instant) + ")";
    }

    private static String quietText(QuietHours quiet, ZoneChoice zone) {
        return "quiet hours " + LOCAL.format(quiet.start()) + "–" + LOCAL.format(quiet.end()) + " in " + zone.whose();
    }

    static String describe(Signal signal) {
        return signal.type() + (signal.recordId() == null ? " signal" : " signal " + signal.recordId());
    }

    static String window(Duration window) {
        if (window.toDaysPart() > 0 && window.equals(Duration.ofDays(window.toDays())) && window.toDays() > 1) {
            return window.toDays() + " days";
        }
        if (window.equals(Duration.ofHours(window.toHours()))) {
            return window.toHours() + " h";
        }
        if (window.equals(Duration.ofMinutes(window.toMinutes()))) {
            return window.toMinutes() + " min";
        }
        return window.toSeconds() + " s";
    }

    /** The zone quiet hours are read in, and whose it is, for the sentence. */
    private record ZoneChoice(ZoneId zone, String whose) {

        static ZoneChoice of(String recipientZone, Optional<ZoneId> accountZone, ZoneId defaultZone) {
            if (recipientZone != null && !recipientZone.isBlank()) {
                try {
                    return new ZoneChoice(ZoneId.of(recipientZone.trim()), "the recipient's time zone");
                } catch (DateTimeException unknownZone) {
                    // A CRM zone Java does not know is no reason to skip the message: fall back like a missing one.
                }
            }
            return accountZone
                    .map(zone -> new ZoneChoice(zone, "the account's time zone (" + zone.getId() + ")"))
                    .orElseGet(() -> new ZoneChoice(defaultZone,
                            "the default time zone (" + defaultZone.getId() + ")"));
        }
    }

    /** The cap that keeps the contact blocked the longest, and when it frees. */
    private record CapBlock(Cap cap, Instant freesAt) {

        /**
         * With sends newest first, a cap of N is free at t once the N-th newest send has left the window ending at t,
         * that is from that send plus the window on.
         */
        static Optional<CapBlock> latest(List<Cap> caps, List<Instant> sendsNewestFirst, Instant now) {
            CapBlock latest = null;
            for (Cap cap : caps) {
                if (sendsNewestFirst.size() < cap.max()) {
                    continue;
                }
                Instant freesAt = sendsNewestFirst.get(cap.max() - 1).plus(cap.window());
                if (freesAt.isAfter(now) && (latest == null || freesAt.isAfter(latest.freesAt()))) {
                    latest = new CapBlock(cap, freesAt);
                }
            }
            return Optional.ofNullable(latest);
        }
    }
}
