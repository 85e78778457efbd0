package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a helpdesk ticket about each signal type carries, from the configured templates. */
class OpenTicketTermsTest {

    private static final OpenTicketProperties DEFAULTS = OpenTicketProperties.defaults();

    @Test
    void anOrderDelayIsSearchedByItsOrderNumberAndTheOrderTag() {
        OpenTicketTerms terms = OpenTicketTerms.of(signal(Signal.Type.ORDER_DELAY, "801000000000102AAA", null),
                List.of(recipient("00000102"), recipient("00000102")), DEFAULTS);

        assertThat(terms.phrases()).containsExactly("00000102");
        assertThat(terms.tags()).containsExactly("order_00000102");
    }

    @Test
    void anOrderDelayWithoutAnOrderNumberYetSearchesNothing() {
        assertThat(OpenTicketTerms.of(signal(Signal.Type.ORDER_DELAY, "801000000000102AAA", null),
                List.of(recipient(" ")), DEFAULTS).isEmpty()).isTrue();
    }

    @Test
    void aKnownIssueIsSearchedByItsRecordAndWithoutOneByItsProduct() {
        OpenTicketTerms named = OpenTicketTerms.of(signal(Signal.Type.KNOWN_ISSUE, "KI-0042", "Sync App"),
                List.of(), DEFAULTS);
        assertThat(named.phrases()).containsExactly("KI-0042");
        assertThat(named.tags()).containsExactly("ki-0042");

        OpenTicketTerms unnamed = OpenTicketTerms.of(signal(Signal.Type.KNOWN_ISSUE, null, "Sync App"),
                List.of(), DEFAULTS);
        assertThat(unnamed.phrases()).containsExactly("Sync App");
        assertThat(unnamed.tags()).isEmpty();
    }

    @Test
    void aKindOfTheCatalogIsSearchedByTheTagsAndTermsItsEntryGives() {
        Signal.Type churn = Signal.Type.valueOf("CHURN_RISK");
        OpenTicketProperties settings = DEFAULTS.withKind(churn,
                new SignalKind.TicketHints(List.of("churn_risk", "account_{record}"), List.of("{product} renewal")));

        OpenTicketTerms terms = OpenTicketTerms.of(signal(churn, "001000000000001AAA", "Sync App"), List.of(),
                settings);

        assertThat(terms.tags()).containsExactly("churn_risk", "account_001000000000001aaa");
        assertThat(terms.phrases()).containsExactly("Sync App renewal");
        assertThat(OpenTicketTerms.of(signal(churn, "001000000000001AAA", null), List.of(), DEFAULTS).isEmpty())
                .as("without the entry's hints nor properties: nothing to search").isTrue();
    }

    @Test
    void outagesAndAnnouncementsSearchOnlyWhatOpsConfigure() {
        assertThat(OpenTicketTerms.of(signal(Signal.Type.OUTAGE, null, "Sync App"), List.of(), DEFAULTS).isEmpty())
                .isTrue();

        OpenTicketProperties ops = new OpenTicketProperties(true,
                Map.of(Signal.Type.OUTAGE, List.of("outage {product}", "incident_{record}")),
                Map.of(Signal.Type.OUTAGE, List.of("\"{product}\" down")), 100, 2000, 3, Duration.ofSeconds(5),
                Duration.ofMinutes(1));
        OpenTicketTerms terms = OpenTicketTerms.of(signal(Signal.Type.OUTAGE, null, "Sync  App"), List.of(), ops);

        assertThat(terms.tags()).as("a template whose value is missing is left out").containsExactly("outage_sync_app");
        assertThat(terms.phrases()).as("quotes cannot end the phrase early").containsExactly("Sync App down");
    }

    static Signal signal(Signal.Type type, String recordId, String product) {
        return new Signal("sig-" + type, "key", "manual", type, recordId, Signal.Severity.NORMAL, "title", null,
                product, null, null, null, Instant.parse("2026-11-26T10:00:00Z"));
    }

    static Recipient recipient(String orderNumber) {
        return new Recipient("003A", "jane@acme.example", "Jane", null, false, Map.of("orderNumber", orderNumber));
    }
}
