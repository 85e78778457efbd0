package io.kairos.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.admin.AdminFixtures;
import io.kairos.support.HeadlessChromium;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Zendesk sidebar app from the packaged zip in a real headless Chromium ({@link HeadlessChromium}) at a sidebar's
 * width, served by {@link ZendeskAppHost} with a stand-in for the ZAF SDK, talking through the host's proxy to the
 * whole Kairos app on its random port with an agent token. Screenshots go to
 * {@code target/screenshots/zendesk-app-*.png}.
 */
class ZendeskAppPageIT extends KairosAppTest {

    private static final String AGENT_TOKEN = "agent-token-7f3c9e51d2";
    private static final String JANE = "jane@acme.example";
    private static final long TICKET = 35436;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static HeadlessChromium chromium;
    private static WebDriver browser;
    private static ZendeskAppHost zendesk;

    @DynamicPropertySource
    static void agentToken(DynamicPropertyRegistry registry) {
        registry.add("kairos.agent.tokens[0].subdomain", () -> "acme");
        registry.add("kairos.agent.tokens[0].token", () -> AGENT_TOKEN);
        // The Zendesk stand-in is on localhost, not acme.zendesk.com: name the subdomain Kairos serves.
        registry.add("kairos.agent.zendesk-subdomain", () -> "acme");
        registry.add("kairos.agent.salesforce-url", () -> "https://acme.my.salesforce.com");
    }

    @BeforeAll
    static void startBrowserAndZendesk() throws IOException {
        chromium = HeadlessChromium.start(340, 1100);
        browser = chromium.driver();
        zendesk = ZendeskAppHost.start(ZendeskAppManifestTest.ZIP, AGENT_TOKEN, "localhost");
    }

    @AfterAll
    static void stop() throws IOException {
        if (zendesk != null) {
            zendesk.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void janesTicketIsInZendesk() {
        zendesk.secureToken(AGENT_TOKEN);
        stubTicket35436();
    }

    @Test
    void showsWhoTheRequesterIsWhatKairosDidAndWhatIsPlanned() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AdminFixtures fixtures = new AdminFixtures(jdbc);
        fixtures.signal("sig-od", "ORDER_DELAY", "801000000000102AAA", null, "Your order 00000102 is late",
                now.minus(Duration.ofDays(2)));
        fixtures.ledger(JANE, "sig-od", "ORDER_DELAY", "801000000000102AAA", "intercom", "SENT", "OK", null,
                now.minus(Duration.ofDays(2)));
        fixtures.signal("sig-ki", "KNOWN_ISSUE", "KI-0042", "Sync App", "Sync fails on Android 14",
                now.minus(Duration.ofDays(1)));
        fixtures.ledger(JANE, "sig-ki", "KNOWN_ISSUE", "KI-0042", "email", "SUPPRESSED", "OPTED_OUT",
                "the contact opted out of email.", now.minus(Duration.ofDays(1)));
        fixtures.message("sig-ki", JANE, "intercom", "PLANNED", null, null, now.plus(Duration.ofDays(1)));
        // A record's text is data, never markup: a summary with a tag stays text and runs nothing.
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withQueryParam("q", equalTo(SalesforceStubs.ACME_KNOWN_ISSUES_QUERY)).willReturn(okJson("""
                        {"totalSize": 1, "done": true, "records": [{"attributes": {"type": "Known_Issue__c"},
                         "Id": "a01000000000001AAA", "Name": "KI-0042", "Status__c": "Investigating",
                         "Product__c": "Sync App", "Zendesk_Problem_Id__c": 99.0,
                         "Public_Summary__c": "Sync stalls <img src=x onerror=window.pwned=1>"}]}""")));

        open("en");

        String who = textOf("who", "Acme GmbH");
        assertThat(who).contains("Jane Doe", "Gold", "Owner: Sam Seller");
        assertThat(browser.findElement(By.cssSelector("#who a[href*='/lightning/r/Contact/']")).getAttribute("href"))
                .contains("003000000000001AAA");
        assertThat(textOf("orders", "Order 00000102")).contains("Delayed");
        assertThat(textOf("issues", "KI-0042")).contains("Sync stalls <img src=x onerror=window.pwned=1>",
                "Problem ticket #99");
        assertThat(browser.findElements(By.cssSelector("#issues img"))).isEmpty();
        assertThat(script("return window.pwned === undefined")).isEqualTo(true);
        assertThat(badges("#timeline")).as("newest first").containsExactly("Suppressed", "Sent");
        assertThat(textOf("timeline", "Suppressed")).contains("opted out");
        assertThat(badges("#planned")).containsExactly("Planned");
        assertThat(textOf("source", "Salesforce")).isEqualTo("Live from Salesforce");
        assertThat(browser.findElement(By.id("hold")).isDisplayed()).isFalse();
        assertThat(script("return window.ZAFStandIn.log.resizes.length")).as("the app sized its iframe")
                .isNotEqualTo(0L);
        chromium.screenshot("zendesk-app-context");

        open("en");
        assertThat(textOf("source", "Cached")).as("the second look is answered from the context cache")
                .isEqualTo("Cached just now");
    }

