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

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void openTicketsAreFoundByTopicAndContactNewestFirst(Database db) {
        EnrichmentRecords records = new EnrichmentRecords(db.jdbc(), clock);
        records.written(about(35436, "Jane@Acme.example", "ORDER_DELAY:801A"), "open", "Where is my order?");
        records.written(about(35440, "jane@acme.example", "ORDER_DELAY:801A"), "pending", "Still waiting");
        records.written(about(35437, "bob@acme.example", "ORDER_DELAY:801A"), "solved", "Thanks");
        records.written(about(35438, "eve@acme.example", "KNOWN_ISSUE_NAME:ki-7"), "hold", "Sync");

        Map<String, EnrichmentRecords.OpenTicketLink> open = records.openTicketsAbout(
                List.of("ORDER_DELAY:801A", "KNOWN_ISSUE_NAME:ki-9"),
                List.of("jane@acme.example", "bob@acme.example", "eve@acme.example"));

        assertThat(open).containsOnlyKeys("jane@acme.example");
        assertThat(open.get("jane@acme.example")).isEqualTo(
                new EnrichmentRecords.OpenTicketLink(35440, "Still waiting", "pending"));
        assertThat(records.openTicketsAbout(List.of(), List.of("jane@acme.example"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLaterEventKeepsTheStatusCurrentAndARewriteReplacesTheTopics(Database db) {
        EnrichmentRecords records = new EnrichmentRecords(db.jdbc(), clock);
        records.written(about(35436, "jane@acme.example", "ORDER_DELAY:801A"), "new", "Where is my order?");

        records.seen(35436, "SOLVED", null);
        records.seen(99999, "open", "never enriched");

        assertThat(records.openTicketsAbout(List.of("ORDER_DELAY:801A"), List.of("jane@acme.example"))).isEmpty();
        assertThat(db.jdbc().queryForMap("select ticket_status, subject from ticket_enrichment"))
                .containsEntry("ticket_status", "solved").containsEntry("subject", "Where is my order?");
        assertThat(db.jdbc().queryForObject("select count(*) from ticket_enrichment", Integer.class)).isEqualTo(1);

        records.seen(35436, "open", "Reopened: where is my order?");
        records.written(about(35436, "jane@acme.example", "ORDER_DELAY:801B"), null, null);

        assertThat(records.openTicketsAbout(List.of("ORDER_DELAY:801A"), List.of("jane@acme.example"))).isEmpty();
        assertThat(records.openTicketsAbout(List.of("ORDER_DELAY:801B"), List.of("jane@acme.example")))
                .containsEntry("jane@acme.example", new EnrichmentRecords.OpenTicketLink(35436,
                        "Reopened: where is my order?", "open"));
    }

    private static TicketEnrichment about(long ticketId, String email, String topic) {
        return new TicketEnrichment(ticketId, email, true, "note " + topic, List.of(), Map.of(), null,
                List.of(topic));
    }

    private static TicketEnrichment enrichment(long ticketId, String note) {
        return new TicketEnrichment(ticketId, "jane@acme.example", true, note, List.of("kairos_enriched"),
                Map.of(360001L, "Gold"), null);
    }
}
