package io.kairos.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerEntry.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The note, tags and fields an agent sees, with a fixed clock. */
class TicketEnricherTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    private static final EnrichmentProperties PROPERTIES = new EnrichmentProperties("kairos_",
            List.of("Delayed", "Backordered", "On Hold"), Map.of("tier", 360001L, "account", 360002L), 3,
            Duration.ofMinutes(10));

    private final TicketEnricher enricher = new TicketEnricher(PROPERTIES, CLOCK);

    private static final List<CustomerContext.Order> ORDERS = List.of(
            new CustomerContext.Order("00000101", "Delayed", LocalDate.parse("2026-12-01")),
            new CustomerContext.Order("00000102", "Shipped", LocalDate.parse("2026-11-25")),
            new CustomerContext.Order("00000103", "Delivered", LocalDate.parse("2026-11-01")),
            new CustomerContext.Order("00000104", "Activated", LocalDate.parse("2026-10-01")),
            new CustomerContext.Order("00000105", "Shipped", LocalDate.parse("2026-11-26")),
            new CustomerContext.Order("00000106", "on hold", null),
            new CustomerContext.Order("00000107", null, null));

    private static final CustomerContext.KnownIssue SYNC_OUTAGE = new CustomerContext.KnownIssue("Sync outage",
            "Open", "Sync App", "Syncs fail after 2.4.1", 99L);

    static CustomerContext jane(String tier, List<CustomerContext.Order> orders,
                                List<CustomerContext.KnownIssue> issues) {
        return new CustomerContext("003A", "Jane Doe", "jane@acme.example", "Europe/Berlin", false, "001A",
                "Acme GmbH", tier, "Sam Seller", orders, List.of("Sync App"), issues);
    }

    @Test
    void theNoteSaysWhoWhatIsAtRiskTheKnownIssueAndWhatWasAlreadyTold() {
        List<LedgerEntry> told = List.of(
                told("Order 00000101 is delayed", "email", Instant.parse("2026-11-25T23:30:59Z")),
                new LedgerEntry("jane@acme.example", "sig-2", "known_issue", "a0B1", null, Decision.SENT, null,
                        null, null, Instant.parse("2026-11-24T08:05:00Z")));

        TicketEnrichment enrichment = enricher.enrich(35436, jane("Gold", ORDERS, List.of(SYNC_OUTAGE)), told);

        assertThat(enrichment.internalNote()).isEqualTo("""
                Kairos · Salesforce context
                Who: Jane Doe <jane@acme.example> · Acme GmbH · Tier: Gold · Owner: Sam Seller
                Orders at risk: 00000101 Delayed (ETA 2026-12-01); 00000102 Shipped (ETA 2026-11-25); \
                00000106 on hold
                Known issue: Sync outage on Sync App: Syncs fail after 2.4.1 → problem #99
                Already told: notified about Order 00000101 is delayed at 2026-11-25 23:30 UTC (email); \
                notified about known_issue a0B1 at 2026-11-24 08:05 UTC""");
        assertThat(enrichment.ticketId()).isEqualTo(35436);
        assertThat(enrichment.contactEmail()).isEqualTo("jane@acme.example");
        assertThat(enrichment.customerKnown()).isTrue();
        assertThat(enrichment.problemId()).isEqualTo(99L);
    }

    @Test
    void anOrderIsAtRiskByStatusOrByAnOverdueEtaUnlessDelivered() {
        TicketEnrichment enrichment = enricher.enrich(1, jane("Gold", ORDERS, List.of()), List.of());

        assertThat(noteLine(enrichment, "Orders at risk: "))
                .contains("00000101", "00000102", "00000106")
                .doesNotContain("00000103", "00000104", "00000105", "00000107");
    }

    @Test
    void theAlreadyToldLineKeepsTheConfiguredNumberOfEntriesAndNamesEachDecision() {
        Instant at = Instant.parse("2026-11-20T12:00:00Z");
        List<LedgerEntry> told = List.of(
                new LedgerEntry("j", "s1", "order_delayed", null, null, Decision.DEFERRED, null, null, "one", at),
                new LedgerEntry("j", "s2", "order_delayed", null, null, Decision.SUPPRESSED, null, null, "two", at),
                new LedgerEntry("j", "s3", "order_delayed", null, null, Decision.FAILED, null, null, "three", at),
                new LedgerEntry("j", "s4", "order_delayed", null, null, Decision.SENT, null, null, "four", at));

        TicketEnrichment enrichment = enricher.enrich(1, jane("Gold", List.of(), List.of()), told);

        assertThat(noteLine(enrichment, "Already told: ")).isEqualTo("deferred about one at 2026-11-20 12:00 UTC; "
                + "held back about two at 2026-11-20 12:00 UTC; failed to notify about three at 2026-11-20 12:00 UTC");
    }

    @Test
    void aSendWithAnUnknownOutcomeSaysItMayHaveNotified() {
        Instant at = Instant.parse("2026-11-20T12:00:00Z");
        List<LedgerEntry> told = List.of(new LedgerEntry("j", "s5", "ORDER_DELAY", "801A", "intercom",
                Decision.NEEDS_RECONCILE, "LEASE_EXPIRED_WHILE_SENDING", null, "Order 00123 delayed", at));

        TicketEnrichment enrichment = enricher.enrich(1, jane("Gold", List.of(), List.of()), told);

        assertThat(noteLine(enrichment, "Already told: "))
                .isEqualTo("may have notified about Order 00123 delayed at 2026-11-20 12:00 UTC (intercom)");
    }

    @Test
    void aCustomerWithNothingToReportSaysSo() {
        CustomerContext bare = new CustomerContext("003B", null, "solo@x.example", null, false, null, null, null,
                null, null, null, null);

        TicketEnrichment enrichment = enricher.enrich(7, bare, List.of());

        assertThat(enrichment.internalNote()).isEqualTo("""
                Kairos · Salesforce context
                Who: — <solo@x.example> · — · Tier: — · Owner: —
                Orders at risk: none
                Known issue: none
                Already told: nothing yet""");
        assertThat(enrichment.tags()).containsExactly("kairos_enriched");
        assertThat(enrichment.customFields()).isEmpty();
        assertThat(enrichment.problemId()).isNull();
    }

    @Test
    void tagsSayWhatTheNoteFound() {
        TicketEnrichment enrichment = enricher.enrich(1, jane("Gold Plus!", ORDERS, List.of(SYNC_OUTAGE)),
                List.of(told("x", "email", Instant.parse("2026-11-20T12:00:00Z"))));

        assertThat(enrichment.tags()).containsExactly("kairos_enriched", "kairos_tier_gold_plus",
                "kairos_order_at_risk", "kairos_known_issue", "kairos_notified");
    }

    @Test
    void customFieldsAreWrittenOnlyForConfiguredAttributes() {
        TicketEnrichment enrichment = enricher.enrich(1, jane("Gold", List.of(), List.of()), List.of());

        assertThat(enrichment.customFields()).isEqualTo(Map.of(360001L, "Gold", 360002L, "Acme GmbH"));
        assertThat(enrichment.customFields()).as("owner has no configured field").doesNotContainValue("Sam Seller");
        assertThat(enricher.enrich(1, jane(" ", List.of(), List.of()), List.of()).customFields())
                .as("a blank tier is not written").isEqualTo(Map.of(360002L, "Acme GmbH"));
    }

    @Test
    void mappedFieldsFillTheirCustomFieldsAndTagsWithTheSluggedValue() {
        EnrichmentProperties mapped = new EnrichmentProperties("acme_", List.of("Delayed"),
                Map.of("tier", 360001L), 3, Duration.ofMinutes(10), List.of(
                        new FieldMapping("Account.Industry", 360004L, null),
                        new FieldMapping("Account.Region__c", null, "region_{value}"),
                        new FieldMapping("Contact.Title", 360005L, "title_{value}_x"),
                        new FieldMapping("Account.Rating", null, "rating_{value}"),
                        new FieldMapping("Contact.Department", 360006L, "dept_{value}")));
        CustomerContext customer = withFields(Map.of("Account.Industry", "Manufacturing",
                "Account.Region__c", "EMEA North / DACH", "Contact.Title", "Head of IT", "Account.Rating", "!!!",
                "Contact.Department", " "));

        TicketEnrichment enrichment = new TicketEnricher(mapped, CLOCK).enrich(1, customer, List.of());

        assertThat(enrichment.customFields()).isEqualTo(Map.of(360001L, "Gold", 360004L, "Manufacturing",
                360005L, "Head of IT"));
        assertThat(enrichment.tags()).as("no tag for a value with nothing to slug, nothing for a blank value")
                .containsExactly("acme_enriched", "acme_tier_gold", "acme_region_emea_north_dach",
                        "acme_title_head_of_it_x");
    }

    @Test
    void aMappedFieldWithoutAValueWritesNothingAndTheFixedAttributesStay() {
        EnrichmentProperties mapped = new EnrichmentProperties("kairos_", List.of(), Map.of("account", 360002L), 3,
                Duration.ofMinutes(10), List.of(new FieldMapping("Account.Industry", 360004L, "industry_{value}")));

        TicketEnrichment enrichment = new TicketEnricher(mapped, CLOCK).enrich(1,
                withFields(Map.of("Account.Industry", "")), List.of());

        assertThat(enrichment.customFields()).isEqualTo(Map.of(360002L, "Acme GmbH"));
        assertThat(enrichment.tags()).containsExactly("kairos_enriched", "kairos_tier_gold");
        assertThat(new TicketEnricher(mapped, CLOCK).enrich(1, jane("Gold", List.of(), List.of()), List.of())
                .customFields()).as("a context without the field").isEqualTo(Map.of(360002L, "Acme GmbH"));
    }

    @Test
    void theProblemLinkIsTheFirstKnownIssueWithAProblemTicket() {
        List<CustomerContext.KnownIssue> issues = List.of(
                new CustomerContext.KnownIssue("Slow search", "Investigating", "Widget Pro", null, null),
                new CustomerContext.KnownIssue("Bad id", "Open", "Widget Pro", null, 0L),
                SYNC_OUTAGE);

        TicketEnrichment enrichment = enricher.enrich(1, jane("Gold", List.of(), issues), List.of());

        assertThat(enrichment.problemId()).isEqualTo(99L);
        assertThat(noteLine(enrichment, "Known issue: ")).startsWith("Slow search on Widget Pro; Bad id on Widget Pro"
                + " → problem #0; Sync outage");
    }

    @Test
    void anUnknownCustomerIsSaidPlainly() {
        TicketEnrichment enrichment = enricher.unknownCustomer(35437, "omar@globex.example");

        assertThat(enrichment).isEqualTo(new TicketEnrichment(35437, "omar@globex.example", false,
                "Kairos · no Salesforce contact found for omar@globex.example; this ticket was not enriched.",
                List.of("kairos_unknown_customer"), Map.of(), null));
        assertThat(enricher.unknownCustomer(35437, null).internalNote())
                .isEqualTo("Kairos · no Salesforce contact found for (no requester email); this ticket was not "
                        + "enriched.");
    }

    @Test
    void theFingerprintIsEqualForEqualContentAndDiffersOtherwise() {
        CustomerContext gold = jane("Gold", ORDERS, List.of(SYNC_OUTAGE));
        List<LedgerEntry> told = List.of(told("x", "email", Instant.parse("2026-11-20T12:00:00Z")));
        String fingerprint = enricher.enrich(1, gold, told).fingerprint();

        assertThat(enricher.enrich(1, jane("Gold", ORDERS, List.of(SYNC_OUTAGE)), told).fingerprint())
                .isEqualTo(fingerprint).hasSize(64);
        assertThat(enricher.enrich(1, jane("Platinum", ORDERS, List.of(SYNC_OUTAGE)), told).fingerprint())
                .isNotEqualTo(fingerprint);
        assertThat(enricher.enrich(1, gold, List.of()).fingerprint()).isNotEqualTo(fingerprint);
        assertThat(enricher.enrich(1, jane("Gold", ORDERS, List.of()), told).fingerprint()).isNotEqualTo(fingerprint);

        TicketEnrichment base = new TicketEnrichment(1, "j", true, "note", List.of("a"), Map.of(1L, "x", 2L, "y"),
                null);
        assertThat(new TicketEnrichment(1, "j", true, "note", List.of("a"), Map.of(2L, "y", 1L, "x"), null)
                .fingerprint()).as("field order does not matter").isEqualTo(base.fingerprint());
        assertThat(new TicketEnrichment(1, "j", true, "note", List.of("a", "b"), Map.of(1L, "x", 2L, "y"), null)
                .fingerprint()).isNotEqualTo(base.fingerprint());
        assertThat(new TicketEnrichment(1, "j", true, "note", List.of("a"), Map.of(1L, "x", 2L, "z"), null)
                .fingerprint()).isNotEqualTo(base.fingerprint());
        assertThat(new TicketEnrichment(1, "j", true, "note", List.of("a"), Map.of(1L, "x", 2L, "y"), 99L)
                .fingerprint()).isNotEqualTo(base.fingerprint());
    }

    private static CustomerContext withFields(Map<String, String> fields) {
        return new CustomerContext("003A", "Jane Doe", "jane@acme.example", "Europe/Berlin", false, "001A",
                "Acme GmbH", "Gold", "Sam Seller", List.of(), List.of(), List.of(), fields);
    }

    private static LedgerEntry told(String summary, String channel, Instant at) {
        return new LedgerEntry("jane@acme.example", "sig-1", "order_delayed", "801A", channel, Decision.SENT,
                "sent", null, summary, at);
    }

    private static String noteLine(TicketEnrichment enrichment, String prefix) {
        return enrichment.internalNote().lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow()
                .substring(prefix.length());
    }
}
