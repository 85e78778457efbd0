package io.kairos.enrichment;

import java.time.LocalDate;
import java.util.List;

/** What Salesforce knows about a requester, reduced to what an agent needs at a glance. */
public record CustomerContext(
        String contactId,
        String name,
        String email,
        String timeZone,
        boolean optedOutOfEmail,
        String accountId,
        String accountName,
        String tier,
        String ownerName,
        List<Order> orders,
        List<String> products,
        List<KnownIssue> knownIssues) {

    public CustomerContext {
        orders = orders == null ? List.of() : List.copyOf(orders);
        products = products == null ? List.of() : List.copyOf(products);
        knownIssues = knownIssues == null ? List.of() : List.copyOf(knownIssues);
    }

    /** A recent order of the customer's account. */
    public record Order(String orderNumber, String status, LocalDate expectedDelivery) { }

    /** An open known issue affecting a product the account owns. */
    public record KnownIssue(String name, String status, String product, String publicSummary, Long zendeskProblemId) { }
}
