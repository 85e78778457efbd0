package io.kairos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class SalesforceSandboxControllerTest {

    private static final String QUERY = "/sandbox/salesforce/services/data/v62.0/query/";
    private static final String Q1 = "SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, AccountId, Account.Name, "
            + "Account.Support_Tier__c, Account.Owner.Name FROM Contact WHERE Email = '%s' "
            + "ORDER BY LastModifiedDate DESC LIMIT 1";
    private static final String Q2 = "SELECT Id, (SELECT Id, OrderNumber, Status, Expected_Delivery__c FROM Orders "
            + "ORDER BY EffectiveDate DESC LIMIT 5), (SELECT Product2.Name FROM Assets) FROM Account WHERE Id = '%s'";
    private static final String Q3 = "SELECT Id, Name, Status__c, Product__c, Public_Summary__c, Zendesk_Problem_Id__c "
            + "FROM Known_Issue__c WHERE Status__c IN ('Open', 'Investigating') AND Product__c IN (%s)";
    private static final String KNOWN_ISSUE = "SELECT Id, Name, Email, Time_Zone__c, HasOptedOutOfEmail, Account.Name "
            + "FROM Contact WHERE Email != null AND AccountId IN (SELECT AccountId FROM Asset WHERE Product2.Name = '%s')";

    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new SalesforceSandboxController())
                .setControllerAdvice(new SandboxErrors())
                .addFilters(new SandboxHeaderFilter())
                .build();
    }

    @Test
    void theTokenPointsBackAtThisAppAndCarriesTheIdentityCamelParses() throws Exception {
        String body = mvc.perform(post("/sandbox/salesforce/services/oauth2/token")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("client_id=sandbox-client&format=json&grant_type=client_credentials"
                                + "&client_secret=sandbox-secret"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Kairos-Sandbox", "true"))
                .andExpect(jsonPath("$.access_token").value("00DSANDBOX!token"))
                .andExpect(jsonPath("$.instance_url").value("http://localhost/sandbox/salesforce"))
                .andExpect(jsonPath("$.token_type").value("Bearer"))
                .andExpect(jsonPath("$.issued_at").isNotEmpty())
                .andExpect(jsonPath("$.signature").value("sandbox"))
                .andReturn().getResponse().getContentAsString();

        // What camel-salesforce's SalesforceSession does with the id to find the org id.
        String id = JsonPath.read(body, "$.id");
        assertThat(id.substring(id.indexOf("id/") + 3, id.indexOf("id/") + 21)).isEqualTo("00D000000000001AAA");
    }

    @Test
    void theInstanceUrlFollowsTheRequestsHostAndPort() throws Exception {
        mvc.perform(post("/sandbox/salesforce/services/oauth2/token").with(r -> {
                    r.setServerName("127.0.0.1");
                    r.setServerPort(18080);
                    return r;
                }).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("client_id=c&grant_type=client_credentials&client_secret=s"))
                .andExpect(jsonPath("$.instance_url").value("http://127.0.0.1:18080/sandbox/salesforce"));
    }

    @Test
    void revokeAnswersOk() throws Exception {
        mvc.perform(get("/sandbox/salesforce/services/oauth2/revoke").param("token", "00DSANDBOX!token"))
                .andExpect(status().isOk());
        mvc.perform(post("/sandbox/salesforce/services/oauth2/revoke")).andExpect(status().isOk());
    }

    @Test
    void q1FindsTheContactWithItsAccountTierAndOwner() throws Exception {
        query(Q1.formatted("jane@acme.example"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalSize").value(1))
                .andExpect(jsonPath("$.done").value(true))
                .andExpect(jsonPath("$.records[0].attributes.type").value("Contact"))
                .andExpect(jsonPath("$.records[0].attributes.url")
                        .value("/services/data/v62.0/sobjects/Contact/003000000000001AAA"))
                .andExpect(jsonPath("$.records[0].Id").value("003000000000001AAA"))
                .andExpect(jsonPath("$.records[0].Name").value("Jane Doe"))
                .andExpect(jsonPath("$.records[0].Email").value("jane@acme.example"))
                .andExpect(jsonPath("$.records[0].Time_Zone__c").value("Europe/Berlin"))
                .andExpect(jsonPath("$.records[0].HasOptedOutOfEmail").value(false))
                .andExpect(jsonPath("$.records[0].AccountId").value("001000000000001AAA"))
                .andExpect(jsonPath("$.records[0].Account.attributes.type").value("Account"))
                .andExpect(jsonPath("$.records[0].Account.Name").value("Acme GmbH"))
                .andExpect(jsonPath("$.records[0].Account.Support_Tier__c").value("Gold"))
                .andExpect(jsonPath("$.records[0].Account.Owner.attributes.type").value("User"))
                .andExpect(jsonPath("$.records[0].Account.Owner.Name").value("Sam Seller"))
                .andExpect(jsonPath("$.records[0].LastModifiedDate").doesNotExist());
    }

    @Test
    void q1ForAnUnknownOrEscapedEmailFindsNothing() throws Exception {
        query(Q1.formatted("nobody@unknown.example"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalSize").value(0))
                .andExpect(jsonPath("$.records", hasSize(0)));
        query(Q1.formatted("o\\'brien@example.com"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalSize").value(0));
    }

    @Test
    void q2ReturnsRecentOrdersNewestFirstAndOwnedProducts() throws Exception {
        query(Q2.formatted("001000000000001AAA"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalSize").value(1))
                .andExpect(jsonPath("$.records[0].attributes.type").value("Account"))
                .andExpect(jsonPath("$.records[0].Id").value("001000000000001AAA"))
                .andExpect(jsonPath("$.records[0].Orders.totalSize").value(2))
                .andExpect(jsonPath("$.records[0].Orders.done").value(true))
                .andExpect(jsonPath("$.records[0].Orders.records[0].attributes.type").value("Order"))
                .andExpect(jsonPath("$.records[0].Orders.records[0].OrderNumber").value("00000123"))
                .andExpect(jsonPath("$.records[0].Orders.records[0].Status").value("Delayed"))
                .andExpect(jsonPath("$.records[0].Orders.records[0].Expected_Delivery__c").value("2026-12-01"))
                .andExpect(jsonPath("$.records[0].Orders.records[1].OrderNumber").value("00000120"))
                .andExpect(jsonPath("$.records[0].Orders.records[1].Status").value("Delivered"))
                .andExpect(jsonPath("$.records[0].Assets.totalSize").value(1))
                .andExpect(jsonPath("$.records[0].Assets.records[0].attributes.type").value("Asset"))
                .andExpect(jsonPath("$.records[0].Assets.records[0].Product2.attributes.type").value("Product2"))
                .andExpect(jsonPath("$.records[0].Assets.records[0].Product2.Name").value("Widget Pro"));
    }

    @Test
    void q2GivesNullForAnAccountWithoutOrders() throws Exception {
        query(Q2.formatted("001000000000002AAA"))
                .andExpect(jsonPath("$.records[0].Orders").value(nullValue()))
                .andExpect(jsonPath("$.records[0].Assets.records[0].Product2.Name").value("Sync App"));
    }

    @Test
    void q3ReturnsOnlyOpenKnownIssuesOnTheGivenProducts() throws Exception {
        query(Q3.formatted("'Widget Pro', 'Sync App'"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalSize").value(1))
                .andExpect(jsonPath("$.records[0].attributes.type").value("Known_Issue__c"))
                .andExpect(jsonPath("$.records[0].Name").value("KI-0042"))
                .andExpect(jsonPath("$.records[0].Status__c").value("Open"))
                .andExpect(jsonPath("$.records[0].Product__c").value("Sync App"))
                .andExpect(jsonPath("$.records[0].Public_Summary__c")
                        .value("Sync stops after the Android 14 update; a fix ships this week."))
                .andExpect(jsonPath("$.records[0].Zendesk_Problem_Id__c").value(99));
        query(Q3.formatted("'Widget Pro'"))
                .andExpect(jsonPath("$.totalSize").value(0));
    }

    @Test
    void acceptsTheQueryPathWithoutTheTrailingSlash() throws Exception {
        mvc.perform(get("/sandbox/salesforce/services/data/v62.0/query")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer 00DSANDBOX!token")
                        .param("q", Q1.formatted("omar@globex.example")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.records[0].Account.Owner.Name").value("Ana Ortiz"));
    }

    @Test
    void aKnownIssueAudienceLargerThanAPageIsServedThroughQueryMore() throws Exception {
        mvc = MockMvcBuilders.standaloneSetup(new SalesforceSandboxController(3))
                .setControllerAdvice(new SandboxErrors())
                .build();
        String first = query(KNOWN_ISSUE.formatted("Sync App"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalSize").value(4))
                .andExpect(jsonPath("$.done").value(false))
                .andExpect(jsonPath("$.records", hasSize(3)))
                .andExpect(jsonPath("$.records[0].attributes.type").value("Contact"))
                .andReturn().getResponse().getContentAsString();
        String next = JsonPath.read(first, "$.nextRecordsUrl");
        assertThat(next).startsWith("/services/data/v62.0/query/01g");

        // camel-salesforce's queryMore GETs the instance URL followed by nextRecordsUrl verbatim.
        mvc.perform(get("/sandbox/salesforce" + next).header(HttpHeaders.AUTHORIZATION, "Bearer 00DSANDBOX!token"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalSize").value(4))
                .andExpect(jsonPath("$.done").value(true))
                .andExpect(jsonPath("$.nextRecordsUrl").doesNotExist())
                .andExpect(jsonPath("$.records", hasSize(1)));
        mvc.perform(get("/sandbox/salesforce" + next))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$[0].errorCode").value("INVALID_SESSION_ID"));
        mvc.perform(get(QUERY + "01gSANDBOX99999999-3").header(HttpHeaders.AUTHORIZATION, "Bearer 00DSANDBOX!token"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].errorCode").value("INVALID_QUERY_LOCATOR"));
    }

    @Test
    void theDefaultPageHoldsTheWholeSeededAudience() throws Exception {
        query("SELECT Id, Name FROM Contact WHERE Email != null")
                .andExpect(jsonPath("$.totalSize").value(6))
                .andExpect(jsonPath("$.done").value(true))
                .andExpect(jsonPath("$.records", hasSize(6)));
    }

    @Test
    void anUnknownQueryShapeIsMalformed() throws Exception {
        query("SELECT Id FROM Lead WHERE Email = 'jane@acme.example'")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].errorCode").value("MALFORMED_QUERY"))
                .andExpect(jsonPath("$[0].message").value("unsupported query in sandbox"));
        query("SELECT Id FROM Contact WHERE CALENDAR_YEAR(LastModifiedDate) = 2026")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].errorCode").value("MALFORMED_QUERY"));
        query("SELECT Id, Nickname__c FROM Contact WHERE Email = 'jane@acme.example'")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$[0].errorCode").value("INVALID_FIELD"));
    }

    @Test
    void aQueryWithoutABearerTokenIsRejected() throws Exception {
        mvc.perform(get(QUERY).param("q", Q1.formatted("jane@acme.example")))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("X-Kairos-Sandbox", "true"))
                .andExpect(jsonPath("$[0].errorCode").value("INVALID_SESSION_ID"));
    }

    @Test
    void aTokenRequestWithoutAGrantTypeIsRejected() throws Exception {
        mvc.perform(post("/sandbox/salesforce/services/oauth2/token")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("client_id=c"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("unsupported_grant_type"));
    }

    private ResultActions query(String soql) throws Exception {
        return mvc.perform(get(QUERY).header(HttpHeaders.AUTHORIZATION, "Bearer 00DSANDBOX!token").param("q", soql));
    }
}
