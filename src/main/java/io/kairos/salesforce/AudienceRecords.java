package io.kairos.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.proactive.MessageLanguages;
import io.kairos.proactive.Recipient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one page of an audience query into recipients, skipping contacts Salesforce has no email for. */
final class AudienceRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SalesforceProperties.Fields fields;

    AudienceRecords(SalesforceProperties properties) {
        this.fields = properties.fields();
    }

    /** One page of a query answer: its recipients and where the next page is, if there is one. */
    record Page(List<Recipient> recipients, String nextRecordsUrl, int rows) { }

    Page page(InputStream json, AudienceQueries.AudienceQuery query) {
        JsonNode result = read(json);
        List<Recipient> recipients = new ArrayList<>();
        JsonNode records = result.path("records");
        for (JsonNode row : records) {
            JsonNode contact = query.contactRelationship() == null ? row : row.get(query.contactRelationship());
            if (contact == null || !contact.isObject() || isBlank(text(contact, "Email"))) {
                continue;
            }
            Map<String, String> variables = new LinkedHashMap<>(query.variables());
            put(variables, "accountName", text(row.path("Account"), "Name"));
            put(variables, Recipient.ACCOUNT_ID, accountId(contact, row));
            fields.accountZoneField().ifPresent(field ->
                    put(variables, Recipient.ACCOUNT_TIME_ZONE, text(row.path("Account"), field)));
            fields.contactLanguageField().ifPresent(field ->
                    put(variables, MessageLanguages.CONTACT_LANGUAGE, text(contact, field)));
            fields.accountLanguageField().ifPresent(field ->
                    put(variables, MessageLanguages.ACCOUNT_LANGUAGE, text(row.path("Account"), field)));
            if (query.contactRelationship() != null) {
                put(variables, "orderNumber", text(row, "OrderNumber"));
                put(variables, "orderStatus", text(row, "Status"));
                put(variables, "expectedDelivery", deliveryDate(text(row, fields.orderExpectedDelivery())));
            }
            recipients.add(new Recipient(text(contact, "Id"), text(contact, "Email").trim(), text(contact, "Name"),
                    text(contact, fields.contactTimeZone()), contact.path("HasOptedOutOfEmail").asBoolean(false),
                    variables));
        }
        boolean done = result.path("done").asBoolean(true);
        String next = done ? null : text(result, "nextRecordsUrl");
        if (!done && isBlank(next)) {
            throw new IllegalStateException("Salesforce query answer is not done but has no nextRecordsUrl");
        }
        return new Page(recipients, next, records.size());
    }

    /**
     * The contact's Account id for send-time's fallback: AccountId when the row has it, else the id Salesforce puts at
     * the end of the related Account's {@code attributes.url} (every related record carries one), so the audience
     * queries need not change.
     */
    private static String accountId(JsonNode contact, JsonNode row) {
        String id = text(contact, "AccountId");
        id = id != null ? id : text(row, "AccountId");
        id = id != null ? id : text(row.path("Account"), "Id");
        if (id != null) {
            return id;
        }
        String url = text(row.path("Account").path("attributes"), "url");
        return url == null || url.endsWith("/") ? null : url.substring(url.lastIndexOf('/') + 1);
    }

    // A Date arrives as 2026-12-01, a DateTime is cut to its date; anything else is passed on as Salesforce sent it.
    private static String deliveryDate(String value) {
        LocalDate date = SalesforceRecords.date(value);
        return date == null ? value : date.toString();
    }

    // Absent values stay absent rather than empty, so a template can tell "unknown" from "".
    private static void put(Map<String, String> variables, String name, String value) {
        if (value != null) {
            variables.put(name, value);
        }
    }

    private static JsonNode read(InputStream json) {
        if (json == null) {
            throw new IllegalStateException("Salesforce query answered with an empty body");
        }
        try (InputStream in = json) {
            JsonNode result = JSON.readTree(in);
            if (result == null || !result.isObject()) {
                throw new IllegalStateException("Salesforce query answer is not a JSON object");
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Salesforce query answer is not JSON", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
