package io.kairos.impact;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kairos.enrichment.TicketTopics;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The control-group comparison read from the ledger: per signal and per kind, the held-out customers (HELD_OUT for
 * the signal) against the notified ones (SENT; a contact with both counts as notified), for two outcomes within N
 * days of the signal's arrival: a ticket about the signal (as the open-ticket rule decides, {@link TicketTopics}:
 * Kairos put the signal's order or known issue on it) and any ticket (any ticket of the contact first enriched in the
 * window). Only signals with a control group count, so a kind's figure pools comparable signals (a CRITICAL one,
 * never held out, stays out of it); pooled means added up over the kind's signals, a customer once per signal. The
 * send-time experiment adds a third outcome: of the messages sent through Intercom, those the contact answered
 * within N days of their send (the outbox row's {@code answered_at}).
 */
@Component
public class ControlGroupReport {

    /** Signals per query: their ids and topics travel as array parameters. */
    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ImpactProperties properties;

    public ControlGroupReport(JdbcTemplate jdbc, Clock clock, ImpactProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * What a customer did within the window: opened a ticket (about the signal, any), or answered the message (the
     * send-time experiment only: the message went through Intercom and the contact wrote in the conversation it
     * started, within N days of its send).
     */
    public enum Outcome {
        ABOUT_IT("about", "a ticket about it", "opened a ticket about it", true),
        ANY_TICKET("any", "any ticket", "opened any ticket", true),
        ANSWERED("answered", "an answer", "answered the message", false);

        private final String tag;
        private final String words;
        private final String did;
        private final boolean ticket;

        Outcome(String tag, String words, String did, boolean ticket) {
            this.tag = tag;
            this.words = words;
            this.did = did;
            this.ticket = ticket;
        }

        /** The metric tag and CSV value: about, any, answered. */
        public String tag() {
            return tag;
        }

        /** "a ticket about it", as in a chart's "a ticket about it within 7 days". */
        public String words() {
            return words;
        }

        /** "opened a ticket about it", after "12.0 % of notified customers". */
        public String did() {
            return did;
        }

        /** A ticket: fewer is the message's gain, counted as tickets avoided. */
        public boolean ticket() {
            return ticket;
        }
    }

    /**
     * One signal, or a kind's signals pooled ({@code signalId} null). {@code aboutIt} is null when no ticket can be
     * about the signals (outages, announcements); {@code answered} outside the send-time experiment and when none of
     * its messages went through Intercom; {@code windowOpen} while some signal's N days have not passed (in the
     * send-time experiment, counted from its last send, since answers count from each send).
     */
    public record Row(String kind, String signalId, String recordId, String title, Instant receivedAt,
                      boolean windowOpen, ControlGroupComparison aboutIt, ControlGroupComparison anyTicket,
                      ControlGroupComparison answered) {

        public ControlGroupComparison of(Outcome outcome) {
            return switch (outcome) {
                case ABOUT_IT -> aboutIt;
                case ANY_TICKET -> anyTicket;
                case ANSWERED -> answered;
            };
        }

        /** "KNOWN_ISSUE KI-0042" for a signal, the kind for a pooled row. */
        @JsonProperty
        public String subject() {
            return signalId == null || recordId == null ? kind : kind + " " + recordId;
        }
    }

    /** A kind's pooled figure and its signals', newest first; kinds come by name. */
    public record Kind(Row total, List<Row> signals) { }

    public record ControlGroups(int days, int withinDays, int minGroupSize, List<Kind> kinds, Experiment experiment) {

        public ControlGroups {
            experiment = experiment == null ? Experiment.CONTROL_GROUP : experiment;
        }

        public ControlGroups(int days, int withinDays, int minGroupSize, List<Kind> kinds) {
            this(days, withinDays, minGroupSize, kinds, Experiment.CONTROL_GROUP);
        }

        /** What the experiment cannot measure, said rather than faked; null when nothing is missing. */
        @JsonProperty
        public String note() {
            return experiment == Experiment.SEND_TIME ? NOT_READ : null;
        }

        /** The plain sentence of one row and outcome; null when the outcome cannot be measured for it. */
        public String sentence(Row row, Outcome outcome) {
            ControlGroupComparison c = row.of(outcome);
            return c == null ? null : c.sentence(row.subject(), outcome.did(), withinDays, outcome.ticket());
        }
    }

    /**
     * Answers come by webhook (the contact writes in the conversation the message started); no webhook topic says that
     * a message sent through Intercom's Messages API was read, so reads are not measured.
     */
    public static final String NOT_READ = "read: not measured — Intercom does not report reads by webhook";

    /** The signals received in the last {@code days} days that have a control group, compared per kind. */
    public ControlGroups compare(int days, int withinDays) {
        return compare(days, withinDays, Experiment.CONTROL_GROUP);
    }

    /**
     * The signals received in the last {@code days} days that have the experiment's control (HELD_OUT, or a SENT entry
     * of the send-time experiment's at-once arm), compared per kind.
     */
    public ControlGroups compare(int days, int withinDays, Experiment experiment) {
        int span = Math.min(Math.max(days, 1), 366);
        int within = Math.min(Math.max(withinDays, 1), 90);
        Instant now = clock.instant();
        List<SignalRow> signals = jdbc.query("""
                select s.id, s.type, s.record_id, s.product, s.title, s.received_at from signal s
                where s.received_at >= ?
                  and exists (select 1 from ledger_entry l where l.signal_id = s.id and %s)
                order by s.received_at desc, s.id""".formatted(experiment.signalHasControl),
                (rs, i) -> new SignalRow(rs.getString("id"), rs.getString("type"), rs.getString("record_id"),
                        rs.getString("title"), rs.getTimestamp("received_at").toInstant(),
                        TicketTopics.ofSignal(rs.getString("type"), rs.getString("record_id"),
                                rs.getString("product"))),
                now.minus(Duration.ofDays(span)).atOffset(ZoneOffset.UTC));
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Instant> lastEntries = new HashMap<>();
        boolean answers = experiment == Experiment.SEND_TIME;
        for (int from = 0; from < signals.size(); from += CHUNK) {
            count(signals.subList(from, Math.min(signals.size(), from + CHUNK)), within, experiment, counts,
                    lastEntries);
        }
        Map<String, List<Row>> byKind = new LinkedHashMap<>();
        Map<String, long[]> pooled = new LinkedHashMap<>();
        Map<String, Boolean> open = new HashMap<>();
        Map<String, Boolean> measurableKinds = new HashMap<>();
        for (SignalRow s : signals) {
            long[] c = counts.getOrDefault(s.id(), new long[COUNTS]);
            boolean measurable = !s.topics().isEmpty();
            // Tickets count from the signal's arrival, answers from each send: open until the last send's N days.
            Instant windowStart = answers && lastEntries.containsKey(s.id())
                    && lastEntries.get(s.id()).isAfter(s.receivedAt()) ? lastEntries.get(s.id()) : s.receivedAt();
            boolean windowOpen = now.isBefore(windowStart.plus(Duration.ofDays(within)));
            byKind.computeIfAbsent(s.type(), k -> new ArrayList<>()).add(new Row(s.type(), s.id(), s.recordId(),
                    s.title(), s.receivedAt(), windowOpen, measurable ? aboutIt(c, experiment) : null,
                    anyTicket(c, experiment), answers ? answered(c, experiment) : null));
            long[] sums = pooled.computeIfAbsent(s.type(), k -> new long[COUNTS + 2]);
            for (int i = 0; i < COUNTS; i++) {
                sums[i] += c[i];
            }
            // The about-it figure pools only the signals a ticket can be about: their customers apart.
            if (measurable) {
                sums[COUNTS] += c[0];
                sums[COUNTS + 1] += c[3];
            }
            measurableKinds.merge(s.type(), measurable, Boolean::logicalOr);
            open.merge(s.type(), windowOpen, Boolean::logicalOr);
        }
        List<Kind> kinds = new ArrayList<>();
        byKind.forEach((kind, rows) -> {
            long[] s = pooled.get(kind);
            ControlGroupComparison about = measurableKinds.get(kind) ? ControlGroupComparison.of(s[COUNTS], s[1],
                    s[COUNTS + 1], s[4], properties.minGroupSize(), experiment) : null;
            kinds.add(new Kind(new Row(kind, null, null, null, null, open.get(kind), about, anyTicket(s, experiment),
                    answers ? answered(s, experiment) : null), rows));
        });
        kinds.sort(Comparator.comparing(k -> k.total().kind()));
        return new ControlGroups(span, within, properties.minGroupSize(), kinds, experiment);
    }

    private record SignalRow(String id, String type, String recordId, String title, Instant receivedAt,
                             List<String> topics) { }

    /**
     * counts: notified, notified with a ticket about it, with any ticket; held out, about it, any; then the notified
     * sent through Intercom, of whom answered, and the same of the held out (send-time: active hour, at once).
     */
    private static final int COUNTS = 10;

    private ControlGroupComparison aboutIt(long[] c, Experiment experiment) {
        return ControlGroupComparison.of(c[0], c[1], c[3], c[4], properties.minGroupSize(), experiment);
    }

    private ControlGroupComparison anyTicket(long[] c, Experiment experiment) {
        return ControlGroupComparison.of(c[0], c[2], c[3], c[5], properties.minGroupSize(), experiment);
    }

    /** Null when no message of either group went through Intercom: nothing could be answered. */
    private ControlGroupComparison answered(long[] c, Experiment experiment) {
        return c[6] + c[8] == 0 ? null
                : ControlGroupComparison.of(c[6], c[7], c[8], c[9], properties.minGroupSize(), experiment);
    }

    /**
     * One query for a chunk of signals: each signal's customers by group, and how many had a ticket about it and
     * any ticket in its window, and how many were sent the message through Intercom and answered it within the window
     * after its send (the outbox row by its unique (signal, contact)); the signals' topics come as (signal, topic)
     * pairs, so no query per signal or contact.
     */
    private void count(List<SignalRow> signals, int withinDays, Experiment experiment, Map<String, long[]> counts,
                       Map<String, Instant> lastEntries) {
        List<String> ids = new ArrayList<>();
        List<String> topicSignals = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        for (SignalRow s : signals) {
            ids.add(s.id());
            for (String topic : s.topics()) {
                topicSignals.add(s.id());
                topics.add(topic);
            }
        }
        long seconds = withinDays * 86_400L;
        jdbc.query("""
                select c.signal_id, c.notified, count(*) as customers, sum(c.about) as about,
                       sum(c.any_ticket) as any_ticket, sum(c.answerable) as answerable, sum(c.answered) as answered,
                       max(c.last_entry) as last_entry
                from (
                  select l.signal_id, l.contact_email, max(l.occurred_at) as last_entry,
                         max(case when %1$s then 1 else 0 end) as notified,
                         max(case when st.topic is not null and exists (
                               select 1 from ticket_topic t join ticket_enrichment e on e.ticket_id = t.ticket_id
                               where t.contact_email = l.contact_email and t.topic = st.topic
                                 and e.first_enriched_at >= s.received_at
                                 and extract(epoch from e.first_enriched_at) < extract(epoch from s.received_at) + ?)
                             then 1 else 0 end) as about,
                         max(case when exists (
                               select 1 from ticket_enrichment e
                               where e.contact_email = l.contact_email and e.first_enriched_at >= s.received_at
                                 and extract(epoch from e.first_enriched_at) < extract(epoch from s.received_at) + ?)
                             then 1 else 0 end) as any_ticket,
                         max(case when o.channel = 'intercom' and o.status = 'SENT' then 1 else 0 end) as answerable,
                         max(case when o.channel = 'intercom' and o.status = 'SENT' and o.answered_at is not null
                                   and extract(epoch from o.answered_at) < extract(epoch from l.occurred_at) + ?
                             then 1 else 0 end) as answered
                  from unnest(cast(? as varchar array)) as wanted(k)
                  join signal s on s.id = wanted.k
                  join ledger_entry l on l.signal_id = s.id and %2$s
                  left join outbox_message o on o.signal_id = l.signal_id and o.contact_email = l.contact_email
                  left join unnest(cast(? as varchar array), cast(? as varchar array)) as st(signal_id, topic)
                    on st.signal_id = l.signal_id
                  where l.contact_email is not null
                  group by l.signal_id, l.contact_email
                ) c
                group by c.signal_id, c.notified""".formatted(experiment.entryTreated, experiment.entryCounts), rs -> {
            long[] c = counts.computeIfAbsent(rs.getString("signal_id"), k -> new long[COUNTS]);
            boolean notified = rs.getInt("notified") == 1;
            int at = notified ? 0 : 3;
            c[at] += rs.getLong("customers");
            c[at + 1] += rs.getLong("about");
            c[at + 2] += rs.getLong("any_ticket");
            c[notified ? 6 : 8] += rs.getLong("answerable");
            c[notified ? 7 : 9] += rs.getLong("answered");
            Timestamp last = rs.getTimestamp("last_entry");
            if (last != null) {
                lastEntries.merge(rs.getString("signal_id"), last.toInstant(),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }, seconds, seconds, seconds, ids.toArray(String[]::new), topicSignals.toArray(String[]::new),
                topics.toArray(String[]::new));
    }
}
