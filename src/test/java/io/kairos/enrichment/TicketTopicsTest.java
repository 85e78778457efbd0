package io.kairos.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A ticket's topics and a signal's must meet exactly when both are about the same order or known issue. */
class TicketTopicsTest {

    private static final CustomerContext.Order DELAYED = new CustomerContext.Order("00000102", "Delayed",
            LocalDate.of(2026, 12, 1), "801000000000102AAA");
    private static final CustomerContext.KnownIssue SYNC = new CustomerContext.KnownIssue("KI-0042", "Open",
            "Sync App", "Sync stalls", 99L, "a01000000000001AAA");

    @Test
    void aTicketIsAboutItsOrdersAtRiskAndKnownIssues() {
        assertThat(TicketTopics.ofTicket(List.of(DELAYED), List.of(SYNC))).containsExactly(
                "ORDER_DELAY:801000000000102AAA", "KNOWN_ISSUE_ID:a01000000000001AAA", "KNOWN_ISSUE_NAME:ki-0042",
                "KNOWN_ISSUE_PRODUCT:sync app");
    }

    @Test
    void signalsMeetTheTicketByOrderIdOrKnownIssueIdNameOrProduct() {
        List<String> ticket = TicketTopics.ofTicket(List.of(DELAYED), List.of(SYNC));

        assertThat(TicketTopics.ofSignal("ORDER_DELAY", "801000000000102AAA", null)).isSubsetOf(ticket);
        assertThat(TicketTopics.ofSignal("KNOWN_ISSUE", "a01000000000001AAA", "Sync App")).containsAnyElementsOf(ticket);
        assertThat(TicketTopics.ofSignal("KNOWN_ISSUE", " ki-0042 ", null)).containsAnyElementsOf(ticket);
        assertThat(TicketTopics.ofSignal("KNOWN_ISSUE", null, "SYNC APP")).containsExactly("KNOWN_ISSUE_PRODUCT:sync app");
    }

    @Test
    void differentRecordsAndTypesWithoutARecordNeverMeetATicket() {
        List<String> ticket = TicketTopics.ofTicket(List.of(DELAYED), List.of(SYNC));

        assertThat(TicketTopics.ofSignal("ORDER_DELAY", "801000000000102aaa", null)).as("ids are case-sensitive")
                .doesNotContainAnyElementsOf(ticket);
        assertThat(TicketTopics.ofSignal("KNOWN_ISSUE", "KI-0043", "Sync App")).as("another issue, same product")
                .doesNotContainAnyElementsOf(ticket);
        assertThat(TicketTopics.ofSignal("OUTAGE", "x", "Sync App")).isEmpty();
        assertThat(TicketTopics.ofSignal("ANNOUNCEMENT", null, null)).isEmpty();
        assertThat(TicketTopics.ofTicket(List.of(new CustomerContext.Order("1", "Delayed", null)), List.of()))
                .as("an order cached before ids were kept").isEmpty();
    }
}
