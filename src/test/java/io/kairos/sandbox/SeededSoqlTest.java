package io.kairos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeededSoqlTest {

    // The shapes io.kairos.salesforce.AudienceQueries builds for the proactive path.
    private static final String ORDER_DELAY = "SELECT Id, OrderNumber, Status, Expected_Delivery__c, Account.Name, "
            + "BillToContact.Id, BillToContact.Name, BillToContact.Email, BillToContact.Time_Zone__c, "
            + "BillToContact.HasOptedOutOfEmail FROM Order WHERE Id = '%s'";
    private static final String CONTACTS = "SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, Account.Name "
            + "FROM Contact WHERE Email != null";
    private static final String KNOWN_ISSUE = CONTACTS
            + " AND AccountId IN (SELECT AccountId FROM Asset WHERE Product2.Name = '%s')";
    private static final String AUDIENCE = CONTACTS + " AND (%s)";

    private final SeededSoql soql = new SeededSoql(SandboxSeed.salesforceOrg());

    @Test
    void anOrderDelayFindsTheOrdersBillToContact() {
        JsonNode order = query(ORDER_DELAY.formatted("801000000000123AAA")).get("records").get(0);

        assertThat(order.get("attributes").get("type").asText()).isEqualTo("Order");
        assertThat(order.get("OrderNumber").asText()).isEqualTo("00000123");
        assertThat(order.get("Status").asText()).isEqualTo("Delayed");
        assertThat(order.get("Expected_Delivery__c").asText()).isEqualTo("2026-12-01");
        assertThat(order.get("Account").get("Name").asText()).isEqualTo("Acme GmbH");
        JsonNode contact = order.get("BillToContact");
        assertThat(contact.get("attributes").get("type").asText()).isEqualTo("Contact");
        assertThat(contact.get("Id").asText()).isEqualTo("003000000000001AAA");
        assertThat(contact.get("Name").asText()).isEqualTo("Jane Doe");
        assertThat(contact.get("Email").asText()).isEqualTo("jane@acme.example");
        assertThat(contact.get("Time_Zone__c").asText()).isEqualTo("Europe/Berlin");
        assertThat(contact.get("HasOptedOutOfEmail").asBoolean()).isFalse();
    }

    @Test
    void theContactLookupWithTheExampleMappingsFindsTheMappedFieldsAndRefusesAMissingOne() {
        String lookup = "SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, AccountId, Account.Name, "
                + "Account.Support_Tier__c, Account.Owner.Name, Account.Industry, MailingCountry FROM Contact "
                + "WHERE Email = 'jane@acme.example' ORDER BY LastModifiedDate DESC LIMIT 1";

        JsonNode jane = query(lookup).get("records").get(0);

        assertThat(jane.get("Account").get("Industry").asText()).isEqualTo("Manufacturing");
        assertThat(jane.get("MailingCountry").asText()).isEqualTo("DE");
        assertError(lookup.replace("Account.Industry", "Account.Industy"), "INVALID_FIELD");
    }

    @Test
    void anOrderIdMayBeGivenInItsFifteenCharacterForm() {
        assertThat(names(query(ORDER_DELAY.formatted("801000000000131")), "BillToContact"))
                .containsExactly("Claire Martin");
        assertThat(query(ORDER_DELAY.formatted("801000000000999AAA")).get("totalSize").asInt()).isZero();
    }

    @Test
    void aKnownIssueReachesTheContactsWithAnEmailOfEveryAccountOwningTheProduct() {
        ObjectNode sync = query(KNOWN_ISSUE.formatted("Sync App"));
        assertThat(names(sync)).containsExactlyInAnyOrder("Omar Haddad", "Priya Nair", "Claire Martin",
                "Marc Dubois");
        assertThat(sync.get("totalSize").asInt()).isEqualTo(4);
        assertThat(sync.get("done").asBoolean()).isTrue();
        JsonNode marc = record(sync, "Marc Dubois");
        assertThat(marc.get("HasOptedOutOfEmail").asBoolean()).isTrue();
        assertThat(marc.get("Account").get("Name").asText()).isEqualTo("Initech SARL");
        assertThat(marc.get("Time_Zone__c").asText()).isEqualTo("Europe/Paris");

        assertThat(names(query(KNOWN_ISSUE.formatted("Widget Pro")))).containsExactlyInAnyOrder("Jane Doe",
                "Klaus Becker");
        assertThat(names(query(KNOWN_ISSUE.formatted("Gadget Max")))).isEmpty();
    }

    @Test
    void anAudienceCombinesComparisonsOnContactAndAccountFields() {
        assertThat(audience("Account.Support_Tier__c = 'Gold'")).containsExactlyInAnyOrder("Jane Doe", "Klaus Becker");
        assertThat(audience("MailingCountry IN ('FR', 'DE') AND HasOptedOutOfEmail = false"))
                .containsExactlyInAnyOrder("Jane Doe", "Claire Martin");
        assertThat(audience("MailingCountry NOT IN ('DE', 'FR')")).containsExactlyInAnyOrder("Omar Haddad",
                "Priya Nair");
        assertThat(audience("HasOptedOutOfEmail = TRUE")).containsExactlyInAnyOrder("Klaus Becker", "Marc Dubois");
        assertThat(audience("Time_Zone__c != 'Europe/Paris' AND NOT (Account.Name = 'Acme GmbH')"))
                .containsExactlyInAnyOrder("Omar Haddad", "Priya Nair");
        assertThat(audience("(MailingCountry = 'US' OR Account.Support_Tier__c = 'Bronze') AND Email LIKE '%a%'"))
                .containsExactlyInAnyOrder("Omar Haddad", "Priya Nair", "Claire Martin", "Marc Dubois");
        assertThat(audience("AccountId = '001000000000002AAA' OR Time_Zone__c < 'Europe/C'"))
                .containsExactlyInAnyOrder("Omar Haddad", "Priya Nair", "Jane Doe", "Klaus Becker");
    }

    @Test
    void likeIsCaseInsensitiveWithItsTwoWildcardsAndEscapes() {
        assertThat(audience("Account.Name LIKE 'acme%'")).containsExactlyInAnyOrder("Jane Doe", "Klaus Becker");
        assertThat(audience("Email LIKE 'j_ne@%'")).containsExactly("Jane Doe");
        assertThat(audience("Email LIKE '%\\_%'")).isEmpty();
        assertThat(audience("Email LIKE '%.example'")).hasSize(6);
    }

    @Test
    void nullIsAValueAsInSoql() {
        assertThat(names(query("SELECT Name FROM Contact WHERE Email = null"))).containsExactly("Luc Bernard");
        assertThat(names(query("SELECT Name FROM Contact WHERE Email != 'jane@acme.example'")))
                .contains("Luc Bernard").doesNotContain("Jane Doe");
        assertThat(names(query("SELECT Name FROM Known_Issue__c WHERE Zendesk_Problem_Id__c = null")))
                .containsExactly("KI-0040");
    }

    @Test
    void numbersCompareAsNumbers() {
        assertThat(names(query("SELECT Name FROM Known_Issue__c WHERE Zendesk_Problem_Id__c > 9")))
                .containsExactly("KI-0042");
        assertThat(names(query("SELECT Name FROM Known_Issue__c WHERE Zendesk_Problem_Id__c = 99.0")))
                .containsExactly("KI-0042");
        assertThat(names(query("SELECT Name FROM Known_Issue__c WHERE Zendesk_Problem_Id__c <= 98"))).isEmpty();
    }

    @Test
    void parenthesesAndSelectInsideStringLiteralsAreJustText() {
        assertThat(audience("Account.Name = '(SELECT Id FROM User)' OR Email = 'it\\'s (x)'")).isEmpty();
        assertThat(audience("Account.Name IN ('Globex Inc', 'a (b)')")).containsExactlyInAnyOrder("Omar Haddad",
                "Priya Nair");
    }

    @Test
    void whatTheSandboxCannotAnswerIsMalformedAndAnUnknownFieldInvalid() {
        assertError("SELECT Id FROM Contact WHERE CALENDAR_YEAR(LastModifiedDate) = 2026", "MALFORMED_QUERY");
        assertError(AUDIENCE.formatted("Email = 'a' AND"), "MALFORMED_QUERY");
        assertError(AUDIENCE.formatted("(Email = 'a'"), "MALFORMED_QUERY");
        assertError(AUDIENCE.formatted("Email = 'a'; DELETE"), "MALFORMED_QUERY");
        assertError(AUDIENCE.formatted("Email = 'unterminated"), "MALFORMED_QUERY");
        assertError(AUDIENCE.formatted("LastModifiedDate > LAST_N_DAYS:7"), "MALFORMED_QUERY");
        assertError(CONTACTS + " AND AccountId IN (SELECT AccountId FROM Lead)", "MALFORMED_QUERY");
        assertError(AUDIENCE.formatted("Nickname__c = 'x'"), "INVALID_FIELD");
        assertError(KNOWN_ISSUE.replace("Product2.Name", "Product2.Code__c").formatted("Sync App"), "INVALID_FIELD");
    }

    private List<String> audience(String where) {
        return names(query(AUDIENCE.formatted(where)));
    }

    private ObjectNode query(String soql) {
        return this.soql.query(soql, "v62.0");
    }

    private void assertError(String query, String errorCode) {
        assertThatThrownBy(() -> query(query)).isInstanceOfSatisfying(SandboxApiException.class,
                e -> assertThat(e.body().get(0).get("errorCode").asText()).isEqualTo(errorCode));
    }

    private static JsonNode record(ObjectNode result, String name) {
        for (JsonNode record : result.get("records")) {
            if (name.equals(record.path("Name").asText())) {
                return record;
            }
        }
        throw new AssertionError("no record named " + name + " in " + result);
    }

    private static List<String> names(ObjectNode result) {
        return names(result, null);
    }

    private static List<String> names(ObjectNode result, String relationship) {
        List<String> names = new ArrayList<>();
        for (JsonNode record : result.get("records")) {
            names.add((relationship == null ? record : record.get(relationship)).get("Name").asText());
        }
        return names;
    }
}
