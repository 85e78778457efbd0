package io.kairos.salesforce;

import io.kairos.enrichment.FieldMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

/**
 * Builds the SOQL of a customer lookup from the org's field names, with every string literal escaped and every
 * mapped field checked against {@link FieldMapping#FIELD} before it is written into a query.
 */
final class SoqlQueries {

    private final SalesforceProperties.Fields fields;
    private final int maxOrders;

    SoqlQueries(SalesforceProperties properties) {
        this.fields = properties.fields();
        this.maxOrders = properties.maxOrders();
    }

    /** The newest Contact with this email, with its Account, tier and account owner. */
    String contactByEmail(String email) {
        return contactByEmail(email, List.of());
    }

    /**
     * The newest Contact with this email, with its Account, tier and account owner, and the mapped fields.
     *
     * @param mappedFields {@code Contact.X} or {@code Account.X} names; one that is not a checked field name is refused
     * @throws IllegalArgumentException for a mapped field that does not match {@link FieldMapping#FIELD}
     */
    String contactByEmail(String email, Collection<String> mappedFields) {
        List<String> select = new ArrayList<>(List.of("Id", "Name", "Email", fields.contactTimeZone(),
                "HasOptedOutOfEmail", "AccountId", "Account.Name", "Account." + fields.accountTier(),
                "Account.Owner.Name"));
        for (String mapped : mappedFields) {
            String column = column(mapped);
            // SOQL refuses a field selected twice, and compares field names without case.
            if (select.stream().noneMatch(column::equalsIgnoreCase)) {
                select.add(column);
            }
        }
        return "SELECT " + String.join(", ", select) + " FROM Contact WHERE Email = " + literal(email)
                + " ORDER BY LastModifiedDate DESC LIMIT 1";
    }

    /**
     * The newest Contacts first with any of these emails, in as few queries as fit {@link #MAX_IN_LIST} characters
     * of literals each: Salesforce reads a query from the request URI, which it caps at about 16,000 characters.
     */
    List<String> contactsByEmails(Collection<String> emails, Collection<String> mappedFields) {
        String single = contactByEmail("x", mappedFields);
        String select = single.substring(0, single.indexOf(" WHERE "));
        return inLists(emails).stream().map(list -> select + " WHERE Email IN " + list
                + " ORDER BY LastModifiedDate DESC").toList();
    }

    /** Each account's most recent orders and the products of its assets, for many accounts at once. */
    List<String> accountsOrdersAndProducts(Collection<String> accountIds) {
        String single = accountOrdersAndProducts("x");
        String select = single.substring(0, single.indexOf(" WHERE Id = "));
        return inLists(accountIds).stream().map(list -> select + " WHERE Id IN " + list).toList();
    }

    /** The characters of literals one {@code IN (...)} list holds at most. */
    static final int MAX_IN_LIST = 8000;

    private static List<String> inLists(Collection<String> values) {
        List<String> lists = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int length = 0;
        for (String value : values.stream().distinct().toList()) {
            String literal = literal(value);
            if (!current.isEmpty() && length + literal.length() + 2 > MAX_IN_LIST) {
                lists.add(String.join(", ", current));
                current = new ArrayList<>();
                length = 0;
            }
            current.add(literal);
            length += literal.length() + 2;
        }
        if (!current.isEmpty()) {
            lists.add(String.join(", ", current));
        }
        return lists.stream().map(list -> "(" + list + ")").toList();
    }

    /** A mapped field as a column of the contact query: Contact.Title is Title, Account.Industry stays as it is. */
    static String column(String mapped) {
        Matcher field = mapped == null ? null : FieldMapping.FIELD.matcher(mapped);
        if (field == null || !field.matches()) {
            throw new IllegalArgumentException("not a mappable Salesforce field: " + mapped);
        }
        return "Contact".equals(field.group(1)) ? field.group(2) : "Account." + field.group(2);
    }

    /** The account's most recent orders and the products of its assets. */
    String accountOrdersAndProducts(String accountId) {
        return "SELECT Id, (SELECT Id, OrderNumber, Status, " + fields.orderExpectedDelivery()
                + " FROM Orders ORDER BY EffectiveDate DESC LIMIT " + maxOrders + "), "
                + "(SELECT Product2.Name FROM Assets) FROM Account WHERE Id = " + literal(accountId);
    }

    /** Known issues in an open status that affect one of these products. */
    String openKnownIssues(List<String> products) {
        return "SELECT Id, Name, " + fields.knownIssueStatus() + ", " + fields.knownIssueProduct() + ", "
                + fields.knownIssueSummary() + ", " + fields.knownIssueProblemId() + " FROM " + fields.knownIssueObject()
                + " WHERE " + fields.knownIssueStatus() + " IN " + literals(fields.knownIssueOpenStatuses())
                + " AND " + fields.knownIssueProduct() + " IN " + literals(products);
    }

    /**
     * The Zendesk problem ticket one known issue names; a signal names its known issue by Salesforce id or by name
     * (e.g. KI-0042), and SOQL refuses a comparison of Id with anything but an id.
     */
    String knownIssueProblem(String knownIssue) {
        String field = SALESFORCE_ID.matcher(knownIssue).matches() ? "Id" : "Name";
        return "SELECT Id, " + fields.knownIssueProblemId() + " FROM " + fields.knownIssueObject() + " WHERE " + field
                + " = " + literal(knownIssue) + " LIMIT 1";
    }

    private static final java.util.regex.Pattern SALESFORCE_ID =
            java.util.regex.Pattern.compile("[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?");

    /** Whether {@link #openKnownIssues} can be asked at all: SOQL has no empty {@code IN ()}. */
    boolean knownIssuesConfigured() {
        return fields.knownIssueOpenStatuses() != null && !fields.knownIssueOpenStatuses().isEmpty();
    }

    /** A SOQL string literal: backslash and single quote are the characters that must be escaped inside quotes. */
    static String literal(String value) {
        if (value == null) {
            throw new IllegalArgumentException("SOQL literal must not be null");
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String literals(List<String> values) {
        return values.stream().map(SoqlQueries::literal).collect(Collectors.joining(", ", "(", ")"));
    }
}
