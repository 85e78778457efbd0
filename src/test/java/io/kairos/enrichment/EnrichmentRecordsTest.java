package io.kairos.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What was last written to each ticket, on H2 (PostgreSQL mode) and on a real PostgreSQL. */
class EnrichmentRecordsTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSameEnrichmentIsRecognisedOnceWritten(Database db) {
        EnrichmentRecords records = new EnrichmentRecords(db.jdbc(), clock);
        TicketEnrichment first = enrichment(35436, "Tier: Gold");

        assertThat(records.alreadyWritten(first)).isFalse();
        records.written(first);

        assertThat(records.alreadyWritten(first)).isTrue();
        assertThat(records.alreadyWritten(enrichment(35436, "Tier: Gold"))).as("equal content").isTrue();
        assertThat(records.alreadyWritten(enrichment(35436, "Tier: Platinum"))).as("changed content").isFalse();
        assertThat(records.alreadyWritten(enrichment(35437, "Tier: Gold"))).as("another ticket").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void writingAgainReplacesTheTicketsRecord(Database db) {
        EnrichmentRecords records = new EnrichmentRecords(db.jdbc(), clock);
        TicketEnrichment gold = enrichment(35436, "Tier: Gold");
        TicketEnrichment platinum = enrichment(35436, "Tier: Platinum");
        records.written(gold);
        clock.advance(Duration.ofHours(1));

        records.written(platinum);

        assertThat(records.alreadyWritten(platinum)).isTrue();
        assertThat(records.alreadyWritten(gold)).isFalse();
        Map<String, Object> row = db.jdbc().queryForMap("select * from ticket_enrichment");
        assertThat(row).containsEntry("fingerprint", platinum.fingerprint())
                .containsEntry("contact_email", "jane@acme.example");
        Object at = row.get("enriched_at");
        assertThat(at instanceof OffsetDateTime odt ? odt.toInstant() : ((Timestamp) at).toInstant())
                .isEqualTo(clock.instant());
    }

    private static TicketEnrichment enrichment(long ticketId, String note) {
        return new TicketEnrichment(ticketId, "jane@acme.example", true, note, List.of("kairos_enriched"),
                Map.of(360001L, "Gold"), null);
    }
}