    @Test
    void whenSalesforceIsDownTheAgentSeesWhatKairosRemembersAndItsAge() {
        open("en");
        textOf("who", "Acme GmbH");
        salesforceIsDown();
        jdbc.update("update customer_context_cache set fetched_at = ? where email = ?",
                Timestamp.from(Instant.now().minus(Duration.ofHours(2))), JANE);

        open("en");

        assertThat(textOf("source", "unreachable"))
                .isEqualTo("Salesforce unreachable — showing what Kairos remembers from 2 h ago");
        assertThat(textOf("who", "Acme GmbH")).contains("Jane Doe");
        chromium.screenshot("zendesk-app-salesforce-down-cached");
    }

    @Test
    void whenSalesforceIsDownAndNothingIsCachedTheTimelineIsStillThere() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AdminFixtures fixtures = new AdminFixtures(jdbc);
        fixtures.signal("sig-od", "ORDER_DELAY", "801000000000102AAA", null, "Your order 00000102 is late",
                now.minus(Duration.ofHours(3)));
        fixtures.ledger(JANE, "sig-od", "ORDER_DELAY", "801000000000102AAA", "intercom", "SENT", "OK", null,
                now.minus(Duration.ofHours(3)));
        salesforceIsDown();

        open("en");

        assertThat(textOf("source", "unreachable"))
                .isEqualTo("Salesforce unreachable and nothing cached: customer details unknown for now");
        assertThat(badges("#timeline")).containsExactly("Sent");
        assertThat(textOf("who", JANE)).doesNotContain("Unknown customer");
        assertThat(browser.findElement(By.id("orders")).isDisplayed()).as("no customer data to show").isFalse();
        chromium.screenshot("zendesk-app-salesforce-down-uncached");
    }

    @Test
    void aRequesterSalesforceDoesNotKnowIsAnUnknownCustomerInTheAgentsLanguage() {
        ZENDESK.stubFor(get("/api/v2/users/9001.json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"user":{"id":9001,"name":"Max Muster","email":"max@unknown.example","role":"end-user"}}""")));
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.contactQuery("max@unknown.example"), 200,
                "contact-none.json");

        open("de");

        assertThat(textOf("who", "Unbekannter Kunde"))
                .contains("Salesforce hat keinen Kontakt für max@unknown.example");
        assertThat(textOf("timeline", "Kairos")).contains("Kairos hat diesem Kunden nichts geschrieben");
        assertThat(browser.findElement(By.id("hold-button")).getText()).isEqualTo("Anhalten");
        chromium.screenshot("zendesk-app-unknown-customer-de");
    }

    @Test
    void anAgentHoldsProactiveMessagesForThreeDaysAndLiftsTheHold() {
        open("en");
        textOf("who", "Acme GmbH");

        new Select(browser.findElement(By.id("hold-days"))).selectByValue("3");
        browser.findElement(By.id("hold-button")).click();

        assertThat(textOf("hold", "on hold until")).contains("Held by Alex Agent");
        Instant until = jdbc.queryForObject("select expires_at from suppression where email = ?", Timestamp.class,
                JANE).toInstant();
        assertThat(until).isBetween(Instant.now().plus(Duration.ofDays(3)).minus(Duration.ofMinutes(5)),
                Instant.now().plus(Duration.ofDays(3)));
        assertThat(jdbc.queryForObject("select count(*) from ledger_entry where contact_email = ? and "
                + "(reason like '%Alex Agent%' or summary like '%Alex Agent%')", Integer.class, JANE))
                .as("the hold is in the ledger with the agent's name").isEqualTo(1);
        chromium.screenshot("zendesk-app-hold");

        browser.findElement(By.id("lift-hold")).click();

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(browser.findElement(By.id("hold")).isDisplayed()).isFalse());
        assertThat(jdbc.queryForObject("select count(*) from suppression where email = ? and "
                + "(expires_at is null or expires_at > current_timestamp)", Integer.class, JANE)).isZero();
        assertThat(zendesk.fromBrowser()).anyMatch(sent -> sent.contains("\"type\":\"DELETE\""));
    }

    @Test
    void theTokenNeverReachesTheBrowser() {
        open("en");
        textOf("who", "Acme GmbH");
        browser.findElement(By.id("refresh")).click();
        textOf("source", "Live");

        assertThat(browser.getPageSource()).doesNotContain(AGENT_TOKEN);
        assertThat((String) script("return document.documentElement.outerHTML + JSON.stringify(window.ZAFStandIn)"
                + " + Array.from(document.scripts).map(s => s.src + s.text).join()")).doesNotContain(AGENT_TOKEN);
        for (Map.Entry<String, byte[]> file : zendesk.servedFiles().entrySet()) {
            assertThat(new String(file.getValue(), StandardCharsets.UTF_8)).as(file.getKey())
                    .doesNotContain(AGENT_TOKEN);
        }
        List<String> sent = zendesk.fromBrowser();
        assertThat(sent).as("the page asked twice: open and refresh").hasSizeGreaterThanOrEqualTo(2)
                .allMatch(options -> options.contains("Bearer {{setting.token}}") && options.contains("\"secure\":true"))
                .noneMatch(options -> options.contains(AGENT_TOKEN));
        assertThat(sent).anyMatch(options -> options.contains("refresh=true"));
    }

    @Test
    void aWrongTokenInTheAppsSettingsTellsTheAgentWhomToAsk() {
        zendesk.secureToken("not-the-agent-token");

        open("en");

        assertThat(textOf("status", "refused"))
                .isEqualTo("Kairos refused the agent token: ask an admin to check the app's settings.");
        assertThat(browser.findElement(By.id("who")).isDisplayed()).isFalse();
        chromium.screenshot("zendesk-app-wrong-token");
    }

    private void open(String locale) {
        zendesk.configure(Map.of(
                "ticket", Map.of("id", TICKET, "requester", Map.of("email", JANE, "name", "Jane Doe")),
                "currentUser", Map.of("name", "Alex Agent", "locale", locale),
                "settings", Map.of("kairos_url", "http://localhost:" + port)));
        browser.get(zendesk.sidebarUrl());
    }

    private void salesforceIsDown() {
        SALESFORCE.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBodyFile("error-unavailable.json")));
    }

    /** The text of the element once it shows {@code expected}. */
    private String textOf(String id, String expected) {
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            WebElement element = browser.findElement(By.id(id));
            assertThat(element.isDisplayed()).isTrue();
            assertThat(element.getText()).contains(expected);
        });
        return browser.findElement(By.id(id)).getText();
    }

    private List<String> badges(String section) {
        return browser.findElements(By.cssSelector(section + " .badge")).stream().map(WebElement::getText).toList();
    }

    private Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }
}
