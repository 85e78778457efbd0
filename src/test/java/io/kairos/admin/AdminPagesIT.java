package io.kairos.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.ControlGroupSeed;
import io.kairos.support.HeadlessChromium;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The admin pages in a real headless Chromium ({@link HeadlessChromium}), driven by Selenium against the whole app on
 * its random port: sign in, search a customer, open a dead letter, replay it and see the replay in the ledger.
 * Screenshots of the main pages go to {@code target/screenshots/admin-*.png}.
 */
class AdminPagesIT extends KairosAppTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @Autowired
    private LoginThrottle throttle;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1280, 1000);
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void signedOut() {
        throttle.clear();
        browser.manage().deleteAllCookies();
    }

    @Test
    void anAdminSignsInFindsACustomerAndReplaysADeadLetterThatTheLedgerThenShows() {
        AdminFixtures fixtures = new AdminFixtures(jdbc);
        fixtures.signal("sig-od", "ORDER_DELAY", "801A", null, "Your order 00000102 is late",
                NOW.minus(Duration.ofDays(2)));
        fixtures.signal("sig-ki", "KNOWN_ISSUE", "KI-0042", "Sync App", "Sync fails on Android 14",
                NOW.minus(Duration.ofDays(1)));
        fixtures.message("sig-ki", "jane@acme.example", "intercom", "SUPPRESSED", "OPTED_OUT",
                "the contact opted out of email.", NOW.minus(Duration.ofDays(1)));
        fixtures.ledger("jane@acme.example", "sig-ki", "KNOWN_ISSUE", "KI-0042", "intercom", "SUPPRESSED",
                "OPTED_OUT", "the contact opted out of email.", NOW.minus(Duration.ofDays(1)));
        long letter = fixtures.failedMessage("sig-od", "ORDER_DELAY", "801A", "jane@acme.example",
                NOW.minus(Duration.ofDays(2)));
        fixtures.ticket(35436, "jane@acme.example", "Where is my order?", "open", NOW.minus(Duration.ofHours(20)),
                "ORDER_DELAY:801A");

        open("/admin/customers?email=jane@acme.example");
        assertThat(browser.getCurrentUrl()).as("anonymous visitors are sent to sign in").contains("/admin/login");
        signIn(ADMIN_USER, "wrong-password");
        assertThat(text(By.id("login-error"))).isEqualTo("The user name or password is wrong.");
        screenshot("login");
        signIn(ADMIN_USER, ADMIN_PASSWORD);

        waitFor(By.id("email")).clear();
        browser.findElement(By.id("email")).sendKeys("jane@acme.example");
        clickAndWait(By.id("search"));
        String outcomes = waitFor(By.id("signal-outcomes")).getText();
        assertThat(outcomes).contains("KNOWN_ISSUE KI-0042").contains("Not told: the contact opted out of email.")
                .contains("ORDER_DELAY 801A").contains("Not told: sending failed");
        assertThat(text(By.id("tickets"))).contains("#35436").contains("ORDER_DELAY:801A");
        screenshot("customer-timeline");

        clickAndWait(By.id("nav-dead-letters"));
        waitFor(By.id("letters"));
        screenshot("dead-letters");
        clickAndWait(By.id("letter-" + letter));
        assertThat(text(By.id("letter-reason"))).isEqualTo("HTTP_400: Intercom refused the message");
        assertThat(text(By.id("payload"))).contains("\"contactEmail\" : \"jane@acme.example\"")
                .contains("\"accessToken\" : \"***\"").doesNotContain("tok-secret-123");
        assertThat(rows(By.cssSelector("#ledger tbody tr"))).containsExactly("FAILED");
        clickAndWait(By.id("replay"));

        assertThat(text(By.id("notice"))).contains("Dead letter " + letter + " replayed");
        assertThat(text(By.id("letter-state"))).startsWith("replayed at ");
        assertThat(rows(By.cssSelector("#ledger tbody tr"))).containsExactly("REPLAYED", "FAILED");
        assertThat(text(By.id("ledger"))).contains("Replayed by admin '" + ADMIN_USER + "': the message was FAILED");
        screenshot("dead-letter-replayed");
        assertThat(jdbc.queryForObject("select count(*) from ledger_entry where decision = 'REPLAYED'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void deadLettersAreFilteredByReasonAndSeveralAreReplayedAtOnce() {
        AdminFixtures fixtures = new AdminFixtures(jdbc);
        long first = fixtures.deadLetter("zendesk", "e-1", "ticket.created", "Zendesk answered 422", "{}", NOW);
        long second = fixtures.deadLetter("zendesk", "e-2", "ticket.created", "Zendesk answered 422",
                "{}", NOW.plusSeconds(1));
        long other = fixtures.deadLetter("intercom", "n-1", "conversation.user.replied", "no ticket", "{}",
                NOW.plusSeconds(2));
        open("/admin/login");
        signIn(ADMIN_USER, ADMIN_PASSWORD);
        open("/admin/dead-letters");

        browser.findElement(By.id("reason")).sendKeys("422");
        clickAndWait(By.id("filter"));
        assertThat(browser.findElements(By.cssSelector("#letters tbody tr"))).hasSize(2);
        assertThat(browser.findElements(By.id("letter-" + other))).isEmpty();
        browser.findElement(By.id("select-" + first)).click();
        browser.findElement(By.id("select-" + second)).click();
        clickAndWait(By.id("replay-selected"));

        assertThat(text(By.id("notice"))).isEqualTo("Replayed 2 of 2 dead letters; each replay is in the ledger.");
        assertThat(browser.findElements(By.cssSelector("#replays tbody tr"))).hasSize(2);
        assertThat(text(By.id("open-by-source"))).contains("intercom").doesNotContain("zendesk");
    }

    @Test
    void theSignalsOutboxAndImpactPagesShowTheirFigures() {
        AdminFixtures fixtures = new AdminFixtures(jdbc);
        Instant received = NOW.minus(Duration.ofDays(8));
        fixtures.signal("sig-od", "ORDER_DELAY", "801A", null, "Your order is late", received);
        fixtures.message("sig-od", "told@x.example", "intercom", "SENT", null, null, received);
        fixtures.message("sig-od", "quiet@x.example", "intercom", "SUPPRESSED", "OPTED_OUT", "opted out", received);
        fixtures.ledger("told@x.example", "sig-od", "ORDER_DELAY", "801A", "intercom", "SENT", null, null, received);
        fixtures.ticket(7, "quiet@x.example", "Where is my order?", "open", received.plus(Duration.ofDays(1)),
                "ORDER_DELAY:801A");
        fixtures.message("sig-od", "unknown@x.example", "intercom", "NEEDS_RECONCILE", "OUTCOME_UNKNOWN",
                "read timeout after the request went out", received);
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.SYNC_APP_OWNERS, 200,
                "audience-known-issue-sync-app.json");
        open("/admin/login");
        signIn(ADMIN_USER, ADMIN_PASSWORD);

        open("/admin/signals");
        assertThat(text(By.id("signals"))).contains("ORDER_DELAY 801A").contains("OPTED_OUT");
        screenshot("signals");

        clickAndWait(By.id("preview-link"));
        new Select(waitFor(By.id("type"))).selectByValue("KNOWN_ISSUE");
        browser.findElement(By.id("recordId")).sendKeys("KI-0042");
        browser.findElement(By.id("product")).sendKeys("Sync App");
        browser.findElement(By.id("title")).sendKeys("Sync fails on Android 14");
        clickAndWait(By.id("run-preview"));
        assertThat(text(By.id("recipient-count"))).isEqualTo("3");
        assertThat(text(By.id("preview-recipients"))).contains("max@acme.example").contains("OPTED_OUT");
        screenshot("signal-preview");
        assertThat(jdbc.queryForObject("select count(*) from signal", Integer.class)).as("a dry run").isEqualTo(1);

        open("/admin/outbox");
        assertThat(text(By.id("reconcile"))).contains("unknown@x.example").contains("OUTCOME_UNKNOWN");
        screenshot("outbox");

        open("/admin/impact?days=14&within=7");
        assertThat(browser.findElements(By.cssSelector("#chart rect.proactive"))).hasSize(14);
        assertThat(browser.findElements(By.cssSelector("#chart rect.reactive"))).hasSize(14);
        assertThat(text(By.id("deflection"))).contains("ORDER_DELAY 801A").contains("100.0%").contains("0.0%");
        screenshot("impact");

        clickAndWait(By.id("sign-out"));
        assertThat(waitFor(By.id("sign-in")).isDisplayed()).isTrue();
        open("/admin/outbox");
        assertThat(browser.getCurrentUrl()).contains("/admin/login");
    }

    @Test
    void theImpactPageComparesHeldOutAndNotifiedCustomersPerKind() {
        Instant received = NOW.minus(Duration.ofDays(9));
        ControlGroupSeed seed = new ControlGroupSeed(jdbc);
        seed.signal("sig-ki", "KNOWN_ISSUE", "KI-0042", "Sync fails on Android 14", received);
        seed.signal("sig-out", "OUTAGE", null, "EU region down", received.plus(Duration.ofDays(1)));
        seed.ledger("held", 200, "sig-ki", "HELD_OUT", received);
        seed.ledger("told", 1_800, "sig-ki", "SENT", received);
        seed.tickets("held", 1, 40, received.plus(Duration.ofDays(1)), List.of("KNOWN_ISSUE_NAME:ki-0042"));
        seed.tickets("told", 1, 216, received.plus(Duration.ofDays(2)), List.of("KNOWN_ISSUE_ID:KI-0042"));
        seed.ledger("held-out", 40, "sig-out", "HELD_OUT", received.plus(Duration.ofDays(1)));
        seed.ledger("told-out", 300, "sig-out", "SENT", received.plus(Duration.ofDays(1)));
        open("/admin/login");
        signIn(ADMIN_USER, ADMIN_PASSWORD);

        open("/admin/impact?days=14&within=7");

        String known = text(By.id("control-KNOWN_ISSUE"));
        assertThat(known).contains("KNOWN_ISSUE: 12.0 % of notified customers opened a ticket about it within 7 "
                + "days, 20.0 % of held-out ones: 8.0 points fewer (95 % CI").contains("about 144 tickets avoided");
        assertThat(browser.findElements(By.cssSelector("#control-KNOWN_ISSUE svg rect.notified"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#control-KNOWN_ISSUE svg rect.held-out"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#control-KNOWN_ISSUE svg g.whisker"))).hasSize(4);
        assertThat(text(By.id("control-OUTAGE"))).contains("OUTAGE: not enough data yet: 40 held out, 100 needed")
                .doesNotContain("about it");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(By.id("control-groups")));
        screenshot("impact-control-groups");
    }

    /**
     * The send-time experiment's section: 1,600 customers sent at their active hour, 160 of whom opened a ticket about
     * the delay and 480 answered the Intercom message within 7 days; 400 sent at once, 60 tickets about it, 80 answers.
     */
    @Test
    void theImpactPageComparesTheSendTimeArms() {
        Instant received = NOW.minus(Duration.ofDays(9));
        Instant activeHour = received.plus(Duration.ofHours(5));
        ControlGroupSeed seed = new ControlGroupSeed(jdbc);
        seed.signal("sig-od", "ORDER_DELAY", "801S", "Carrier strike", received);
        seed.ledger("active", 1_600, "sig-od", "SENT", null, "send-time:active", activeHour);
        seed.ledger("once", 400, "sig-od", "SENT", null, "send-time:at-once", received);
        seed.sent("active", 1, 480, "sig-od", "intercom", activeHour.plus(Duration.ofHours(3)));
        seed.sent("active", 481, 1_600, "sig-od", "intercom", null);
        seed.sent("once", 1, 80, "sig-od", "intercom", received.plus(Duration.ofHours(2)));
        seed.sent("once", 81, 400, "sig-od", "intercom", null);
        seed.tickets("active", 1, 160, received.plus(Duration.ofDays(1)), List.of("ORDER_DELAY:801S"));
        seed.tickets("once", 1, 60, received.plus(Duration.ofDays(1)), List.of("ORDER_DELAY:801S"));
        open("/admin/login");
        signIn(ADMIN_USER, ADMIN_PASSWORD);

        open("/admin/impact?days=14&within=7");

        String section = text(By.id("send-time-ORDER_DELAY"));
        assertThat(section).contains("ORDER_DELAY: 10.0 % of customers sent at their active hour opened a ticket "
                + "about it within 7 days, 15.0 % of those sent at once: 5.0 points fewer (95 % CI")
                .contains("30.0 % of customers sent at their active hour answered the message within 7 days, 20.0 % "
                        + "of those sent at once: 10.0 points more");
        assertThat(text(By.id("send-time-legend"))).contains("sent at their active hour").contains("sent at once");
        assertThat(text(By.id("send-time-read-answered"))).contains("read: not measured");
        assertThat(browser.findElements(By.cssSelector("#send-time-ORDER_DELAY svg g.whisker"))).hasSize(6);
        assertThat(browser.findElements(By.cssSelector("#send-time-ORDER_DELAY svg rect.held-out title")))
                .extracting(title -> title.getAttribute("textContent")).first().asString()
                .startsWith("15.0 % of 400 sent at once");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(By.id("send-time-experiment")));
        screenshot("impact-send-time");
    }

    private void signIn(String user, String password) {
        waitFor(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        clickAndWait(By.id("sign-in"));
    }

    /** Clicks what loads a new page, and waits until the old one is gone, so no lookup finds the old page. */
    private void clickAndWait(By by) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(by).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> isGone(page));
    }

    /**
     * The old page is gone: Selenium says stale, or, asked while the new document replaces it, Chromium answers that
     * the node does not belong to the document (a WebDriverException, which stalenessOf does not take as gone).
     */
    private static boolean isGone(WebElement page) {
        try {
            page.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        } catch (WebDriverException replaced) {
            return String.valueOf(replaced.getMessage()).contains("does not belong to the document");
        }
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    private String text(By by) {
        return waitFor(by).getText();
    }

    /** The second cell of each row: the decision column of a ledger table. */
    private List<String> rows(By by) {
        waitFor(by);
        return browser.findElements(by).stream()
                .map(row -> row.findElements(By.tagName("td")).get(1).getText()).toList();
    }

    private static void screenshot(String name) {
        chromium.screenshot("admin-" + name);
    }
}
