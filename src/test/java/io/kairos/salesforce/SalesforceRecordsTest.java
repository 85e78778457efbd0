package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kairos.enrichment.CustomerContext;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesforceRecordsTest {

    private final SalesforceRecords records = new SalesforceRecords(SoqlQueriesTest.properties(Map.of()));

    @Test
    void readsContactWithAccountTierAndOwner() {
        SalesforceRecords.Contact contact = records.contact("""
                {"totalSize":1,"done":true,"records":[{"attributes":{"type":"Contact","url":"/x"},
                 "Id":"003A","Name":"Jane Doe","Email":"jane@acme.example","Time_Zone__c":"Europe/Berlin",
                 "HasOptedOutOfEmail":true,"AccountId":"001A",
                 "Account":{"attributes":{"type":"Account"},"Name":"Acme GmbH","Support_Tier__c":"Gold",
                            "Owner":{"attributes":{"type":"User"},"Name":"Sam Seller"}}}]}
                """).orElseThrow();

        assertThat(contact).isEqualTo(new SalesforceRecords.Contact("003A", "Jane Doe", "jane@acme.example",
                "Europe/Berlin", true, "001A", "Acme GmbH", "Gold", "Sam Seller"));
    }

    @Test
    void mappedFieldsAreReadFromTheContactAndItsAccountWhateverTheirCase() {
        SalesforceRecords.Contact contact = records.contact("""
                {"records":[{"Id":"003A","Title":"CTO","Rating__c":4.0,"Newsletter__c":true,"Mobile":null,
                 "MailingAddress":{"city":"Berlin","country":"DE"},
                 "Account":{"Name":"Acme","Industry":"Manufacturing","NumberOfEmployees":250.0,
                            "AnnualRevenue":1.5E7,"Region__c":"EMEA"}}]}
                """, List.of("Contact.Title", "Contact.rating__c", "Contact.Newsletter__c", "Contact.Mobile",
                "Contact.MailingAddress", "Account.Industry", "Account.NumberOfEmployees", "Account.AnnualRevenue",
                "Account.region__C", "Account.Missing__c")).orElseThrow();

        assertThat(contact.mappedFields()).containsExactly(
                Map.entry("Contact.Title", "CTO"), Map.entry("Contact.rating__c", "4"),
                Map.entry("Contact.Newsletter__c", "true"), Map.entry("Contact.Mobile", ""),
                Map.entry("Contact.MailingAddress", ""), Map.entry("Account.Industry", "Manufacturing"),
                Map.entry("Account.NumberOfEmployees", "250"), Map.entry("Account.AnnualRevenue", "15000000"),
                Map.entry("Account.region__C", "EMEA"), Map.entry("Account.Missing__c", ""));
        assertThat(contact.toContext(SalesforceRecords.AccountDetails.NONE, List.of()).fields())
                .isEqualTo(contact.mappedFields());
    }

    @Test
    void accountFieldsOfAContactWithoutAccountAreBlank() {
        SalesforceRecords.Contact contact = records.contact("""
                {"records":[{"Id":"003B","Title":"Owner","AccountId":null,"Account":null}]}
                """, List.of("Account.Industry", "Contact.Title")).orElseThrow();

        assertThat(contact.mappedFields()).containsExactly(Map.entry("Account.Industry", ""),
                Map.entry("Contact.Title", "Owner"));
    }

    @Test
    void noRecordsMeansNoContact() {
        assertThat(records.contact("{\"totalSize\":0,\"done\":true,\"records\":[]}")).isEmpty();
    }

    @Test
    void contactWithoutAccountHasNoAccountParts() {
        SalesforceRecords.Contact contact = records.contact("""
                {"totalSize":1,"done":true,"records":[{"attributes":{"type":"Contact"},"Id":"003B",
                 "Name":"Solo","Email":"solo@x.example","Time_Zone__c":null,"HasOptedOutOfEmail":null,
                 "AccountId":null,"Account":null}]}
                """).orElseThrow();

        assertThat(contact.accountId()).isNull();
        assertThat(contact.accountName()).isNull();
        assertThat(contact.tier()).isNull();
        assertThat(contact.ownerName()).isNull();
        assertThat(contact.timeZone()).isNull();
        assertThat(contact.optedOutOfEmail()).isFalse();
        CustomerContext context = contact.toContext(SalesforceRecords.AccountDetails.NONE, List.of());
        assertThat(context.orders()).isEmpty();
        assertThat(context.products()).isEmpty();
        assertThat(context.knownIssues()).isEmpty();
    }

    @Test
    void accountWithoutOwnerKeepsNameAndTier() {
        SalesforceRecords.Contact contact = records.contact("""
                {"records":[{"Id":"003C","AccountId":"001C","Account":{"Name":"Acme","Support_Tier__c":"Silver",
                 "Owner":null}}]}
                """).orElseThrow();

        assertThat(contact.accountName()).isEqualTo("Acme");
        assertThat(contact.tier()).isEqualTo("Silver");
        assertThat(contact.ownerName()).isNull();
    }

    @Test
    void readsOrdersAndDistinctProductsInOrderFound() {
        SalesforceRecords.AccountDetails account = records.account("""
                {"totalSize":1,"done":true,"records":[{"attributes":{"type":"Account"},"Id":"001A",
                 "Orders":{"totalSize":2,"done":true,"records":[
                   {"attributes":{"type":"Order"},"OrderNumber":"00000102","Status":"Delayed","Expected_Delivery__c":"2026-12-01"},
                   {"attributes":{"type":"Order"},"OrderNumber":"00000101","Status":"Activated","Expected_Delivery__c":null}]},
                 "Assets":{"totalSize":4,"done":true,"records":[
                   {"attributes":{"type":"Asset"},"Product2":{"attributes":{"type":"Product2"},"Name":"Widget Pro"}},
                   {"attributes":{"type":"Asset"},"Product2":{"attributes":{"type":"Product2"},"Name":"Sync App"}},
                   {"attributes":{"type":"Asset"},"Product2":{"attributes":{"type":"Product2"},"Name":"Widget Pro"}},
                   {"attributes":{"type":"Asset"},"Product2":null}]}}]}
                """);

        assertThat(account.orders()).containsExactly(
                new CustomerContext.Order("00000102", "Delayed", LocalDate.of(2026, 12, 1)),
                new CustomerContext.Order("00000101", "Activated", null));
        assertThat(account.products()).containsExactly("Widget Pro", "Sync App");
    }

    @Test
    void nullSubqueriesMeanNoOrdersAndNoProducts() {
        SalesforceRecords.AccountDetails account = records.account("""
                {"totalSize":1,"done":true,"records":[{"attributes":{"type":"Account"},"Id":"001A",
                 "Orders":null,"Assets":null}]}
                """);

        assertThat(account.orders()).isEmpty();
        assertThat(account.products()).isEmpty();
    }

    @Test
    void missingAccountMeansNothing() {
        assertThat(records.account("{\"totalSize\":0,\"done\":true,\"records\":[]}"))
                .isEqualTo(SalesforceRecords.AccountDetails.NONE);
    }

    @Test
    void readsKnownIssuesWithNumericProblemId() {
        List<CustomerContext.KnownIssue> issues = records.knownIssues("""
                {"totalSize":3,"done":true,"records":[
                 {"attributes":{"type":"Known_Issue__c"},"Name":"KI-1","Status__c":"Open","Product__c":"Sync App",
                  "Public_Summary__c":"Sync stalls","Zendesk_Problem_Id__c":99.0},
                 {"attributes":{"type":"Known_Issue__c"},"Name":"KI-2","Status__c":"Investigating",
                  "Product__c":"Widget Pro","Public_Summary__c":null,"Zendesk_Problem_Id__c":"1234"},
                 {"attributes":{"type":"Known_Issue__c"},"Name":"KI-3","Status__c":"Open","Product__c":"Widget Pro",
                  "Public_Summary__c":"x","Zendesk_Problem_Id__c":null}]}
                """);

        assertThat(issues).containsExactly(
                new CustomerContext.KnownIssue("KI-1", "Open", "Sync App", "Sync stalls", 99L),
                new CustomerContext.KnownIssue("KI-2", "Investigating", "Widget Pro", null, 1234L),
                new CustomerContext.KnownIssue("KI-3", "Open", "Widget Pro", "x", null));
    }

    @Test
    void aKnownIssuesProblemTicketIsReadFromItsRowAndAbsentWhenNoneIsNamed() {
        assertThat(records.knownIssueProblem("""
                {"totalSize": 1, "done": true, "records": [{"attributes": {"type": "Known_Issue__c"},
                 "Id": "a0K000000000042AAA", "Zendesk_Problem_Id__c": 99.0}]}""")).contains(99L);
        assertThat(records.knownIssueProblem("""
                {"totalSize": 1, "done": true, "records": [{"attributes": {"type": "Known_Issue__c"},
                 "Id": "a0K000000000040AAA", "Zendesk_Problem_Id__c": null}]}""")).isEmpty();
        assertThat(records.knownIssueProblem("{\"totalSize\": 0, \"done\": true, \"records\": []}")).isEmpty();
    }

    @Test
    void problemIdAcceptsSalesforceNumberAndTextForms() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        assertThat(SalesforceRecords.problemId(json.numberNode(99.0))).isEqualTo(99L);
        assertThat(SalesforceRecords.problemId(json.numberNode(99))).isEqualTo(99L);
        assertThat(SalesforceRecords.problemId(json.textNode(" 42 "))).isEqualTo(42L);
        assertThat(SalesforceRecords.problemId(json.textNode("42.0"))).isEqualTo(42L);
        assertThat(SalesforceRecords.problemId(json.textNode(""))).isNull();
        assertThat(SalesforceRecords.problemId(json.textNode("n/a"))).isNull();
        assertThat(SalesforceRecords.problemId(json.numberNode(99.5))).isNull();
        assertThat(SalesforceRecords.problemId(json.nullNode())).isNull();
        assertThat(SalesforceRecords.problemId(null)).isNull();
    }

    @Test
    void datesAcceptDateAndDateTimeFields() {
        assertThat(SalesforceRecords.date("2026-12-01")).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(SalesforceRecords.date("2026-12-01T00:00:00.000+0000")).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(SalesforceRecords.date("soon")).isNull();
        assertThat(SalesforceRecords.date(null)).isNull();
    }

    @Test
    void customFieldNamesComeFromConfiguration() {
        SalesforceRecords custom = new SalesforceRecords(SoqlQueriesTest.properties(Map.of(
                "salesforce.fields.contact-time-zone", "TZ__c",
                "salesforce.fields.known-issue-problem-id", "Problem__c")));

        assertThat(custom.contact("{\"records\":[{\"Id\":\"003\",\"TZ__c\":\"UTC\"}]}").orElseThrow().timeZone())
                .isEqualTo("UTC");
        assertThat(custom.knownIssues("{\"records\":[{\"Name\":\"KI\",\"Problem__c\":7}]}").get(0).zendeskProblemId())
                .isEqualTo(7L);
    }

    @Test
    void bodyThatIsNotJsonFailsLoudly() {
        assertThatThrownBy(() -> records.contact("<html>maintenance</html>")).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> records.contact("")).isInstanceOf(IllegalStateException.class);
    }
}
