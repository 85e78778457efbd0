package io.kairos.salesforce;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Salesforce settings (SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET) and the names of the
 * org's custom fields, which differ between orgs.
 */
@ConfigurationProperties("salesforce")
public record SalesforceProperties(
        String loginUrl,
        String clientId,
        String clientSecret,
        @DefaultValue("15m") Duration quotaBackoff,
        @DefaultValue("5") int maxOrders,
        @DefaultValue Fields fields) {

    /**
     * Field and object names of the reference model; override per org.
     *
     * @param orderContact the Order's relationship to the Contact a delivery delay concerns (BillToContact,
     *                     ShipToContact or a custom lookup's relationship name)
     * @param accountTimeZone an Account field with an IANA zone, the quiet-hours fallback for contacts without one;
     *                        empty (the default) when the org has no such field, since SOQL fails on unknown fields
     * @param contactLanguage a Contact field with the contact's language (e.g. de, pt-BR), for proactive messages in
     *                        their language; empty (the default) when the org has none
     * @param accountLanguage an Account field with the account's language, the next choice; empty by default
     */
    public record Fields(
            @DefaultValue("Time_Zone__c") String contactTimeZone,
            @DefaultValue("Support_Tier__c") String accountTier,
            @DefaultValue("Expected_Delivery__c") String orderExpectedDelivery,
            @DefaultValue("Known_Issue__c") String knownIssueObject,
            @DefaultValue("Status__c") String knownIssueStatus,
            @DefaultValue("Product__c") String knownIssueProduct,
            @DefaultValue("Public_Summary__c") String knownIssueSummary,
            @DefaultValue("Zendesk_Problem_Id__c") String knownIssueProblemId,
            @DefaultValue({"Open", "Investigating"}) List<String> knownIssueOpenStatuses,
            @DefaultValue("BillToContact") String orderContact,
            String accountTimeZone,
            String contactLanguage,
            String accountLanguage) {

        /** The Account field to read the account's zone from, if the org has one. */
        public java.util.Optional<String> accountZoneField() {
            return optional(accountTimeZone);
        }

        /** The Contact field to read the contact's language from, if the org has one. */
        public java.util.Optional<String> contactLanguageField() {
            return optional(contactLanguage);
        }

        /** The Account field to read the account's language from, if the org has one. */
        public java.util.Optional<String> accountLanguageField() {
            return optional(accountLanguage);
        }

        private static java.util.Optional<String> optional(String field) {
            return field == null || field.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(field.trim());
        }
    }

    @Override
    public String toString() {
        return "SalesforceProperties[loginUrl=" + loginUrl + ", clientId=" + clientId + ", clientSecret=***]";
    }
}
