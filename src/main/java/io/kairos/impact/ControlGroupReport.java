package io.kairos.impact;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kairos.enrichment.TicketTopics;
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
 * never held out, stays out of it); pooled means added up over the kind's signals, a customer once per signal.
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

    /** What a customer did within the window, as a sentence reads it after "opened". */
    public enum Outcome {
        ABOUT_IT("about", "a ticket about it"),
        ANY_TICKET("any", "any ticket");

        private final String tag;
        private final String words;

        Outcome(String tag, String words) {
            this.tag = tag;
            this.words = words;
        }

        /** The metric tag and CSV value: about, any. */
        public String tag() {
            return tag;
        }

        public String words() {
            return words;
        }
    }

    /**
     * One signal, or a kind's signals pooled ({@code signalId} null). {@code aboutIt} is null when no ticket can be
     * about the signals (outages, announcements); {@code windowOpen} while some signal's N days have not passed.
     */
    public record Row(String kind, String signalId, String recordId, String title, Instant receivedAt,
                      boolean windowOpen, ControlGroupComparison aboutIt, ControlGroupComparison anyTicket) {

        public ControlGroupComparison of(Outcome outcome) {
            return outcome == Outcome.ABOUT_IT ? aboutIt : anyTicket;
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

        /** What the experiment cannot measure yet, said rather than faked; null when nothing is missing. */
        @JsonProperty
        public String note() {
            return experiment == Experiment.SEND_TIME ? READ_ANSWERED : null;
        }

        /** The plain sentence of one row and outcome; null when the outcome cannot be measured for it. */
        public String sentence(Row row, Outcome outcome) {
            ControlGroupComparison c = row.of(outcome);
            return c == null ? null : c.sentence(row.subject(), outcome.words(), withinDays);
        }
    }

    /** Intercom message events (opened, replied) would give the share read or answered: Kairos has none today. */
    public static final String READ_ANSWERED = "read/answered: not measured yet — Kairos does not receive Intercom "
            + "message events";

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
        for (int from = 0; from < signals.size(); from += CHUNK) {
            count(signals.subList(from, Math.min(signals.size(), from + CHUNK)), within, experiment, counts);
        }
        Map<String, List<Row>> byKind = new LinkedHashMap<>();
        Map<String, long[]> pooled = new LinkedHashMap<>();
        Map<String, Boolean> open = new HashMap<>();
        Map<String, Boolean> measurableKinds = new HashMap<>();
        for (SignalRow s : signals) {
            long[] c = counts.getOrDefault(s.id(), new long[6]);
            boolean measurable = !s.topics().isEmpty();
            boolean windowOpen = now.isBefore(s.receivedAt().plus(Duration.ofDays(within)));
            byKind.computeIfAbsent(s.type(), k -> new ArrayList<>()).add(new Row(s.type(), s.id(), s.recordId(),
                    s.title(), s.receivedAt(), windowOpen, measurable ? aboutIt(c, experiment) : null,
                    anyTicket(c, experiment)));
            long[] sums = pooled.computeIfAbsent(s.type(), k -> new long[8]);
            for (int i = 0; i < 6; i++) {
                sums[i] += c[i];
            }
            // The about-it figure pools only the signals a ticket can be about: their customers apart.
            if (measurable) {
                sums[6] += c[0];
                sums[7] += c[3];
            }
            measurableKinds.merge(s.type(), measurable, Boolean::logicalOr);
            open.merge(s.type(), windowOpen, Boolean::logicalOr);
        }
        List<Kind> kinds = new ArrayList<>();
        byKind.forEach((kind, rows) -> {
            long[] s = pooled.get(kind);
            ControlGroupComparison about = measurableKinds.get(kind)
                    ? ControlGroupComparison.of(s[6], s[1], s[7], s[4], properties.minGroupSize(), experiment) : null;
            kinds.add(new Kind(new Row(kind, null, null, null, null, open.get(kind), about, anyTicket(s, experiment)),
                    rows));
        });
        kinds.sort(Comparator.comparing(k -> k.total().kind()));
        return new ControlGroups(span, within, properties.minGroupSize(), kinds, experiment);
    }

    private record SignalRow(String id, String type, String recordId, String title, Instant receivedAt,
                             List<String> topics) { }

    /** counts: notified, notified with a ticket about it, with any ticket; held out, about it, any. */
    private ControlGroupComparison aboutIt(long[] c, Experiment experiment) {
        return ControlGroupComparison.of(c[0], c[1], c[3], c[4], properties.minGroupSize(), experiment);
    }

    private ControlGroupComparison anyTicket(long[] c, Experiment experiment) {
        return ControlGroupComparison.of(c[0], c[2], c[3], c[5], properties.minGroupSize(), experiment);
    }

    /**
     * One query for a chunk of signals: each signal's customers by group, and how many had a ticket about it and
     * any ticket in its window; the signals' topics come as (signal, topic) pairs, so no query per signal or contact.
     */
    private void count(List<SignalRow> signals, int withinDays, Experiment experiment, Map<String, long[]> counts) {
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
                       sum(c.any_ticket) as any_ticket
                from (
                  select l.signal_id, l.contact_email,
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
                             then 1 else 0 end) as any_ticket
                  from unnest(cast(? as varchar array)) as wanted(k)
                  join signal s on s.id = wanted.k
                  join ledger_entry l on l.signal_id = s.id and %2$s
                  left join unnest(cast(? as varchar array), cast(? as varchar array)) as st(signal_id, topic)
                    on st.signal_id = l.signal_id
                  where l.contact_email is not null
                  group by l.signal_id, l.contact_email
                ) c
                group by c.signal_id, c.notified""".formatted(experiment.entryTreated, experiment.entryCounts), rs -> {
            long[] c = counts.computeIfAbsent(rs.getString("signal_id"), k -> new long[6]);
            int at = rs.getInt("notified") == 1 ? 0 : 3;
            c[at] += rs.getLong("customers");
            c[at + 1] += rs.getLong("about");
            c[at + 2] += rs.getLong("any_ticket");
        }, seconds, seconds, ids.toArray(String[]::new), topicSignals.toArray(String[]::new),
                topics.toArray(String[]::new));
    }
}
