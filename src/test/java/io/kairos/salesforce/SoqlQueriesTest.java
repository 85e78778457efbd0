package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SoqlQueriesTest {

    private final SoqlQueries queries = new SoqlQueries(properties(Map.of()));

    @Test
    void contactQueryHasTheAgreedShape() {
        assertThat(queries.contactByEmail("jane@acme.example")).isEqualTo(
                "SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, AccountId, Account.Name, "
                + "Account.Support_Tier__c, Account.Owner.Name FROM Contact WHERE Email = 'jane@acme.example' "
                + "ORDER BY LastModifiedDate DESC LIMIT 1");
    }

    @Test
    void mappedFieldsJoinTheContactQueryOnceEachAfterTheFixedOnes() {
        assertThat(queries.contactByEmail("jane@acme.example", List.of("Account.Industry", "Contact.Title",
                "Account.Region__c", "Contact.email", "Account.NAME", "Account.Industry", "Contact.acme__Score__c")))
                .isEqualTo("SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, AccountId, Account.Name, "
                        + "Account.Support_Tier__c, Account.Owner.Name, Account.Industry, Title, Account.Region__c, "
                        + "acme__Score__c FROM Contact WHERE Email = 'jane@acme.example' "
                        + "ORDER BY LastModifiedDate DESC LIMIT 1");
        assertThat(queries.contactByEmail("jane@acme.example", List.of()))
                .isEqualTo(queries.contactByEmail("jane@acme.example"));
    }

    @Test
    void aMappedFieldThatIsNotACheckedFieldNameNeverReachesTheQuery() {
        for (String unsafe : List.of("Account.Owner.Name", "Account.Name FROM User --",
                "Contact.Id, (SELECT Id FROM Cases)", "Opportunity.Amount", "Account.Industry'", "contact.Title", "Account.", "Account.Region__r",
                "Account.__c", "Account.Bad__Name")) {
            assertThatThrownBy(() -> queries.contactByEmail("jane@acme.example", List.of(unsafe)))
                    .as(unsafe).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a mappable Salesforce field: " + unsafe);
        }
    }

    @Test
    void accountQueryLimitsOrdersToMaxOrders() {
        assertThat(queries.accountOrdersAndProducts("001000000000001AAA")).isEqualTo(
                "SELECT Id, (SELECT Id, OrderNumber, Status, Expected_Delivery__c FROM Orders ORDER BY EffectiveDate DESC "
                + "LIMIT 5), (SELECT Product2.Name FROM Assets) FROM Account WHERE Id = '001000000000001AAA'");
    }

    @Test
    void knownIssueQueryListsOpenStatusesAndProducts() {
        assertThat(queries.openKnownIssues(List.of("Widget Pro", "Sync App"))).isEqualTo(
                "SELECT Id, Name, Status__c, Product__c, Public_Summary__c, Zendesk_Problem_Id__c FROM Known_Issue__c "
                + "WHERE Status__c IN ('Open', 'Investigating') AND Product__c IN ('Widget Pro', 'Sync App')");
    }

    @Test
    void singleQuoteInEmailIsEscaped() {
        assertThat(queries.contactByEmail("o'brien@x.example")).contains("WHERE Email = 'o\\'brien@x.example' ");
    }

    @Test
    void backslashIsEscapedBeforeQuote() {
        assertThat(SoqlQueries.literal("a\\'b")).isEqualTo("'a\\\\\\'b'");
        assertThat(SoqlQueries.literal("x\\")).isEqualTo("'x\\\\'");
    }

    @Test
    void productNamesAreLiteralsToo() {
        assertThat(queries.openKnownIssues(List.of("Bob's Widget"))).endsWith("Product__c IN ('Bob\\'s Widget')");
    }

    @Test
    void aKnownIssuesProblemTicketIsReadByItsIdAsALiteral() {
        assertThat(queries.knownIssueProblem("a0K000000000042AAA")).isEqualTo(
                "SELECT Id, Zendesk_Problem_Id__c FROM Known_Issue__c WHERE Id = 'a0K000000000042AAA' LIMIT 1");
        assertThat(queries.knownIssueProblem("KI-0042")).as("by name").endsWith("WHERE Name = 'KI-0042' LIMIT 1");
        assertThat(queries.knownIssueProblem("x' OR Id != '")).endsWith("WHERE Name = 'x\\' OR Id != \\'' LIMIT 1");
    }

    @Test
    void nullLiteralIsRefused() {
        assertThatThrownBy(() -> SoqlQueries.literal(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldNamesAndLimitsComeFromConfiguration() {
        SoqlQueries custom = new SoqlQueries(properties(Map.of(
                "salesforce.max-orders", "3",
                "salesforce.fields.contact-time-zone", "TZ__c",
                "salesforce.fields.account-tier", "Tier__c",
                "salesforce.fields.order-expected-delivery", "ETA__c",
                "salesforce.fields.known-issue-object", "Issue__c",
                "salesforce.fields.known-issue-status", "State__c",
                "salesforce.fields.known-issue-open-statuses", "New")));

        assertThat(custom.contactByEmail("a@b.example")).contains(", TZ__c, ").contains("Account.Tier__c");
        assertThat(custom.accountOrdersAndProducts("001")).contains("ETA__c FROM Orders").contains("LIMIT 3)");
        assertThat(custom.openKnownIssues(List.of("P"))).contains("FROM Issue__c WHERE State__c IN ('New')");
        assertThat(custom.knownIssuesConfigured()).isTrue();
    }

    /** Binds like Spring does, so the {@code @DefaultValue}s of the record are what the tests see. */
    @Test
    void aGroupsContactsAreAskedForInOneQueryWithEveryEmailEscaped() {
        assertThat(queries.contactsByEmails(List.of("jane@acme.example", "o'hara@acme.example", "jane@acme.example"),
                List.of())).containsExactly("SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, AccountId, "
                + "Account.Name, Account.Support_Tier__c, Account.Owner.Name FROM Contact WHERE Email IN "
                + "('jane@acme.example', 'o\\'hara@acme.example') ORDER BY LastModifiedDate DESC");
    }

    @Test
    void aGroupTooLongForOneQueryIsSplitWithinTheUriLimit() {
        List<String> emails = java.util.stream.IntStream.range(0, 400)
                .mapToObj(i -> "customer-with-a-long-address-" + i + "@example.org").toList();

        List<String> soql = queries.contactsByEmails(emails, List.of());

        assertThat(soql).hasSizeGreaterThan(1).allSatisfy(q -> assertThat(q.length()).isLessThan(
                SoqlQueries.MAX_IN_LIST + 400));
        assertThat(String.join(" ", soql)).contains("-0@example.org'", "-399@example.org'");
    }

    @Test
    void manyAccountsAreAskedForInOneQuery() {
        assertThat(queries.accountsOrdersAndProducts(List.of("001A", "001B"))).containsExactly("SELECT Id, "
                + "(SELECT Id, OrderNumber, Status, Expected_Delivery__c FROM Orders ORDER BY EffectiveDate DESC "
                + "LIMIT 5), (SELECT Product2.Name FROM Assets) FROM Account WHERE Id IN ('001A', '001B')");
    }

    /** The bulk query of audiences and schedules through this Camel, with the default 40 % share of the budget. */
    static SoqlPages bulkQueries(CamelContext camel, MeterRegistry meters, Clock clock) {
        return new SoqlPages(camel.createProducerTemplate(), properties(Map.of("salesforce.quota-backoff", "15m")),
                meters, clock, new SalesforceApiUsageMeter(meters, clock), new SalesforceFirstCall(), 0.4,
                Duration.ofMinutes(5));
    }

    static SalesforceProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("salesforce", SalesforceProperties.class);
    }
}
