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

    /** A recent order of the customer's account; {@code id} is the Salesforce Order id (null in old cache rows). */
    public record Order(String orderNumber, String status, LocalDate expectedDelivery, String id) {

        public Order(String orderNumber, String status, LocalDate expectedDelivery) {
            this(orderNumber, status, expectedDelivery, null);
        }
    }

    /** An open known issue affecting a product the account owns; {@code id} is its Salesforce record id. */
    public record KnownIssue(String name, String status, String product, String publicSummary, Long zendeskProblemId,
                             String id) {

        public KnownIssue(String name, String status, String product, String publicSummary, Long zendeskProblemId) {
            this(name, status, product, publicSummary, zendeskProblemId, null);
        }
    }
}
