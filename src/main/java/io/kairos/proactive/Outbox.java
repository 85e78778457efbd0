package io.kairos.proactive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerEntry.Decision;
import io.kairos.ledger.LedgerStore;
import io.kairos.platform.Backoff;
import io.kairos.platform.KeyedQueries;
import io.kairos.timing.Decision.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The durable outbox of planned proactive messages, one per (signal, contact), and its state machine.
 * Claims use {@code FOR UPDATE SKIP LOCKED} and a lease; every later change is fenced on the claim (status and
 * attempt number), so a dispatcher whose lease expired cannot overwrite the decision of the one that took over.
 * A message whose request may have gone out is never put back for sending: it waits for reconciliation.
 */
@Component("outbox")
public class Outbox {

    static final String PLANNED = "PLANNED";
    static final String CLAIMED = "CLAIMED";
    static final String SENDING = "SENDING";
    static final String SENT = "SENT";
    static final String FAILED = "FAILED";
    static final String NEEDS_RECONCILE = "NEEDS_RECONCILE";
    static final String SUPPRESSED = "SUPPRESSED";
    static final String NOTED = "NOTED";
    /** Drawn into the kind's control group: never claimed, never sent, counted against those who were told. */
    static final String HELD_OUT = "HELD_OUT";
    /** The channel of a message held back for an open ticket: an internal note on that ticket instead. */
    public static final String TICKET_NOTE = "zendesk_note";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> VARIABLES = new TypeReference<>() { };

    private static final RowMapper<Row> ROW = (rs, i) -> new Row(rs.getLong("id"), rs.getString("signal_id"),
            rs.getString("contact_email"), rs.getString("contact_id"), rs.getString("contact_name"),
            rs.getString("time_zone"), rs.getBoolean("opted_out_of_email"), rs.getString("channel"),
            rs.getString("variables"),
            rs.getTimestamp("send_at").toInstant(), rs.getString("status"), rs.getInt("attempts"),
            (Long) rs.getObject("ticket_id", Long.class));

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final OutboxProperties properties;
    private final LedgerStore ledger;

