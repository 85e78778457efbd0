package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.proactive.ChangeRule;
import io.kairos.proactive.InvalidSignalException;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SOQL of the account-contacts audience, built without Camel or Salesforce. */
class AudienceQueriesTest {

    private static final String ACCOUNT = "001000000000007AAA";
    private static final String CONTACTS = "SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, Account.Name "
            + "FROM Contact WHERE Email != null";
    private static final ChangeRule HEALTH = new ChangeRule("/data/AccountChangeEvent", "Account",
            "Health_Score__c", ChangeRule.Condition.BELOW, "40");
    private static final ChangeRule WON = new ChangeRule("/data/OpportunityChangeEvent", "Opportunity",
            "StageName", ChangeRule.Condition.BECOMES, "Closed Won");

    private final AudienceQueries queries = new AudienceQueries(SoqlQueriesTest.properties(Map.of()), null,
            List.of("MailingCountry"));

    @Test
    void anAccountChangeConcernsTheAccountsContacts() {
        AudienceQueries.AudienceQuery query = queries.forSignal(signal(ACCOUNT), kind(HEALTH, null));

        assertThat(query.soql()).isEqualTo(CONTACTS + " AND AccountId = '" + ACCOUNT + "'");
        assertThat(query.contactRelationship()).isNull();
    }

    @Test
    void anOpportunityChangeConcernsItsAccountsContacts() {
        String opportunity = "006000000000009AAA";

        assertThat(queries.forSignal(signal(opportunity), kind(WON, null)).soql()).isEqualTo(CONTACTS
                + " AND AccountId IN (SELECT AccountId FROM Opportunity WHERE Id = '" + opportunity + "')");
    }

    @Test
    void aRoleReadsTheAccountContactRelationsWhoseRolesIncludeIt() {
        AudienceQueries.AudienceQuery query = queries.forSignal(signal(ACCOUNT), kind(HEALTH, "Decision Maker"));

        assertThat(query.soql()).isEqualTo("SELECT Contact.Id, Contact.Name, Contact.Email, Contact.Time_Zone__c, "
                + "Contact.HasOptedOutOfEmail, Account.Name FROM AccountContactRelation WHERE Contact.Email != null "
                + "AND AccountId = '" + ACCOUNT + "' AND Roles INCLUDES ('Decision Maker')");
        assertThat(query.contactRelationship()).isEqualTo("Contact");
        assertThat(queries.forSignal(signal(ACCOUNT), kind(HEALTH, "Owner's Rep")).soql())
                .as("the role is a literal, escaped").endsWith("Roles INCLUDES ('Owner\\'s Rep')");
    }

    @Test
    void theRelationsContactIsTheRecipient() {
        AudienceQueries.AudienceQuery query = queries.forSignal(signal(ACCOUNT), kind(HEALTH, "Decision Maker"));
        String answer = """
                {"totalSize": 2, "done": true, "records": [
                  {"attributes": {"type": "AccountContactRelation"},
                   "Contact": {"Id": "003000000000001AAA", "Name": "Jane Doe", "Email": "jane@acme.example",
                               "Time_Zone__c": "Europe/Berlin", "HasOptedOutOfEmail": false},
                   "Account": {"Name": "Acme GmbH"}},
                  {"attributes": {"type": "AccountContactRelation"},
                   "Contact": {"Id": "003000000000002AAA", "Name": "No Mail", "Email": null},
                   "Account": {"Name": "Acme GmbH"}}]}
                """;

        AudienceRecords.Page page = new AudienceRecords(SoqlQueriesTest.properties(Map.of()))
                .page(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), query);

        assertThat(page.recipients()).containsExactly(new Recipient("003000000000001AAA", "jane@acme.example",
                "Jane Doe", "Europe/Berlin", false, Map.of("accountName", "Acme GmbH")));
    }

    @Test
    void theAccountIdForSendTimeComesFromTheRowOrTheAccountsAttributesUrl() {
        AudienceQueries.AudienceQuery query = queries.forSignal(signal(ACCOUNT), kind(HEALTH, "Decision Maker"));
        // Salesforce names every related record's own URL in attributes.url, its id last (as in the real payloads).
        String answer = """
                {"totalSize": 2, "done": true, "records": [
                  {"attributes": {"type": "AccountContactRelation"},
                   "Contact": {"Id": "003000000000001AAA", "Name": "Jane Doe", "Email": "jane@acme.example"},
                   "Account": {"attributes": {"type": "Account",
                                              "url": "/services/data/v62.0/sobjects/Account/001000000000007AAA"},
                               "Name": "Acme GmbH"}},
                  {"attributes": {"type": "AccountContactRelation"}, "AccountId": "001000000000008AAA",
                   "Contact": {"Id": "003000000000002AAA", "Name": "Bob Roe", "Email": "bob@acme.example"},
                   "Account": {"Name": "Acme GmbH"}}]}
                """;

        AudienceRecords.Page page = new AudienceRecords(SoqlQueriesTest.properties(Map.of()))
                .page(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), query);

        assertThat(page.recipients()).extracting(r -> r.variables().get(Recipient.ACCOUNT_ID))
                .containsExactly("001000000000007AAA", "001000000000008AAA");
    }

    @Test
    void aRecordThatIsNoSalesforceIdNeverBecomesSoql() {
        assertThatThrownBy(() -> queries.forSignal(signal("001' OR Name != '"), kind(HEALTH, null)))
                .isInstanceOfSatisfying(InvalidSignalException.class,
                        e -> assertThat(e.field()).isEqualTo("recordId"));
        assertThatThrownBy(() -> queries.forSignal(signal(null), kind(HEALTH, null)))
                .isInstanceOf(InvalidSignalException.class).hasMessageContaining("the Account's id");
    }

    private static SignalKind kind(ChangeRule rule, String role) {
        return new SignalKind(Signal.Type.valueOf("CHURN_RISK"), "", SignalKind.Audience.ACCOUNT_CONTACTS,
                Set.of(SignalKind.Source.CHANGE_EVENT), List.of(rule), role);
    }

    private static Signal signal(String recordId) {
        return new Signal("sig-1", "dedupe-1", "salesforce", Signal.Type.valueOf("CHURN_RISK"), recordId,
                Signal.Severity.NORMAL, null, null, null, null, null, null, Instant.parse("2026-03-02T08:59:00Z"));
    }
}
