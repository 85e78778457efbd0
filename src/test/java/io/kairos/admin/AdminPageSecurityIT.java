package io.kairos.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.ControlGroupSeed;
import io.kairos.support.KairosAppTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/** The pages' sign-in as a browser without JavaScript meets it: redirects, 401, 429, CSRF, sign-out. */
class AdminPageSecurityIT extends KairosAppTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    private LoginThrottle throttle;

    private HttpClient browser;

    @BeforeEach
    void freshBrowser() {
        throttle.clear();
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static Stream<String> pages() {
        return Stream.of("/admin", "/admin/customers?email=jane@acme.example", "/admin/signals",
                "/admin/signals/preview", "/admin/outbox", "/admin/dead-letters", "/admin/dead-letters/1",
                "/admin/impact");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void everyPageSendsAnonymousVisitorsToSignIn(String page) throws Exception {
        HttpResponse<String> response = get(page);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login");
    }

    @Test
    void aWrongPasswordIs401AndTheRightOneOpensThePages() throws Exception {
        HttpResponse<String> wrong = signIn(ADMIN_USER, "nope");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("The user name or password is wrong.");
        assertThat(get("/admin/signals").statusCode()).isEqualTo(302);

        HttpResponse<String> right = signIn(ADMIN_USER, ADMIN_PASSWORD);

        assertThat(right.statusCode()).isEqualTo(302);
        assertThat(right.headers().firstValue("Location").orElseThrow()).as("back to the page asked for")
                .endsWith("/admin/signals?continue");
        HttpResponse<String> signals = get("/admin/signals");
        assertThat(signals.statusCode()).isEqualTo(200);
        assertThat(signals.body()).contains("<h1>Signals</h1>");
        assertThat(signals.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'");
    }

    @Test
    void repeatedFailuresAreRefusedWith429() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(ADMIN_USER, "guess-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> refused = signIn(ADMIN_USER, ADMIN_PASSWORD);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("Too many failed sign-ins");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() throws Exception {
        signIn(ADMIN_USER, ADMIN_PASSWORD);
        long letter = new AdminFixtures(jdbc).deadLetter("zendesk", "e-1", "ticket.created", "422", "{}",
                Instant.now());

        HttpResponse<String> forged = post("/admin/dead-letters/" + letter + "/replay", "");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select replayed_at from dead_letter where id = ?", Object.class, letter))
                .isNull();
    }

    @Test
    void storedDataReachesThePagesEscaped() throws Exception {
        signIn(ADMIN_USER, ADMIN_PASSWORD);
        String hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        AdminFixtures fixtures = new AdminFixtures(jdbc);
        fixtures.signal("sig-hostile", "KNOWN_ISSUE", "KI-1", hostile, hostile, Instant.now());
        long letter = fixtures.deadLetter("zendesk", "e-hostile", "ticket.created", hostile,
                "{\"note\":\"" + hostile.replace("\"", "\\\"") + "\"}", Instant.now());

        for (String page : new String[] {"/admin/signals", "/admin/signals/sig-hostile", "/admin/dead-letters",
                "/admin/dead-letters/" + letter}) {
            HttpResponse<String> response = get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.body()).as(page).doesNotContain("<script>alert").doesNotContain("<img src=x")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        signIn(ADMIN_USER, ADMIN_PASSWORD);
        String token = csrf(get("/admin/outbox").body());

        HttpResponse<String> out = post("/admin/logout", "_csrf=" + token);

        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(get("/admin/outbox").statusCode()).isEqualTo(302);
    }

    /** The Impact page's second experiment renders from the same kind sections as the control groups. */
    @Test
    void theImpactPageShowsTheSendTimeExperimentAndWhatItCannotMeasure() throws Exception {
        // The app's clock is the system's, so the signal is placed relative to it.
        Instant received = Instant.now().minus(java.time.Duration.ofDays(10));
        ControlGroupSeed seed = new ControlGroupSeed(jdbc);
        seed.signal("sig-st-page", "ORDER_DELAY", "801P", "Order 801P is late", received);
        seed.ledger("active", 120, "sig-st-page", "SENT", null, "send-time:active", received);
        seed.ledger("once", 100, "sig-st-page", "SENT", "LANGUAGE_FALLBACK", "send-time:at-once", received);
        seed.tickets("once", 1, 25, received.plus(java.time.Duration.ofDays(1)), java.util.List.of());
        signIn(ADMIN_USER, ADMIN_PASSWORD);

        HttpResponse<String> impact = get("/admin/impact?days=14&within=7");

        assertThat(impact.statusCode()).isEqualTo(200);
        assertThat(impact.body()).contains("id=\"send-time-experiment\"", "id=\"send-time-ORDER_DELAY\"",
                "read: not measured — Intercom does not report reads by webhook",
                "ORDER_DELAY: 0.0 % of customers sent at their active hour opened any ticket within 7 days, 25.0 % of "
                        + "those sent at once: 25.0 points fewer", "1 signal(s) in the send-time experiment")
                .doesNotContain("kindSections", "send-time-none");
    }

    private HttpResponse<String> signIn(String user, String password) throws Exception {
        String token = csrf(get("/admin/login").body());
        return post("/admin/login", "username=" + encode(user) + "&password=" + encode(password) + "&_csrf="
                + encode(token));
    }

    private static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("the page carries a CSRF token").isTrue();
        return matcher.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
