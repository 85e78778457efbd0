package io.kairos.enrichment;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Salesforce knows about a requester, reduced to what an agent needs at a glance.
 *
 * @param fields the mapped fields ({@link FieldMapping}) this context was looked up with, by their
 *               {@code Contact.X}/{@code Account.X} name; every field asked for is present, blank when Salesforce
 *               had no value, so a context looked up before a mapping was added is known to lack it
 */
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
        List<KnownIssue> knownIssues,
        Map<String, String> fields) {

    public CustomerContext {
        orders = orders == null ? List.of() : List.copyOf(orders);
        products = products == null ? List.of() : List.copyOf(products);
        knownIssues = knownIssues == null ? List.of() : List.copyOf(knownIssues);
        // Cache rows written before mappings existed have no fields; a null value is read as blank.
        Map<String, String> copy = new LinkedHashMap<>();
        if (fields != null) {
            fields.forEach((field, value) -> copy.put(field, value == null ? "" : value));
        }
        fields = Collections.unmodifiableMap(copy);
    }

    /** A context without mapped fields. */
    public CustomerContext(String contactId, String name, String email, String timeZone, boolean optedOutOfEmail,
                           String accountId, String accountName, String tier, String ownerName, List<Order> orders,
                           List<String> products, List<KnownIssue> knownIssues) {
        this(contactId, name, email, timeZone, optedOutOfEmail, accountId, accountName, tier, ownerName, orders,
                products, knownIssues, Map.of());
    }

    /** Whether this context was looked up with all these mapped fields (so it can answer for them). */
    public boolean hasFields(Collection<String> names) {
        return fields.keySet().containsAll(names);
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
