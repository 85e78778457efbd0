package io.kairos.enrichment;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Remembers what was last written to each ticket, so a repeat (or Kairos's own echo) writes nothing. */
@Component
public class EnrichmentRecords {

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
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        if (jdbc.update("update ticket_enrichment set fingerprint = ?, contact_email = ?, enriched_at = ? "
                + "where ticket_id = ?", enrichment.fingerprint(), enrichment.contactEmail(), now,
                enrichment.ticketId()) == 0) {
            jdbc.update("insert into ticket_enrichment (ticket_id, fingerprint, contact_email, enriched_at) "
                    + "values (?, ?, ?, ?) on conflict do nothing", enrichment.ticketId(), enrichment.fingerprint(),
                    enrichment.contactEmail(), now);
        }
    }
}