    public Outbox(JdbcTemplate jdbc, Clock clock, OutboxProperties properties, LedgerStore ledger) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.ledger = ledger;
    }

    /**
     * Plans one message per recipient with an email (lower-cased, trimmed; repeats within the page collapse), all
     * due at {@code sendAt}; a recipient the signal already has a message for is left alone, so re-planning never
     * duplicates.
     *
     * @return the number of messages this call added
     */
    public int plan(Signal signal, List<Recipient> recipients, Instant sendAt, String channel) {
        return plan(signal, recipients, email -> null, sendAt, channel);
    }

    /**
     * Plans one message per recipient as the timing policy decided (keyed by normalised email): SEND and DEFER
     * become PLANNED at the decision's send-at, SUPPRESS a SUPPRESSED row, HOLD_FOR_TICKET a note due now on the
     * open ticket ({@link #TICKET_NOTE}), HOLD_OUT a HELD_OUT row; a deferral, suppression, hold or holdout is also
     * written to the ledger with its reason, in the same transaction, for new rows only.
     *
     * @return the number of messages this call added, suppressed ones included
     */
    @Transactional
    public int plan(Signal signal, List<Recipient> recipients, Map<String, io.kairos.timing.Decision> decisions,
                    String channel) {
        return plan(signal, recipients, decisions::get, clock.instant(), channel);
    }

    private int plan(Signal signal, List<Recipient> recipients,
                     Function<String, io.kairos.timing.Decision> decisions, Instant sendNow, String channel) {
        Map<String, Recipient> byEmail = new LinkedHashMap<>();
        for (Recipient recipient : recipients) {
            String email = normalise(recipient.email());
            // Longer than an address can be (RFC 5321): not a contact a message could reach.
            if (email != null && !email.isEmpty() && email.length() <= 320) {
                byEmail.putIfAbsent(email, recipient);
            }
        }
        if (byEmail.isEmpty()) {
            return 0;
        }
        OffsetDateTime now = now();
        List<Object[]> rows = new ArrayList<>(byEmail.size());
        List<LedgerEntry> decided = new ArrayList<>();
        byEmail.forEach((email, r) -> {
            io.kairos.timing.Decision decision = decisions.apply(email);
            Instant at = decision == null || decision.sendAt() == null ? sendNow : decision.sendAt();
            Outcome outcome = decision == null ? Outcome.SEND : decision.outcome();
            boolean held = outcome == Outcome.HOLD_FOR_TICKET;
            boolean explained = outcome != Outcome.SEND;
            rows.add(new Object[] {signal.id(), email, r.contactId(), cut(r.name(), 255), r.timeZone(),
                    r.optedOutOfEmail(), held ? TICKET_NOTE : channel, toJson(r.variables()),
                    at.atOffset(ZoneOffset.UTC), status(outcome),
                    explained ? decision.code().name() : null, explained ? cut(decision.sentence(), 2000) : null,
                    held ? decision.heldFor().ticketId() : null, now, now});
            decided.add(explained ? new LedgerEntry(email, signal.id(), signal.type().name(), signal.recordId(),
                    channel, ledgerDecision(outcome), decision.code().name(),
                    cut(decision.sentence(), 2000), summary(signal), now.toInstant()) : null);
        });
        int[] counts = jdbc.batchUpdate("""
                insert into outbox_message (signal_id, contact_email, contact_id, contact_name, time_zone,
                                            opted_out_of_email, channel, variables, send_at, status, reason_code,
                                            reason, ticket_id, attempts, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                on conflict do nothing""", rows);
        // 1 = inserted, 0 = already planned; a driver rewriting batches would report -2 (no info) and count 0.
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && decided.get(i) != null) {
                entries.add(decided.get(i));
            }
        }
        ledger.recordAll(entries);
        return Arrays.stream(counts).filter(count -> count > 0).sum();
    }

    /** The row a planning decision becomes: a hold for a ticket is a note planned on it. */
    private static String status(Outcome outcome) {
        return switch (outcome) {
            case SEND, DEFER, HOLD_FOR_TICKET -> PLANNED;
            case SUPPRESS -> SUPPRESSED;
            case HOLD_OUT -> HELD_OUT;
        };
    }

    /** The ledger entry of a planning decision that is not a plain send; the hold counts as a suppression. */
    private static Decision ledgerDecision(Outcome outcome) {
        return switch (outcome) {
            case DEFER -> Decision.DEFERRED;
            case SUPPRESS, HOLD_FOR_TICKET -> Decision.SUPPRESSED;
            case HOLD_OUT -> Decision.HELD_OUT;
            case SEND -> throw new IllegalArgumentException("a send is written to the ledger when it is sent");
        };
    }

    /**
     * The messages of other signals due for these contacts by {@code now} and not finished yet, as if sent at their
     * send-at: the timing policy counts them against the caps and for dedup while planning. A ticket note is no
     * message to the contact and does not count.
     */
    public List<LedgerEntry> pendingSends(Collection<String> emails, String exceptSignalId, Instant now) {
        return KeyedQueries.query(jdbc, """
                select o.contact_email, o.signal_id, s.type, s.record_id, o.channel, o.send_at
                from %s join outbox_message o on o.contact_email = wanted.k
                     join signal s on s.id = o.signal_id
                where o.status in ('PLANNED', 'CLAIMED', 'SENDING')
                  and o.channel <> 'zendesk_note' and o.signal_id <> ? and o.send_at <= ?""".formatted(
                        KeyedQueries.WANTED), emails,
                (rs, i) -> new LedgerEntry(rs.getString("contact_email"), rs.getString("signal_id"),
                        rs.getString("type"), rs.getString("record_id"), rs.getString("channel"), Decision.SENT,
                        null, null, null, rs.getTimestamp("send_at").toInstant()),
                exceptSignalId, now.atOffset(ZoneOffset.UTC));
    }

    /**
     * Claims up to {@code batchSize} due PLANNED messages of one channel, oldest send-at first, and leases them:
     * each channel's dispatcher takes only the messages it can send. First recovers messages of any channel whose
     * lease expired (recovery decides nothing a channel could: a CLAIMED one was never sent and is planned again,
     * or fails once it used up its attempts; a SENDING one may have been sent and becomes NEEDS_RECONCILE).
     */
    @Transactional
    public List<OutboxMessage> claimDue(String channel) {
        return claimDue(channel, properties.batchSize());
    }

    /**
     * Claims as {@link #claimDue(String)}, but at most {@code sendable} messages (and never more than the batch
     * size): a dispatcher whose rate is shared by every replica claims only what it can send well within the
     * lease, so no claimed message waits out its lease for a permit.
     */
    @Transactional
    public List<OutboxMessage> claimDue(String channel, int sendable) {
        int limit = Math.max(1, Math.min(sendable, properties.batchSize()));
        OffsetDateTime now = now();
        recoverExpiredLeases(now);
        List<Row> due = jdbc.query("""
                select * from outbox_message
                where status = 'PLANNED' and channel = ? and send_at <= ?
                order by send_at, id
                limit ?
                for update skip locked""", ROW, channel, now, limit);
        if (due.isEmpty()) {
            return List.of();
        }
        OffsetDateTime leaseUntil = now.plus(properties.lease());
        jdbc.batchUpdate("""
                update outbox_message set status = 'CLAIMED', lease_until = ?, attempts = attempts + 1, updated_at = ?
                where id = ? and status = 'PLANNED'""",
                due.stream().map(row -> new Object[] {leaseUntil, now, row.id()}).toList());
        Map<String, Signal> signals = signals(due);
        return due.stream().map(row -> row.message(signals.get(row.signalId()), row.attempts() + 1)).toList();
    }

    /**
     * CLAIMED → SENDING, right before the request goes out; renews the lease for the request's duration.
     * False: the claim is no longer this dispatcher's, and it must not send.
     */
    public boolean markSending(OutboxMessage m) {
        OffsetDateTime now = now();
        return jdbc.update("""
                update outbox_message set status = 'SENDING', lease_until = ?, updated_at = ?
                where id = ? and status = 'CLAIMED' and attempts = ?""",
                now.plus(properties.lease()), now, m.id(), m.attempts()) == 1;
    }

    /** SENDING → SENT with the channel's id for the message, and the ledger entry, in one transaction. */
    @Transactional
    public boolean markSent(OutboxMessage m, String externalId) {
        if (jdbc.update("""
                update outbox_message set status = 'SENT', external_id = ?, reason_code = null, reason = null,
                                          lease_until = null, updated_at = ?
                where id = ? and status = 'SENDING' and attempts = ?""",
                cut(externalId, 100), now(), m.id(), m.attempts()) != 1) {
            return false;
        }
        // The language it went out in, and a fallback as its reason code (MessageLanguages); the send-time
        // experiment's arm in its own column, which the Impact report reads.
        record(m, Decision.SENT,
                "true".equals(m.variables().get(MessageLanguages.LANGUAGE_FALLBACK)) ? "LANGUAGE_FALLBACK" : null,
                m.variables().get(MessageLanguages.LANGUAGE_NOTE), m.variables().get(OutboxMessage.SEND_TIME_ARM));
        return true;
    }

    /**
     * The contact answered the message the channel knows as {@code externalId} (Intercom: a conversation whose source
     * is that message): keeps the earliest answer, so a redelivered or late notification changes nothing. False when
     * nothing changed: Kairos sent no such message (a conversation it did not start), or an earlier answer stays.
     */
    public boolean markAnswered(String channel, String externalId, Instant at) {
        if (externalId == null || externalId.isBlank()) {
            return false;
        }
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        return jdbc.update("""
                update outbox_message set answered_at = ?
                where external_id = ? and channel = ? and status = 'SENT'
                  and (answered_at is null or answered_at > ?)""", when, cut(externalId, 100), channel, when) == 1;
    }

    /**
     * The message the channel knows as {@code externalId}, when Kairos sent it; its time is when it was recorded
     * SENT (a later answer does not move it).
     */
    public Optional<SentMessage> sent(String channel, String externalId) {
        if (externalId == null || externalId.isBlank()) {
            return Optional.empty();
        }
        return jdbc.query("""
                select s.*, o.updated_at as sent_at from outbox_message o join signal s on s.id = o.signal_id
                where o.external_id = ? and o.channel = ? and o.status = 'SENT'
                order by o.id limit 1""", (rs, i) -> {
                    Signal signal = SignalStore.SIGNAL.mapRow(rs, i);
                    return new SentMessage(signal.type().name(), MessageTemplates.subject(signal),
                            rs.getTimestamp("sent_at").toInstant());
                }, cut(externalId, 100), channel).stream().findFirst();
    }

    /**
     * SENDING → NOTED: the internal note about a held-back message is on its ticket; the ledger says so (NOTED, which
     * counts for dedup but not against the caps, since the contact got no message).
     */
    @Transactional
    public boolean markNoted(OutboxMessage m) {
        if (jdbc.update("""
                update outbox_message set status = 'NOTED', external_id = ?, lease_until = null, updated_at = ?
                where id = ? and status = 'SENDING' and attempts = ? and channel = 'zendesk_note'""",
                String.valueOf(m.ticketId()), now(), m.id(), m.attempts()) != 1) {
            return false;
        }
        record(m, Decision.NOTED, "OPEN_TICKET", "Internal note added to open ticket #" + m.ticketId()
                + " instead of a proactive message.");
        return true;
    }

    /**
     * The timing policy held a claimed message back at dispatch because the contact has an open ticket about its
     * signal (opened since planning): the message becomes a note due now on that ticket, the attempt is given back,
     * and the hold is written to the ledger as a suppression of the message.
     */
    @Transactional
    public boolean holdForTicket(OutboxMessage m, long ticketId, String reasonCode, String reason) {
        if (jdbc.update("""
                update outbox_message set status = 'PLANNED', channel = 'zendesk_note', ticket_id = ?, send_at = ?,
                                          reason_code = ?, reason = ?, lease_until = null, attempts = attempts - 1,
                                          updated_at = ?
                where id = ? and status in ('CLAIMED', 'SENDING') and attempts = ?""",
                ticketId, now(), cut(reasonCode, 64), cut(reason, 2000), now(), m.id(), m.attempts()) != 1) {
            return false;
        }
        record(m, Decision.SUPPRESSED, reasonCode, reason);
        return true;
    }

    /**
     * Puts a claimed message back to PLANNED for {@code at}; {@code countAttempt=false} gives the attempt back
     * (a 429 wait, or not sent because the limiter paused). False when the claim is no longer this dispatcher's.
     */
    public boolean retryAt(OutboxMessage m, Instant at, String reason, boolean countAttempt) {
        return jdbc.update("""
                update outbox_message set status = 'PLANNED', send_at = ?, reason_code = null, reason = ?,
                                          lease_until = null, attempts = attempts - ?, updated_at = ?
                where id = ? and status in ('CLAIMED', 'SENDING') and attempts = ?""",
                at.atOffset(ZoneOffset.UTC), cut(reason, 2000), countAttempt ? 0 : 1, now(), m.id(),
                m.attempts()) == 1;
    }

    /**
     * Puts a claimed message back to PLANNED for {@code at} because the timing policy deferred it at dispatch
     * (a cap or quiet hours): the attempt is given back, and the deferral is written to the ledger.
     */
    @Transactional
    public boolean defer(OutboxMessage m, Instant at, String reasonCode, String reason) {
        if (jdbc.update("""
                update outbox_message set status = 'PLANNED', send_at = ?, reason_code = ?, reason = ?,
                                          lease_until = null, attempts = attempts - 1, updated_at = ?
                where id = ? and status in ('CLAIMED', 'SENDING') and attempts = ?""",
                at.atOffset(ZoneOffset.UTC), cut(reasonCode, 64), cut(reason, 2000), now(), m.id(),
                m.attempts()) != 1) {
            return false;
        }
        record(m, Decision.DEFERRED, reasonCode, reason);
        return true;
    }

    /** → FAILED, with a dead letter (source {@code outbox}) and the ledger entry, in one transaction. */
    @Transactional
    public boolean markFailed(OutboxMessage m, String reasonCode, String reason) {
        if (!finish(m, FAILED, reasonCode, reason)) {
            return false;
        }
        jdbc.update("""
                insert into dead_letter (source, event_id, event_type, reason, payload, attempts, failed_at)
                values ('outbox', ?, ?, ?, ?, ?, ?)""", Long.toString(m.id()), m.signal().type().name(),
                cut(reasonCode == null ? reason : reasonCode + ": " + reason, 2000), deadLetterPayload(m),
                m.attempts(), now());
        record(m, Decision.FAILED, reasonCode, reason);
        return true;
    }

    /** → NEEDS_RECONCILE (the request may have gone out; never sent again blindly) and the ledger entry. */
    @Transactional
    public boolean markNeedsReconcile(OutboxMessage m, String reason) {
        return needsReconcile(m, "OUTCOME_UNKNOWN", reason);
    }

    /** → SUPPRESSED (deliberately not sent) and the ledger entry, in one transaction. */
    @Transactional
    public boolean markSuppressed(OutboxMessage m, String reasonCode, String reason) {
        return finishAndRecord(m, SUPPRESSED, Decision.SUPPRESSED, reasonCode, reason);
    }

    /**
     * → HELD_OUT and the ledger entry, in one transaction: the kind got a holdout share after the message was planned,
     * and the contact is drawn into its control group.
     */
    @Transactional
    public boolean markHeldOut(OutboxMessage m, String reasonCode, String reason) {
        return finishAndRecord(m, HELD_OUT, Decision.HELD_OUT, reasonCode, reason);
    }

    /**
     * An admin decided to send a FAILED or NEEDS_RECONCILE message (again): PLANNED now, with a fresh attempt
     * budget; its open dead letter counts as replayed. True if a message changed.
     */
    @Transactional
    public boolean replay(long outboxId) {
        return replay(outboxId, "an admin");
    }

    /**
     * As {@link #replay(long)}, and the replay is written to the ledger (REPLAYED, naming {@code actor} and the state
     * it replaced), in the same transaction: the timing policy then no longer counts the earlier failed or unknown
     * send of the signal as a duplicate.
     */
    @Transactional
    public boolean replay(long outboxId, String actor) {
        List<Row> rows = jdbc.query("""
                select * from outbox_message where id = ? and status in ('FAILED', 'NEEDS_RECONCILE')
                for update""", ROW, outboxId);
        if (rows.isEmpty()) {
            return false;
        }
        Row row = rows.get(0);
        String previous = jdbc.queryForObject("select reason_code from outbox_message where id = ?", String.class,
                outboxId);
        OffsetDateTime now = now();
        if (jdbc.update("""
                update outbox_message set status = 'PLANNED', attempts = 0, send_at = ?, lease_until = null,
                                          reason_code = 'REPLAYED', reason = 'replayed by an admin', updated_at = ?
                where id = ? and status in ('FAILED', 'NEEDS_RECONCILE')""", now, now, outboxId) != 1) {
            return false;
        }
        jdbc.update("""
                update dead_letter set replayed_at = ?
                where source = 'outbox' and event_id = ? and replayed_at is null""", now, Long.toString(outboxId));
        Signal signal = signals(rows).get(row.signalId());
        ledger.record(new LedgerEntry(row.contactEmail(), signal.id(), signal.type().name(), signal.recordId(),
                row.channel(), Decision.REPLAYED, "ADMIN_REPLAY", cut("Replayed by " + actor + ": the message was "
                + row.status() + (previous == null ? "" : " (" + previous + ")") + " and is planned to be sent again.",
                2000), summary(signal), now.toInstant()));
        return true;
    }

    /** The backoff before attempt {@code attempts + 1}: exponential from the initial delay, capped. */
    public Duration backoffAfter(int attempts) {
        return new Backoff(properties.backoffInitial(), properties.backoffMax()).after(attempts);
    }

    public int maxAttempts() {
        return properties.maxAttempts();
    }

    private void recoverExpiredLeases(OffsetDateTime now) {
        List<Row> expired = jdbc.query("""
                select * from outbox_message
                where status in ('CLAIMED', 'SENDING') and lease_until < ?
                order by lease_until, id
                limit ?
                for update skip locked""", ROW, now, properties.batchSize());
        if (expired.isEmpty()) {
            return;
        }
        Map<String, Signal> signals = signals(expired);
        for (Row row : expired) {
            OutboxMessage m = row.message(signals.get(row.signalId()), row.attempts());
            if (SENDING.equals(row.status())) {
                needsReconcile(m, "LEASE_EXPIRED_WHILE_SENDING", "the dispatcher's lease expired after it started "
                        + "sending: the message may have gone out, so it is not sent again");
            } else if (row.attempts() >= properties.maxAttempts()) {
                markFailed(m, "LEASE_EXPIRED", "lease expired on attempt " + row.attempts() + ": the message kept "
                        + "its dispatcher from finishing (a crash or a hang)");
            } else {
                jdbc.update("""
                        update outbox_message set status = 'PLANNED', lease_until = null, reason_code = 'LEASE_EXPIRED',
                                                  reason = 'claimed but never sent: the dispatcher''s lease expired',
                                                  updated_at = ?
                        where id = ? and status = 'CLAIMED' and attempts = ?""", now, row.id(), row.attempts());
            }
        }
    }

    private boolean needsReconcile(OutboxMessage m, String reasonCode, String reason) {
        return finishAndRecord(m, NEEDS_RECONCILE, Decision.NEEDS_RECONCILE, reasonCode, reason);
    }

    /** The message's final state and its ledger entry; false (and no entry) when it was not ours to finish. */
    private boolean finishAndRecord(OutboxMessage m, String status, Decision decision, String reasonCode,
                                    String reason) {
        if (!finish(m, status, reasonCode, reason)) {
            return false;
        }
        record(m, decision, reasonCode, reason);
        return true;
    }

    /** Ends this claim of the message, fenced on the claim (CLAIMED or SENDING, same attempt number). */
    private boolean finish(OutboxMessage m, String status, String reasonCode, String reason) {
        return jdbc.update("""
                update outbox_message set status = ?, reason_code = ?, reason = ?, lease_until = null, updated_at = ?
                where id = ? and status in ('CLAIMED', 'SENDING') and attempts = ?""",
                status, cut(reasonCode, 64), cut(reason, 2000), now(), m.id(), m.attempts()) == 1;
    }

    private void record(OutboxMessage m, Decision decision, String reasonCode, String reason) {
        record(m, decision, reasonCode, reason, null);
    }

    private void record(OutboxMessage m, Decision decision, String reasonCode, String reason, String experimentArm) {
        Signal signal = m.signal();
        ledger.record(new LedgerEntry(m.contactEmail(), signal.id(), signal.type().name(), signal.recordId(),
                m.channel(), decision, cut(reasonCode, 64), cut(reason, 2000), summary(signal), clock.instant(),
                experimentArm));
    }

    private static String summary(Signal signal) {
        return cut(signal.title() != null && !signal.title().isBlank() ? signal.title()
                : signal.type().name() + (signal.recordId() == null ? "" : " " + signal.recordId()), 1000);
    }

    private Map<String, Signal> signals(List<Row> rows) {
        List<String> ids = rows.stream().map(Row::signalId).distinct().toList();
        Map<String, Signal> signals = new HashMap<>();
        jdbc.query("select * from signal where id in (" + String.join(", ", Collections.nCopies(ids.size(), "?"))
                + ")", SignalStore.SIGNAL, ids.toArray()).forEach(s -> signals.put(s.id(), s));
        return signals;
    }

    private static String deadLetterPayload(OutboxMessage m) {
        ObjectNode payload = JSON.createObjectNode()
                .put("outboxId", m.id())
                .put("signalId", m.signal().id())
                .put("signalType", m.signal().type().name())
                .put("recordId", m.signal().recordId())
                .put("contactEmail", m.contactEmail())
                .put("contactId", m.contactId())
                .put("contactName", m.contactName())
                .put("timeZone", m.timeZone())
                .put("channel", m.channel())
                .put("sendAt", m.sendAt().toString())
                .put("attempts", m.attempts());
        payload.set("variables", JSON.valueToTree(m.variables()));
        return payload.toString();
    }

    private static String toJson(Map<String, String> variables) {
        try {
            return JSON.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("template variables are plain strings and always serialise", e);
        }
    }

    private static Map<String, String> variables(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, VARIABLES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox variables are not a JSON object of strings: " + json, e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 3) + "...";
    }

    /** A row of {@code outbox_message} as read for a claim or a recovery. */
    private record Row(long id, String signalId, String contactEmail, String contactId, String contactName,
                       String timeZone, boolean optedOutOfEmail, String channel, String variablesJson,
                       Instant sendAt, String status, int attempts, Long ticketId) {

        OutboxMessage message(Signal signal, int claimAttempts) {
            return new OutboxMessage(id, signal, contactEmail, contactId, contactName, timeZone, channel,
                    variables(variablesJson), sendAt, claimAttempts, optedOutOfEmail, ticketId);
        }
    }
}
