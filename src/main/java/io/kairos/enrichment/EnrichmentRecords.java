package io.kairos.enrichment;

import io.kairos.platform.KeyedQueries;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remembers what was last written to each ticket, so a repeat (or Kairos's own echo) writes nothing, and what each
 * enriched ticket is about and whether it is still open, so a proactive message about the same thing is held back.
 */
@Component
public class EnrichmentRecords {

    /** Zendesk's statuses before a ticket is solved: the customer is still waiting on it. */
    private static final List<String> OPEN_STATUSES = List.of("new", "open", "pending", "hold");

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public EnrichmentRecords(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public boolean alreadyWritten(TicketEnrichment enrichment) {
        List<String> last = jdbc.queryForList("select fingerprint from ticket_enrichment where ticket_id = ?",
                String.class, enrichment.ticketId());
        return !last.isEmpty() && last.get(0).equals(enrichment.fingerprint());
    }

    public void written(TicketEnrichment enrichment) {
        written(enrichment, null, null);
    }

    /**
     * Records the enrichment written to the ticket, the ticket's status and subject as read before the write, and
     * the ticket's topics (replacing earlier ones: the customer's orders at risk change).
     */
    @Transactional
    public void written(TicketEnrichment enrichment, String ticketStatus, String subject) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        String email = normalise(enrichment.contactEmail());
        String status = status(ticketStatus);
        String title = cut(subject, 500);
        if (jdbc.update("update ticket_enrichment set fingerprint = ?, contact_email = ?, enriched_at = ?, "
                + "ticket_status = coalesce(?, ticket_status), subject = coalesce(?, subject) where ticket_id = ?",
                enrichment.fingerprint(), email, now, status, title, enrichment.ticketId()) == 0) {
            jdbc.update("insert into ticket_enrichment (ticket_id, fingerprint, contact_email, enriched_at, "
                    + "ticket_status, subject, first_enriched_at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                    enrichment.ticketId(), enrichment.fingerprint(), email, now, status, title, now);
        }
        jdbc.update("delete from ticket_topic where ticket_id = ?", enrichment.ticketId());
        if (email != null && !enrichment.topics().isEmpty()) {
            jdbc.batchUpdate("insert into ticket_topic (ticket_id, topic, contact_email) values (?, ?, ?) "
                    + "on conflict do nothing", enrichment.topics().stream()
                    .map(topic -> new Object[] {enrichment.ticketId(), topic, email}).toList());
        }
    }

    /**
     * Forgets what was recorded as written to the ticket when the write did not happen after all (a bulk job that
     * failed for it), so the same enrichment is written again rather than taken as already there.
     */
    public void notWritten(long ticketId) {
        jdbc.update("update ticket_enrichment set fingerprint = '' where ticket_id = ?", ticketId);
    }

    /**
     * Keeps the status of an enriched ticket current from any later event about it (a solved ticket no longer holds
     * messages back). A ticket Kairos never enriched is left alone.
     */
    public void seen(long ticketId, String ticketStatus, String subject) {
        String status = status(ticketStatus);
        if (status != null) {
            jdbc.update("update ticket_enrichment set ticket_status = ?, subject = coalesce(?, subject) "
                    + "where ticket_id = ?", status, cut(subject, 500), ticketId);
        }
    }

    /**
     * The newest open enriched ticket per contact that is about one of these topics.
     *
     * @param emails normalised (trimmed, lower-case) contact emails
     * @return by contact email
     */
    public Map<String, OpenTicketLink> openTicketsAbout(List<String> topics, Collection<String> emails) {
        Map<String, OpenTicketLink> open = new LinkedHashMap<>();
        if (topics.isEmpty() || emails.isEmpty()) {
            return open;
        }
        List<Object> args = new ArrayList<>(topics);
        args.addAll(OPEN_STATUSES);
        // Newest first per chunk; a contact's tickets all fall in its one chunk, so the first found is the newest.
        KeyedQueries.query(jdbc, """
                select t.contact_email, e.ticket_id, e.subject, e.ticket_status
                from %s join ticket_topic t on t.contact_email = wanted.k
                     join ticket_enrichment e on e.ticket_id = t.ticket_id
                where t.topic in (%s) and e.ticket_status in (%s)
                order by e.ticket_id desc""".formatted(KeyedQueries.WANTED, marks(topics.size()),
                        marks(OPEN_STATUSES.size())), emails,
                (rs, i) -> Map.entry(rs.getString("contact_email"), new OpenTicketLink(rs.getLong("ticket_id"),
                        rs.getString("subject"), rs.getString("ticket_status"))), args.toArray())
                .forEach(found -> open.putIfAbsent(found.getKey(), found.getValue()));
        return open;
    }

    /** An open ticket Kairos enriched, as found for a contact and topic. */
    public record OpenTicketLink(long ticketId, String subject, String status) { }

    private static String status(String ticketStatus) {
        return ticketStatus == null || ticketStatus.isBlank() ? null
                : cut(ticketStatus.trim().toLowerCase(Locale.ROOT), 16);
    }

    private static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
