package io.kairos.salesforce;

import io.kairos.proactive.AudienceFilter;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalKind;
import io.kairos.proactive.SignalRecordIds;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Builds the SOQL that finds who a signal concerns, refusing a signal that lacks what its type needs. */
final class AudienceQueries {

    private static final Pattern SOQL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final SalesforceProperties.Fields fields;
    private final String defaultAudience;
    private final List<String> audienceFields;

    AudienceQueries(SalesforceProperties properties, String defaultAudience, List<String> audienceFields) {
        this.fields = properties.fields();
        this.defaultAudience = defaultAudience == null || defaultAudience.isBlank() ? null : defaultAudience.trim();
        this.audienceFields = List.copyOf(audienceFields);
    }

    /**
     * The first-page query of the signal's audience and how to read its rows.
     *
     * @throws IllegalArgumentException when the signal lacks its order id or product, or its audience is unsafe
     */
    AudienceQuery forSignal(Signal signal, SignalKind kind) {
        return switch (kind.audience()) {
            case ORDER_CONTACT -> orderContact(kind, signal.recordId());
            case PRODUCT_OWNERS -> productOwners(kind, signal.product());
            case CONTACTS_WHERE -> filtered(signal);
            case ACCOUNT_CONTACTS -> accountContacts(kind, signal.recordId());
        };
    }

    /**
     * The contacts of the record's Account: the Account itself, or the AccountId of the kind's record entity (one
     * level of semi-join, as SOQL allows). With a role, rows are AccountContactRelations whose Roles include it
     * (Salesforce's documented multi-select picklist, needs Contacts to Multiple Accounts); the Contact sits in
     * {@code Contact}.
     */
    private AudienceQuery accountContacts(SignalKind kind, String recordId) {
        // Checked again here although intake checks it too: this is the last point before the id becomes SOQL.
        SignalRecordIds.check(kind, recordId);
        String entity = kind.recordEntity();
        if (!SOQL_NAME.matcher(entity).matches()) {
            throw new IllegalArgumentException(kind.type() + ": '" + entity + "' is not an object name");
        }
        String account = "Account".equals(entity) ? "AccountId = " + SoqlQueries.literal(recordId)
                : "AccountId IN (SELECT AccountId FROM " + entity + " WHERE Id = " + SoqlQueries.literal(recordId)
                + ")";
        String role = kind.audienceRole();
        if (role == null || role.isBlank()) {
            return new AudienceQuery(contactSelect() + " AND " + account, null, Map.of());
        }
        String soql = "SELECT Contact.Id, Contact.Name, Contact.Email, Contact." + fields.contactTimeZone()
                + ", Contact.HasOptedOutOfEmail, "
                + fields.contactLanguageField().map(field -> "Contact." + field + ", ").orElse("")
                + accountZone() + accountLanguage() + "Account.Name "
                + "FROM AccountContactRelation WHERE Contact.Email != null AND " + account
                + " AND Roles INCLUDES (" + SoqlQueries.literal(role.trim()) + ")";
        return new AudienceQuery(soql, "Contact", Map.of());
    }

    private AudienceQuery orderContact(SignalKind kind, String orderId) {
        // Checked again here although intake checks it too: this is the last point before the id becomes SOQL.
        SignalRecordIds.check(kind, orderId);
        String contact = fields.orderContact();
        String soql = "SELECT Id, OrderNumber, Status, " + fields.orderExpectedDelivery() + ", Account.Name, "
                + accountZone()
                + accountLanguage()
                + contact + ".Id, " + contact + ".Name, " + contact + ".Email, "
                + fields.contactLanguageField().map(field -> contact + "." + field + ", ").orElse("")
                + contact + "." + fields.contactTimeZone() + ", " + contact + ".HasOptedOutOfEmail "
                + "FROM Order WHERE Id = " + SoqlQueries.literal(orderId);
        return new AudienceQuery(soql, contact, Map.of());
    }

    private AudienceQuery productOwners(SignalKind kind, String product) {
        if (product == null || product.isBlank()) {
            throw new IllegalArgumentException(kind.type() + " needs a product");
        }
        String soql = contactSelect() + " AND AccountId IN (SELECT AccountId FROM Asset WHERE Product2.Name = "
                + SoqlQueries.literal(product.trim()) + ")";
        return new AudienceQuery(soql, null, Map.of("product", product.trim()));
    }

    private AudienceQuery filtered(Signal signal) {
        String own = signal.audience();
        String audience = own == null || own.isBlank() ? defaultAudience : own;
        if (audience == null) {
            throw new IllegalArgumentException(signal.type() + " needs an audience");
        }
        // Checked again here although intake checks it too: this is the last point before the clause becomes SOQL.
        AudienceFilter.validate(audience, audienceFields);
        return new AudienceQuery(contactSelect() + " AND (" + audience + ")", null, Map.of());
    }

    /** The account zone column with its trailing comma, when the org has one; else nothing. */
    private String accountZone() {
        return fields.accountZoneField().map(field -> "Account." + field + ", ").orElse("");
    }

    /** The account language column with its trailing comma, when the org has one; else nothing. */
    private String accountLanguage() {
        return fields.accountLanguageField().map(field -> "Account." + field + ", ").orElse("");
    }

    private String contactSelect() {
        return "SELECT Id, Name, Email, " + fields.contactTimeZone() + ", HasOptedOutOfEmail, "
                + fields.contactLanguageField().map(field -> field + ", ").orElse("")
                + accountZone() + accountLanguage() + "Account.Name "
                + "FROM Contact WHERE Email != null";
    }

    /**
     * One audience query.
     *
     * @param contactRelationship where the Contact sits in a row: null when rows are Contacts, else the
     *                            relationship name (the Order's contact, or an AccountContactRelation's Contact)
     * @param variables           template values shared by every recipient of the signal
     */
    record AudienceQuery(String soql, String contactRelationship, Map<String, String> variables) {

        AudienceQuery {
            variables = Map.copyOf(variables);
        }
    }
}
