package io.kairos.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kairos.enrichment.TicketTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether proactive worked: proactive messages per day against reactive tickets per day, and for each signal the
 * share of affected customers who opened a ticket about it within N days, notified against not notified.
 *
 * <p>A ticket is "about" a signal as the open-ticket rule decides it ({@link TicketTopics}): Kairos put the signal's
 * order or known issue on it while enriching, and it was first enriched within N days of the signal's arrival.
 * Notified: the message was SENT. Not notified: SUPPRESSED or FAILED. Left out: messages still pending or with an
 * unknown outcome, and customers whose open ticket already held the message back (they had asked before the signal).
 * Outages and announcements name no record a ticket carries, so their share cannot be measured. Days are UTC days.
 */
@Component
class ImpactReport {

    private static final long DAY = 86_400;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ImpactReport(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One UTC day: proactive messages sent, reactive tickets first enriched. */
    record Day(LocalDate day, long proactive, long reactive) { }

    /** Customers in a group, and how many of them opened a ticket about the signal within the window. */
    record Group(long customers, long ticketed) {

        /** The share who opened a ticket, 0 to 1; null for an empty group. */
        @JsonProperty
        public Double share() {
            return customers == 0 ? null : (double) ticketed / customers;
        }
    }

    /**
     * One signal's figure; {@code measurable} false for types no ticket can be about; {@code windowOpen} while the
     * N days have not passed yet (the share may still grow); {@code leftOut}: pending, unknown or held messages.
     */
    record Deflection(String signalId, String type, String recordId, String title, Instant receivedAt,
                      boolean measurable, boolean windowOpen, Group notified, Group notNotified, long leftOut) { }

    /** The figures of all measurable signals of one type, added up. */
    record TypeTotal(String type, Group notified, Group notNotified) { }

    record Impact(int days, int withinDays, List<Day> perDay, List<Deflection> signals, List<TypeTotal> byType) { }

    Impact impact(int days, int withinDays) {
        int span = Math.min(Math.max(days, 1), 366);
        int within = Math.min(Math.max(withinDays, 1), 90);
        List<Deflection> signals = deflection(within, span);
        Map<String, long[]> byType = new LinkedHashMap<>();
        for (Deflection d : signals) {
            if (d.measurable()) {
                long[] sums = byType.computeIfAbsent(d.type(), k -> new long[4]);
                sums[0] += d.notified().customers();
                sums[1] += d.notified().ticketed();
                sums[2] += d.notNotified().customers();
                sums[3] += d.notNotified().ticketed();
            }
        }
        List<TypeTotal> totals = new ArrayList<>();
        byType.forEach((type, s) -> totals.add(new TypeTotal(type, new Group(s[0], s[1]), new Group(s[2], s[3]))));
        return new Impact(span, within, perDay(span), signals, totals);
    }

    /** The last {@code days} UTC days, oldest first, today included. */
    List<Day> perDay(int days) {
        long today = clock.instant().getEpochSecond() / DAY;
        long first = today - days + 1;
        Instant from = Instant.ofEpochSecond(first * DAY);
        Map<Long, Long> proactive = countPerDay("""
                select floor(extract(epoch from occurred_at) / 86400) as d from ledger_entry
                where decision = 'SENT' and occurred_at >= ?""", from);
        Map<Long, Long> reactive = countPerDay("""
                select floor(extract(epoch from first_enriched_at) / 86400) as d from ticket_enrichment
                where first_enriched_at >= ?""", from);
        List<Day> series = new ArrayList<>(days);
        for (long day = first; day <= today; day++) {
            series.add(new Day(LocalDate.ofEpochDay(day), proactive.getOrDefault(day, 0L),
                    reactive.getOrDefault(day, 0L)));
        }
        return series;
    }

    private Map<Long, Long> countPerDay(String dayOfRow, Instant from) {
        Map<Long, Long> counts = new HashMap<>();
        jdbc.query("select d, count(*) from (" + dayOfRow + ") x group by d",
                rs -> {
                    counts.put(rs.getLong(1), rs.getLong(2));
                }, from.atOffset(ZoneOffset.UTC));
        return counts;
    }

    /** The signals received in the last {@code days} days, newest first (at most 100). */
    List<Deflection> deflection(int withinDays, int days) {
        Instant now = clock.instant();
        record Row(String id, String type, String recordId, String product, String title, Instant receivedAt) { }
        List<Row> signals = jdbc.query("""
                select id, type, record_id, product, title, received_at from signal
                where received_at >= ? order by received_at desc limit 100""",
                (rs, i) -> new Row(rs.getString("id"), rs.getString("type"), rs.getString("record_id"),
                        rs.getString("product"), rs.getString("title"), rs.getTimestamp("received_at").toInstant()),
                now.minus(Duration.ofDays(days)).atOffset(ZoneOffset.UTC));
        List<Deflection> figures = new ArrayList<>(signals.size());
        for (Row s : signals) {
            Instant until = s.receivedAt().plus(Duration.ofDays(withinDays));
            List<String> topics = TicketTopics.ofSignal(s.type(), s.recordId(), s.product());
            long[] counts = new long[5];
            countGroups(s.id(), topics, s.receivedAt(), until, counts);
            figures.add(new Deflection(s.id(), s.type(), s.recordId(), s.title(), s.receivedAt(), !topics.isEmpty(),
                    now.isBefore(until), new Group(counts[0], counts[1]), new Group(counts[2], counts[3]),
                    counts[4]));
        }
        return figures;
    }

    /** counts: notified, notified with a ticket, not notified, not notified with a ticket, left out. */
    private void countGroups(String signalId, List<String> topics, Instant from, Instant until, long[] counts) {
        String ticketed = topics.isEmpty() ? "0" : """
                case when exists (select 1 from ticket_topic t join ticket_enrichment e on e.ticket_id = t.ticket_id
                                  where t.contact_email = o.contact_email and t.topic in (%s)
                                    and e.first_enriched_at >= ? and e.first_enriched_at < ?) then 1 else 0 end"""
                .formatted(String.join(", ", Collections.nCopies(topics.size(), "?")));
        List<Object> args = new ArrayList<>(topics);
        if (!topics.isEmpty()) {
            args.add(from.atOffset(ZoneOffset.UTC));
            args.add(until.atOffset(ZoneOffset.UTC));
        }
        args.add(signalId);
        jdbc.query("""
                select status, channel, count(*) as customers, sum(%s) as ticketed from outbox_message o
                where signal_id = ? group by status, channel""".formatted(ticketed), rs -> {
            String status = rs.getString("status");
            boolean held = "zendesk_note".equals(rs.getString("channel"));
            long customers = rs.getLong("customers");
            long withTicket = rs.getLong("ticketed");
            if (!held && "SENT".equals(status)) {
                counts[0] += customers;
                counts[1] += withTicket;
            } else if (!held && ("SUPPRESSED".equals(status) || "FAILED".equals(status))) {
                counts[2] += customers;
                counts[3] += withTicket;
            } else {
                counts[4] += customers;
            }
        }, args.toArray());
    }
}
