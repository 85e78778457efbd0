package io.kairos.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.enrichment.CustomerContext;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the raw JSON of Salesforce query answers into the parts of a {@link CustomerContext}. */
final class SalesforceRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SalesforceProperties.Fields fields;

    SalesforceRecords(SalesforceProperties properties) {
        this.fields = properties.fields();
    }

    /** The Contact of a contact query, empty when the query found none. */
    Optional<Contact> contact(String json) {
        return contact(json, List.of());
    }

    /**
     * The Contact of a contact query with these mapped fields ({@code Contact.X}, {@code Account.X}), empty when the
     * query found none. Every mapped field is in the answer: blank when Salesforce sent null, the Contact has no
     * Account, or the value is not a single value (a compound field such as an address).
     */
    Optional<Contact> contact(String json, Collection<String> mappedFields) {
        JsonNode record = firstRecord(read(json));
        return record == null ? Optional.empty() : Optional.of(contactOf(record, mappedFields));
    }

    /** Every Contact of a contact query, in the query's order. */
    List<Contact> contacts(String json, Collection<String> mappedFields) {
        return subqueryRecords(read(json)).stream().map(record -> contactOf(record, mappedFields)).toList();
    }

    private Contact contactOf(JsonNode record, Collection<String> mappedFields) {
        JsonNode account = object(record.get("Account"));
        JsonNode owner = account == null ? null : object(account.get("Owner"));
        Map<String, String> mapped = new LinkedHashMap<>();
        for (String name : mappedFields) {
            int dot = name.indexOf('.');
            JsonNode holder = name.startsWith("Account.") ? account : record;
            mapped.put(name, holder == null ? "" : scalar(ignoringCase(holder, name.substring(dot + 1))));
        }
        return new Contact(
                text(record, "Id"),
                text(record, "Name"),
                text(record, "Email"),
                text(record, fields.contactTimeZone()),
                record.path("HasOptedOutOfEmail").asBoolean(false),
                text(record, "AccountId"),
                account == null ? null : text(account, "Name"),
                account == null ? null : text(account, fields.accountTier()),
                owner == null ? null : text(owner, "Name"),
                mapped);
    }

    /** Orders and owned products of an account query; nothing when the account was not found. */
    AccountDetails account(String json) {
        JsonNode record = firstRecord(read(json));
        return record == null ? AccountDetails.NONE : accountOf(record);
    }

    /** The orders and owned products of each account of an account query, by account id. */
    Map<String, AccountDetails> accounts(String json) {
        Map<String, AccountDetails> accounts = new LinkedHashMap<>();
        subqueryRecords(read(json)).forEach(record -> accounts.put(text(record, "Id"), accountOf(record)));
        return accounts;
    }

    private AccountDetails accountOf(JsonNode record) {
        List<CustomerContext.Order> orders = new ArrayList<>();
        for (JsonNode order : subqueryRecords(record.get("Orders"))) {
            orders.add(new CustomerContext.Order(
                    text(order, "OrderNumber"), text(order, "Status"), date(text(order, fields.orderExpectedDelivery())),
                    text(order, "Id")));
        }
        Set<String> products = new LinkedHashSet<>();
        for (JsonNode asset : subqueryRecords(record.get("Assets"))) {
            JsonNode product = object(asset.get("Product2"));
            String name = product == null ? null : text(product, "Name");
            if (name != null && !name.isBlank()) {
                products.add(name);
            }
        }
        return new AccountDetails(orders, List.copyOf(products));
    }

    /** The rows of a known-issue query. */
    List<CustomerContext.KnownIssue> knownIssues(String json) {
        List<CustomerContext.KnownIssue> issues = new ArrayList<>();
        for (JsonNode issue : subqueryRecords(read(json))) {
            issues.add(new CustomerContext.KnownIssue(
                    text(issue, "Name"),
                    text(issue, fields.knownIssueStatus()),
                    text(issue, fields.knownIssueProduct()),
                    text(issue, fields.knownIssueSummary()),
                    problemId(issue.get(fields.knownIssueProblemId())),
                    text(issue, "Id")));
        }
        return issues;
    }

    /** The problem ticket of the one known issue a {@link SoqlQueries#knownIssueProblem} query answers. */
    Optional<Long> knownIssueProblem(String json) {
        JsonNode issue = firstRecord(read(json));
        return issue == null ? Optional.empty() : Optional.ofNullable(problemId(issue.get(fields.knownIssueProblemId())));
    }

    /** A Contact row with its Account's name, tier and owner flattened in, and the mapped fields asked for. */
    record Contact(String id, String name, String email, String timeZone, boolean optedOutOfEmail, String accountId,
                   String accountName, String tier, String ownerName, Map<String, String> mappedFields) {

        Contact {
            mappedFields = mappedFields == null ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(mappedFields));
        }

        Contact(String id, String name, String email, String timeZone, boolean optedOutOfEmail, String accountId,
                String accountName, String tier, String ownerName) {
            this(id, name, email, timeZone, optedOutOfEmail, accountId, accountName, tier, ownerName, Map.of());
        }

        /** The same Contact answering blank for these mapped fields (asked for without them). */
        Contact withMappedFields(List<String> names) {
            Map<String, String> blank = new LinkedHashMap<>();
            names.forEach(field -> blank.put(field, ""));
            return new Contact(id, name, email, timeZone, optedOutOfEmail, accountId, accountName, tier, ownerName,
                    blank);
        }

        CustomerContext toContext(AccountDetails account, List<CustomerContext.KnownIssue> knownIssues) {
            return new CustomerContext(id, name, email, timeZone, optedOutOfEmail, accountId, accountName, tier,
                    ownerName, account.orders(), account.products(), knownIssues, mappedFields);
        }
    }

    /** An account's recent orders and the distinct names of the products it owns, in the order Salesforce sent them. */
    record AccountDetails(List<CustomerContext.Order> orders, List<String> products) {

        static final AccountDetails NONE = new AccountDetails(List.of(), List.of());

        AccountDetails {
            orders = List.copyOf(orders);
            products = List.copyOf(products);
        }
    }

    // A Salesforce Number field arrives as 99.0; a text field as "99".
    static Long problemId(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String raw = value.isNumber() ? value.decimalValue().toPlainString() : value.asText().trim();
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(raw).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    // Date fields arrive as 2026-12-01; a DateTime field (2026-12-01T00:00:00.000+0000) is cut to its date.
    static LocalDate date(String value) {
        if (value == null || value.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(value.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode read(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalStateException("Salesforce query answered with an empty body");
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Salesforce query answer is not JSON", e);
        }
    }

    private static JsonNode firstRecord(JsonNode result) {
        List<JsonNode> records = subqueryRecords(result);
        return records.isEmpty() ? null : records.get(0);
    }

    // A query result, or a relationship subquery, which Salesforce sends as JSON null when it has no rows.
    private static List<JsonNode> subqueryRecords(JsonNode result) {
        JsonNode records = result == null ? null : result.get("records");
        if (records == null || !records.isArray()) {
            return List.of();
        }
        List<JsonNode> rows = new ArrayList<>();
        records.forEach(row -> {
            if (row.isObject()) {
                rows.add(row);
            }
        });
        return rows;
    }

    // Salesforce answers with each field's API name as the org spells it; a mapping may spell it otherwise.
    private static JsonNode ignoringCase(JsonNode node, String field) {
        JsonNode exact = node.get(field);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equalsIgnoreCase(field)) {
                return node.get(name);
            }
        }
        return null;
    }

    // Numbers as written (a Number(18,0) arrives as 250.0 and is shown as 250), booleans as true/false.
    private static String scalar(JsonNode value) {
        if (value == null || value.isNull() || value.isContainerNode()) {
            return "";
        }
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return (number.scale() < 0 ? number.setScale(0) : number).toPlainString();
        }
        return value.asText();
    }

    private static JsonNode object(JsonNode node) {
        return node != null && node.isObject() ? node : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
