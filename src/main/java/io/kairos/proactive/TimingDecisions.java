package io.kairos.proactive;

import io.kairos.activity.ContactActivity;
import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import io.kairos.timing.ActivityHistogram;
import io.kairos.timing.ContactFacts;
import io.kairos.timing.Decision;
import io.kairos.timing.Decision.Outcome;
import io.kairos.timing.OpenTicket;
import io.kairos.timing.TimeZones;
import io.kairos.timing.TimingPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Asks the timing policy about a page of recipients while planning, and again about claimed messages right before
 * they are sent, fetching the contacts' history, open tickets and suppressions once per page or batch rather than
 * once per contact.
 */
@Component("timingDecisions")
public class TimingDecisions {

    private final ProactiveRules rules;
    private final LedgerStore ledger;
    private final Outbox outbox;
    private final OpenTickets openTickets;
    private final SuppressionList suppressions;
    private final ContactActivity activity;
    private final String intercomMessageType;
    private final Clock clock;

    public TimingDecisions(ProactiveRules rules, LedgerStore ledger, Outbox outbox, OpenTickets openTickets,
                           SuppressionList suppressions, ContactActivity activity, Clock clock,
                           @Value("${intercom.message-type:email}") String intercomMessageType) {
        this.rules = rules;
        this.ledger = ledger;
        this.outbox = outbox;
        this.openTickets = openTickets;
        this.suppressions = suppressions;
        this.activity = activity;
        this.intercomMessageType = intercomMessageType;
        this.clock = clock;
    }

    /** How a message of this outbox channel reaches the contact, in the policy's terms: a Zendesk ticket emails. */
    public String policyChannel(String outboxChannel) {
        return "intercom".equals(outboxChannel) && "in_app".equals(intercomMessageType) ? "in_app" : "email";
    }

    /**
     * Decides for every recipient of a page with an email, keyed by the normalised email. Besides the ledger, a
     * message of another signal already due for the contact counts as sent, so two signals planned in a row do
     * not both reach a contact over the caps.
     */
    public Map<String, Decision> forPage(Signal signal, List<Recipient> page, String outboxChannel) {
        Map<String, Recipient> byEmail = new LinkedHashMap<>();
        page.forEach(r -> {
            String email = Outbox.normalise(r.email());
            if (email != null && !email.isEmpty()) {
                byEmail.putIfAbsent(email, r);
            }
        });
        if (byEmail.isEmpty()) {
            return Map.of();
        }
        Instant now = clock.instant();
        TimingPolicy policy = rules.policy();
        Map<String, List<LedgerEntry>> history = ledger.historyFor(byEmail.keySet(), now.minus(rules.lookback()));
        outbox.pendingSends(byEmail.keySet(), signal.id(), now)
                .forEach(e -> history.computeIfAbsent(e.contactEmail(), k -> new ArrayList<>()).add(e));
        Map<String, OpenTicket> open = openTickets.whilePlanning(signal, byEmail);
        Map<String, String> suppressed = suppressions.reasonsFor(byEmail.keySet());
        Map<String, ActivityHistogram> active = activityOf(List.copyOf(byEmail.keySet()), byEmail.values().stream()
                .map(Recipient::variables).toList(), now);
        String channel = policyChannel(outboxChannel);
        Map<String, Decision> decisions = new HashMap<>();
        byEmail.forEach((email, recipient) -> decisions.put(email, policy.decide(signal, recipient, channel,
                history.getOrDefault(email, List.of()), facts(email, recipient.variables(), open, suppressed,
                        active))));
        return decisions;
    }

