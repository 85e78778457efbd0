package io.kairos.timing;

import io.kairos.ledger.LedgerEntry;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.timing.Decision.Outcome;
import io.kairos.timing.TimingRules.Cap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Decides whether and when one proactive message may reach one contact, applying these rules in order, the first
 * that settles it wins:
 * <ol>
 *   <li>expiry: the signal's {@code endsAt} has passed (for OUTAGE: the maintenance is over), or without one its
 *       kind's {@code expires-after} since it happened → SUPPRESS EXPIRED;</li>
 *   <li>dedup: the contact was already sent this signal (the same per the kind's dedup key and window), has it
 *       deferred, or has a send of it awaiting reconciliation → SUPPRESS DUPLICATE;</li>
 *   <li>suppression list: the contact is on Kairos's own list → SUPPRESS SUPPRESSION_LIST, on every channel;</li>
 *   <li>opt-out: email to a contact who opted out of email, or in-app when the rules say in-app respects that
 *       → SUPPRESS OPTED_OUT, whatever the severity;</li>
 *   <li>open ticket: the contact has an open ticket about this signal → HOLD_FOR_TICKET;</li>
 *   <li>control group: the kind has a holdout share, is not obligatory, the signal is not CRITICAL and the
 *       contact's deterministic draw ({@link Holdout}) falls below the share, or they were held out of the same
 *       signal before (by the dedup key) → HOLD_OUT CONTROL_GROUP, whatever caps, delay, window or quiet hours
 *       would have said, so the group is a share of all who would be told;</li>
 *   <li>frequency caps over the contact's sends → SUPPRESS CAP_REACHED when the rules say so, else the message
 *       waits until the window frees;</li>
 *   <li>the kind's delay: it waits until that long after the signal happened;</li>
 *   <li>the kind's send window, then quiet hours, in the recipient's zone: it waits for the window to open and quiet
 *       hours to end, until a moment satisfies both, unless a CRITICAL signal may bypass them;</li>
 *   <li>send-time: a NORMAL, LOW or HIGH signal to a contact with enough activity waits, within the kind's window,
 *       for the contact's usual active hour that those rules allow ({@link SendTime}) → SEND_TIME;</li>
 *   <li>a message that waits is DEFERRED to the earliest moment every rule allows, with the code of the first rule
 *       that made it wait (CAP_REACHED, DELAYED, SEND_WINDOW, QUIET_HOURS); a CRITICAL one that bypassed quiet hours
 *       or the window is SEND CRITICAL_BYPASS; otherwise SEND now, OK;</li>
 * </ol>
 * and last, a deferral that would land at or after the signal's end is SUPPRESS EXPIRED instead.
 */
public final class TimingPolicy {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("HH:mm");

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

        Expiry expiry = Expiry.of(signal, rules);
        if (expiry != null && !expiry.at().isAfter(now)) {
            return suppress(ReasonCode.EXPIRED, "Suppressed: the " + describe(signal) + " " + expiry.ended()
                    + ", before " + UtcText.of(now) + ".");
        }
        Optional<String> duplicate = Dedup.findDuplicate(signal, history, rules, now);
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
        Holdout holdout = rules.holdout();
        if (holdout.active() && signal.severity() != Signal.Severity.CRITICAL) {
            Optional<LedgerEntry> earlier = Dedup.heldOutBefore(signal, history, rules, now);
            if (earlier.isPresent()) {
                return new Decision(Outcome.HOLD_OUT, null, ReasonCode.CONTROL_GROUP, "Held out: the contact is in "
                        + "the control group of the same " + describe(signal) + " since "
                        + UtcText.of(earlier.get().occurredAt()) + "; not messaged, so the message's effect can be "
                        + "measured.");
            }
            if (holdout.drawsOut(signal.dedupeKey(), recipient.email())) {
                return new Decision(Outcome.HOLD_OUT, null, ReasonCode.CONTROL_GROUP, "Held out: drawn into the "
                        + "control group of " + signal.type() + " (" + holdout.percent() + " of eligible contacts); "
                        + "not messaged, so the message's effect can be measured.");
            }
        }

        ZoneChoice zone = ZoneChoice.of(recipient.timeZone(), accountZone, rules.defaultZone());
        QuietHours quiet = new QuietHours(rules.quietStart(), rules.quietEnd(), zone.zone());
        SendWindow sendWindow = rules.sendWindow();
        boolean bypassQuiet = signal.severity() == Signal.Severity.CRITICAL && rules.criticalBypassesQuietHours();

        // The later of the caps over every kind's sends and those over this kind's own.
        Optional<CapBlock> block = Stream.of(CapBlock.latest(rules.caps(), sends(history), now),
                        CapBlock.latest(rules.kindCaps(), sends(history.stream()
                                .filter(e -> signal.type().name().equals(e.signalType())).toList()), now))
                .flatMap(Optional::stream).max(Comparator.comparing(CapBlock::freesAt));
        Wait wait = new Wait(now);
        if (block.isPresent()) {
            CapBlock cap = block.get();
            String capText = "cap of " + cap.cap().max() + (cap.cap().max() == 1 ? " message" : " messages")
                    + " per " + window(cap.cap().window()) + " reached";
            if (rules.overCap() == TimingRules.OverCap.SUPPRESS) {
                return suppress(ReasonCode.CAP_REACHED, "Suppressed: " + capText + ".");
            }
            wait.until(cap.freesAt(), ReasonCode.CAP_REACHED, () -> capText + " until " + UtcText.of(cap.freesAt()));
        }
        Instant happened = happenedAt(signal);
        // Without a delay the signal's own times never hold it back (an announcement's startsAt may lie ahead).
        if (happened != null && !rules.delay().isZero()) {
            wait.until(happened.plus(rules.delay()), ReasonCode.DELAYED, () -> "the " + signal.type()
                    + " signal waits " + span(rules.delay()) + " after it happened (" + UtcText.of(happened) + ")");
        }
        SendTimeArm arm = null;
        if (!bypassQuiet) {
            untilAllowed(wait, sendWindow, quiet, zone, signal, now);
            Optional<SendTime.Choice> moment = sendTime(signal, facts, wait.at(), expiry, now, from -> {
                Wait settled = new Wait(from);
                untilAllowed(settled, sendWindow, quiet, zone, signal, now);
                return settled.at();
            });
            SendTimeRules sendTimeRules = settings.sendTimeFor(signal.type());
            if (moment.isPresent() && sendTimeRules.experiment()) {
                arm = sendTimeRules.sentAtOnce(signal.dedupeKey(), recipient.email()) ? SendTimeArm.AT_ONCE
                        : SendTimeArm.ACTIVE;
            }
            if (arm == SendTimeArm.AT_ONCE) {
                // The experiment's control arm: the moment the other rules give, as without send-time.
                moment = Optional.empty();
            }
            if (moment.isPresent() && moment.get().at().isAfter(wait.at())) {
                wait.until(moment.get().at(), ReasonCode.SEND_TIME, moment.get()::reason);
            } else if (moment.isPresent() && wait.code() == null) {
                return inArm(arm, new Decision(Outcome.SEND, now, ReasonCode.SEND_TIME, "Send now ("
                        + LOCAL.format(now.atZone(zone.zone())) + " " + zone.zone().getId() + ", " + UtcText.of(now)
                        + "): " + moment.get().reason() + ", outside "
                        + (quiet.isEmpty() ? "quiet hours (none configured)" : quietText(quiet, zone))
                        + (sendWindow == null ? "" : ", inside the send window " + sendWindow.describe())
                        + " and under every cap."));
            }
        }
        if (wait.code() != null) {
            return inArm(arm, defer(signal, expiry, wait.at(), zone, wait.code(), wait.reason()));
        }

        boolean outsideWindow = sendWindow != null && !sendWindow.contains(now, zone.zone());
        if (quiet.contains(now) || outsideWindow) {
            // Only a CRITICAL signal that may bypass them gets here.
            return new Decision(Outcome.SEND, now, ReasonCode.CRITICAL_BYPASS, "Send now although it is "
                    + LOCAL.format(now.atZone(zone.zone())) + " " + zone.zone().getId() + ", "
                    + (quiet.contains(now) ? "inside " + quietText(quiet, zone) : "outside "
                    + windowText(sendWindow, zone)) + ": CRITICAL signals bypass quiet hours"
                    + (sendWindow == null ? "." : " and send windows."));
        }
        return inArm(arm, new Decision(Outcome.SEND, now, ReasonCode.OK, "Send now ("
                + LOCAL.format(now.atZone(zone.zone())) + " " + zone.zone().getId() + ", " + UtcText.of(now)
                + "): outside " + (quiet.isEmpty() ? "quiet hours (none configured)" : quietText(quiet, zone))
                + (sendWindow == null ? "" : ", inside the send window " + sendWindow.describe())
                + " and under every cap."));
    }

    /**
     * Marks a send or deferral with the send-time experiment's arm; the control arm keeps its code (OK, QUIET_HOURS,
     * …) and its sentence says it went at once on purpose.
     */
    private static Decision inArm(SendTimeArm arm, Decision decision) {
        if (arm == null || (decision.outcome() != Outcome.SEND && decision.outcome() != Outcome.DEFER)) {
            return decision;
        }
        if (arm != SendTimeArm.AT_ONCE) {
            return decision.inArm(arm);
        }
        String sentence = decision.sentence().endsWith(".")
                ? decision.sentence().substring(0, decision.sentence().length() - 1) : decision.sentence();
        return new Decision(decision.outcome(), decision.sendAt(), decision.code(), sentence
                + (decision.outcome() == Outcome.SEND ? "; send-time experiment: sent at once (control)."
                : "; send-time experiment: at the earliest allowed moment, not the active hour (control)."),
                null, arm);
    }

    /**
     * Opening the window may land in quiet hours and their end outside the window: repeat until neither moves it.
     * Quiet hours leave some of every window free (TimingRules checks), so a few rounds settle it.
     */
    private static void untilAllowed(Wait wait, SendWindow sendWindow, QuietHours quiet, ZoneChoice zone,
                                     Signal signal, Instant now) {
        for (int round = 0; ; round++) {
            if (round == 32) {
                throw new IllegalStateException("no moment inside the send window and outside " + quietText(quiet,
                        zone) + " found after " + UtcText.of(now) + " for the " + describe(signal));
            }
            Instant before = wait.at();
            if (sendWindow != null) {
                wait.until(sendWindow.nextOpen(wait.at(), zone.zone()), ReasonCode.SEND_WINDOW,
                        () -> windowText(sendWindow, zone));
            }
            wait.until(quiet.nextAllowed(wait.at()), ReasonCode.QUIET_HOURS, () -> quietText(quiet, zone));
            if (wait.at().equals(before)) {
                return;
            }
        }
    }

    /**
     * The contact's usual active moment after {@code from}, when send-time is on for the kind, the signal is not
     * CRITICAL and the contact has enough recent activity. The wait is bounded by the kind's window past
     * {@code from}, and also past when Kairos received the signal (plus its delay): a re-decision at dispatch, after
     * the contact's habits changed, cannot push the message on window after window.
     */
    private Optional<SendTime.Choice> sendTime(Signal signal, ContactFacts facts, Instant from, Expiry expiry,
                                               Instant now, UnaryOperator<Instant> settle) {
        SendTimeRules rules = settings.sendTimeFor(signal.type());
        if (!rules.on() || signal.severity() == Signal.Severity.CRITICAL || facts.activity().isEmpty()
                || !facts.activity().get().isEnough(now)) {
            return Optional.empty();
        }
        Duration window = signal.severity() == Signal.Severity.HIGH ? rules.highWindow() : rules.window();
        Instant latest = from.plus(window);
        if (signal.receivedAt() != null) {
            Instant anchored = signal.receivedAt().plus(settings.forType(signal.type()).delay()).plus(window);
            latest = anchored.isBefore(from) ? from : anchored.isBefore(latest) ? anchored : latest;
        }
        return SendTime.choose(facts.activity().get(), signal.severity(), from, latest,
                expiry == null ? null : expiry.at(), now, settle);
    }

    /**
     * When the signal happened, the moment its delay and expires-after count from: its start (a change event's
     * commit, a scheduled run, an API signal's startsAt) or else when Kairos received it; both are stored with the
     * signal, so every re-decision counts from the same moment.
     */
    static Instant happenedAt(Signal signal) {
        return signal.startsAt() != null ? signal.startsAt() : signal.receivedAt();
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

    private static Decision defer(Signal signal, Expiry expiry, Instant sendAt, ZoneChoice zone, ReasonCode code,
                                  String reason) {
        if (expiry != null && !expiry.at().isAfter(sendAt)) {
            return suppress(ReasonCode.EXPIRED, "Suppressed: the earliest allowed moment, " + at(sendAt, zone)
                    + ", is not before the " + describe(signal) + " " + expiry.ends() + " (" + reason + ").");
        }
        return new Decision(Outcome.DEFER, sendAt, code, "Deferred to " + at(sendAt, zone) + ": " + reason + ".");
    }

    private static Decision suppress(ReasonCode code, String sentence) {
        return new Decision(Outcome.SUPPRESS, null, code, sentence);
    }

    private static String at(Instant instant, ZoneChoice zone) {
        return LOCAL.format(instant.atZone(zone.zone())) + " " + zone.zone().getId() + " (" + UtcText.of(instant) + ")";
    }

    private static String quietText(QuietHours quiet, ZoneChoice zone) {
        return "quiet hours " + LOCAL.format(quiet.start()) + "–" + LOCAL.format(quiet.end()) + " in " + zone.whose();
    }

    private static String windowText(SendWindow window, ZoneChoice zone) {
        return "the send window " + window.describe() + " in " + zone.whose();
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

    /** "1 day", "7 days", else as a cap window ("36 h"). */
    static String span(Duration duration) {
        if (duration.toDaysPart() > 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
            return duration.toDays() == 1 ? "1 day" : duration.toDays() + " days";
        }
        return window(duration);
    }

    /** When the signal is over: its own end, else expires-after past when it happened; null when it never is. */
    private record Expiry(Instant at, String ended, String ends) {

        static Expiry of(Signal signal, TimingRules rules) {
            if (signal.endsAt() != null) {
                String at = "at " + UtcText.of(signal.endsAt());
                return new Expiry(signal.endsAt(), "ended " + at, "ends " + at);
            }
            Instant happened = happenedAt(signal);
            if (rules.expiresAfter() == null || happened == null) {
                return null;
            }
            Instant at = happened.plus(rules.expiresAfter());
            String when = "at " + UtcText.of(at) + ", " + span(rules.expiresAfter()) + " after it happened";
            return new Expiry(at, "expired " + when, "expires " + when);
        }
    }

    /**
     * The moment a message may go, moved later by each rule that holds it back: the first rule that moved it names the
     * decision, and the sentence gives each rule's reason in turn.
     */
    private static final class Wait {

        private Instant at;
        private ReasonCode code;
        private final Set<String> reasons = new LinkedHashSet<>();

        Wait(Instant now) {
            this.at = now;
        }

        void until(Instant later, ReasonCode why, Supplier<String> reason) {
            if (later.isAfter(at)) {
                at = later;
                code = code == null ? why : code;
                reasons.add(reason.get());
            }
        }

        Instant at() {
            return at;
        }

        ReasonCode code() {
            return code;
        }

        String reason() {
            return String.join(", then ", reasons);
        }
    }

    /** The zone quiet hours are read in, and whose it is, for the sentence. */
    private record ZoneChoice(ZoneId zone, String whose) {

        static ZoneChoice of(String recipientZone, Optional<ZoneId> accountZone, ZoneId defaultZone) {
            Optional<ZoneId> own = TimeZones.parse(recipientZone);
            if (own.isPresent()) {
                return new ZoneChoice(own.get(), "the recipient's time zone");
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
