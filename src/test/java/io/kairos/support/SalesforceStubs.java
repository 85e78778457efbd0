package io.kairos.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/** WireMock stubs that speak Salesforce's OAuth and SOQL query API for the reference customers. */
public final class SalesforceStubs {

    public static final String QUERY_PATH = "/services/data/v62.0/query/";

    private SalesforceStubs() {
    }

    public static String contactQuery(String email) {
        return "SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, AccountId, Account.Name, "
                + "Account.Support_Tier__c, Account.Owner.Name FROM Contact WHERE Email = '" + email + "' "
                + "ORDER BY LastModifiedDate DESC LIMIT 1";
    }

    public static final String ACME_ACCOUNT_QUERY = "SELECT Id, (SELECT Id, OrderNumber, Status, Expected_Delivery__c "
            + "FROM Orders ORDER BY EffectiveDate DESC LIMIT 5), (SELECT Product2.Name FROM Assets) FROM Account "
            + "WHERE Id = '001000000000001AAA'";

    public static final String ACME_KNOWN_ISSUES_QUERY = "SELECT Id, Name, Status__c, Product__c, Public_Summary__c, "
            + "Zendesk_Problem_Id__c FROM Known_Issue__c WHERE Status__c IN ('Open', 'Investigating') "
            + "AND Product__c IN ('Widget Pro', 'Sync App')";

    /** The audience query of a KNOWN_ISSUE signal on the product Sync App. */
    public static final String SYNC_APP_OWNERS = "SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, "
            + "Account.Name FROM Contact WHERE Email != null AND AccountId IN (SELECT AccountId FROM Asset "
            + "WHERE Product2.Name = 'Sync App')";

    /** OAuth token (instance_url pointing back at the stub), revoke, and Jane Doe of Acme with a known issue. */
    public static void stubJaneOfAcme(WireMockExtension salesforce) {
        stubToken(salesforce);
        stubQuery(salesforce, contactQuery("jane@acme.example"), 200, "contact-jane.json");
        stubQuery(salesforce, ACME_ACCOUNT_QUERY, 200, "account-acme.json");
        stubQuery(salesforce, ACME_KNOWN_ISSUES_QUERY, 200, "known-issues-open.json");
    }

    /** OAuth token for org 00D000000000001AAA with an instance_url pointing back at the stub, and revoke. */
    public static void stubToken(WireMockExtension salesforce) {
        salesforce.stubFor(post("/services/oauth2/token")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("token.json").withTransformers("response-template")));
        salesforce.stubFor(any(urlPathEqualTo("/services/oauth2/revoke")).willReturn(aResponse().withStatus(200)));
    }

    /** The describe call of an object ({@code GET /services/data/v62.0/sobjects/<object>/describe}). */
    public static void stubDescribe(WireMockExtension salesforce, String sobject, int status, String file) {
        salesforce.stubFor(get(urlPathMatching(describePath(sobject)))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBodyFile(file)));
    }

    /**
     * Describe of the objects the example catalog names (Account, Contact, Order, Opportunity,
     * AccountContactRelation).
     */
    public static void stubOrgDescribe(WireMockExtension salesforce) {
        stubDescribe(salesforce, "Account", 200, "describe-account.json");
        stubDescribe(salesforce, "Contact", 200, "describe-contact.json");
        stubDescribe(salesforce, "Order", 200, "describe-order.json");
        stubDescribe(salesforce, "Opportunity", 200, "describe-opportunity.json");
        stubDescribe(salesforce, "AccountContactRelation", 200, "describe-account-contact-relation.json");
    }

    /** The path camel-salesforce's getDescription requests, as a regex (it may end in a slash). */
    public static String describePath(String sobject) {
        return "/services/data/v62\\.0/sobjects/" + sobject + "/describe/?";
    }

    public static void stubQuery(WireMockExtension salesforce, String soql, int status, String file) {
        salesforce.stubFor(get(urlPathEqualTo(QUERY_PATH)).withQueryParam("q", equalTo(soql))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBodyFile(file)));
    }
}