    /**
     * Re-decides claimed messages with fresh history, since caps and quiet hours may have changed since planning:
     * returns those that may go now; the others are deferred (attempt given back), suppressed or held out, with the
     * reason in the ledger. A message admitted earlier in the batch counts as sent for the later ones of the same contact.
     */
    public List<OutboxMessage> admit(List<OutboxMessage> claimed) {
        if (claimed.isEmpty()) {
            return claimed;
        }
        Instant now = clock.instant();
        TimingPolicy policy = rules.policy();
        List<String> emails = claimed.stream().map(m -> Outbox.normalise(m.contactEmail())).distinct().toList();
        Map<String, List<LedgerEntry>> history = ledger.historyFor(emails, now.minus(rules.lookback()));
        Map<String, String> suppressed = suppressions.reasonsFor(emails);
        Map<String, ActivityHistogram> active = activityOf(claimed.stream().map(m -> Outbox.normalise(
                m.contactEmail())).toList(), claimed.stream().map(OutboxMessage::variables).toList(), now);
        Map<Signal, Map<String, OpenTicket>> open = new HashMap<>();
        List<OutboxMessage> admitted = new ArrayList<>(claimed.size());
        for (OutboxMessage m : claimed) {
            String email = Outbox.normalise(m.contactEmail());
            List<LedgerEntry> contactHistory = history.computeIfAbsent(email, k -> new ArrayList<>());
            Recipient recipient = new Recipient(m.contactId(), m.contactEmail(), m.contactName(), m.timeZone(),
                    m.optedOutOfEmail(), m.variables());
            // A batch holds a few signals: one open-ticket query per signal, for the batch's contacts.
            Map<String, OpenTicket> openForSignal = open.computeIfAbsent(m.signal(),
                    signal -> openTickets.about(signal, emails));
            Decision decision = policy.decide(m.signal(), recipient, policyChannel(m.channel()), contactHistory,
                    facts(email, m.variables(), openForSignal, suppressed, active));
            if (decision.outcome() == Outcome.SEND) {
                admitted.add(decision.arm() == null ? m
                        : m.withVariable(OutboxMessage.SEND_TIME_ARM, decision.arm().column()));
                contactHistory.add(new LedgerEntry(email, m.signal().id(), m.signal().type().name(),
                        m.signal().recordId(), m.channel(), LedgerEntry.Decision.SENT, null, null, null, now));
            } else if (decision.outcome() == Outcome.DEFER) {
                outbox.defer(m, decision.sendAt(), decision.code().name(), decision.sentence());
            } else if (decision.outcome() == Outcome.HOLD_FOR_TICKET) {
                outbox.holdForTicket(m, decision.heldFor().ticketId(), decision.code().name(), decision.sentence());
            } else if (decision.outcome() == Outcome.HOLD_OUT) {
                outbox.markHeldOut(m, decision.code().name(), decision.sentence());
            } else {
                outbox.markSuppressed(m, decision.code().name(), decision.sentence());
            }
        }
        return admitted;
    }

    private static ContactFacts facts(String email, Map<String, String> variables, Map<String, OpenTicket> open,
                                      Map<String, String> suppressed, Map<String, ActivityHistogram> active) {
        return new ContactFacts(Optional.ofNullable(open.get(email)), accountZone(variables),
                Optional.ofNullable(suppressed.get(email)), Optional.ofNullable(active.get(email)));
    }

    /** The contacts' activity (their account's as the fallback), in one query for the page or batch. */
    private Map<String, ActivityHistogram> activityOf(List<String> emails, List<Map<String, String>> variables,
                                                      Instant now) {
        Map<String, String> accountOf = new HashMap<>();
        for (int i = 0; i < emails.size(); i++) {
            String account = variables.get(i).get(Recipient.ACCOUNT_ID);
            if (account != null && !account.isBlank()) {
                accountOf.putIfAbsent(emails.get(i), account);
            }
        }
        return activity.forContacts(new LinkedHashSet<>(emails), accountOf, now);
    }

    /** The account's zone from the recipient's variables, when the org keeps one and Java knows it. */
    private static Optional<ZoneId> accountZone(Map<String, String> variables) {
        return TimeZones.parse(variables.get(Recipient.ACCOUNT_TIME_ZONE));
    }
}
