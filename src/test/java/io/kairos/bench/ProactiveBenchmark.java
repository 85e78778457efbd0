package io.kairos.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.KairosApplication;
import io.kairos.support.ConfigRoots;
import io.kairos.support.SignedIntercomWebhooks;
import io.kairos.support.SignedWebhooks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The proactive path of the whole Kairos app on an embedded PostgreSQL, against loopback stubs of Salesforce and
 * Intercom, in one JVM:
 * <ol>
 *   <li><b>Plan</b>, three times: one signal of a catalog kind raised through {@code POST /api/signals} whose
 *       audience is {@code bench.audience} contacts, first with no quiet hours (every message due now), then with
 *       quiet hours round the clock (every message deferred, which also writes a ledger entry per recipient: the
 *       heavier plan, and the one of a night-time signal), then with send-time on and every contact's activity
 *       histogram seeded (most deferred to their active hour, the histograms read per page), answered by {@link SalesforceAudienceStub} in pages linked by
 *       {@code nextRecordsUrl}; time until every outbox row exists and the signal is PLANNED, and the heap meanwhile.
 *       Intercom is not configured in this boot, so the dispatcher claims nothing.</li>
 *   <li><b>Dispatch</b>: a fresh database and boot with Intercom configured; a signal of {@code bench.messages}
 *       recipients is planned and sent at {@code kairos.proactive.rate-per-second} = {@code bench.rate} to
 *       {@link IntercomBudgetStub}, which allows {@code bench.budget} requests per 10-second window and answers 429
 *       above it. Then again at {@code bench.overRate}, above the budget.</li>
 *   <li><b>Baseline</b>: the messages Kairos sent, POSTed again by {@link NaiveDispatcher} (a plain thread pool, no
 *       limiter, no retry) to the same stub.</li>
 * </ol>
 *
 * <p>Not part of the test suite (surefire runs {@code *Test}/{@code *IT}); run it by name, with a fixed heap:
 * <pre>./mvnw -o -q test -Dtest=ProactiveBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx1g</pre>
 * Knobs (-D): {@code bench.audience} (100000), {@code bench.pageSize} (2000), {@code bench.messages} (6000),
 * {@code bench.budget} per 10 s (1000), {@code bench.rate} (90), {@code bench.overRate} (150),
 * {@code bench.overMessages} (3000), {@code bench.threads} of the baseline (16), {@code bench.outboxPollInterval}
 * (100 ms), {@code bench.durable} (false: zonky's fsync=off, synchronous_commit=off).
 *
 * <p>Fails only on a correctness fault: outbox rows missing or doubled, a message sent twice, a message SENT
 * without the stub having accepted it or the reverse, a phase that did not finish. Missed targets print as MISS.
 */
class ProactiveBenchmark {

    /** The kind the plan phase raises: defined in the signal catalog, see {@link #catalogRoot()}. */
    static final String CATALOG_KIND = "PRODUCT_RECALL";

    private static final int AUDIENCE = Integer.getInteger("bench.audience", 100_000);
    private static final int PAGE_SIZE = Integer.getInteger("bench.pageSize", 2_000);
    private static final int MESSAGES = Integer.getInteger("bench.messages", 6_000);
    private static final int BUDGET = Integer.getInteger("bench.budget", 1_000);
    private static final int RATE = Integer.getInteger("bench.rate", 90);
    private static final int OVER_RATE = Integer.getInteger("bench.overRate", 150);
    private static final int OVER_MESSAGES = Integer.getInteger("bench.overMessages", 3_000);
    private static final int THREADS = Integer.getInteger("bench.threads", 16);
    private static final int OUTBOX_POLL_MS = Integer.getInteger("bench.outboxPollInterval", 100);
    private static final String DURABLE = Boolean.getBoolean("bench.durable") ? "on" : "off";

    private static final String API_TOKEN = "bench-api-token";
    private static final long MIB = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchReport report = new BenchReport();
    private final List<String> faults = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private SalesforceAudienceStub salesforce;
    private IntercomBudgetStub intercom;

    /** What the plan phase measured. */
    private record Plan(String name, long bootMs, long elapsedNanos, long heapBefore, long peakHeap, long peakAfterGc,
                        long heapAfter, long samples, long collections, long rows, long distinctEmails,
                        long plannedRows, int plannedCount, String signalStatus, int pages, long deferred) {

        double seconds() {
            return elapsedNanos / 1e9;
        }
    }

    /** What one dispatch phase measured. */
    private record Dispatch(String name, int rate, int messages, long bootMs, boolean finished, double seconds,
                            DispatchTraffic traffic, Map<String, Long> statuses, long ledgerSent,
                            long distinctExternalIds, int maxAttempts, Set<String> sentEmails) {

        long sent() {
            return statuses.getOrDefault("SENT", 0L);
        }
    }

    @Test
    void proactive() throws Exception {
        quietLogging();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", DURABLE)
                .setServerConfig("fsync", DURABLE)
                .setServerConfig("max_connections", "100")
                .start();
             SalesforceAudienceStub sf = new SalesforceAudienceStub(PAGE_SIZE);
             IntercomBudgetStub ic = new IntercomBudgetStub(BUDGET)) {
            salesforce = sf;
            intercom = ic;
            header(pg);
            Plan dueNow = plan(pg, "due now", "00:00", "00:00");
            planSection(dueNow);
            Plan plan = plan(pg, "deferred", "00:00", "23:59");
            planSection(plan);
            Plan sendTime = plan(pg, "send time", "20:00", "08:00");
            planSection(sendTime);
            Dispatch under = dispatch(pg, "under", RATE, MESSAGES);
            dispatchSection(under);
            Dispatch over = dispatch(pg, "over", OVER_RATE, OVER_MESSAGES);
            dispatchSection(over);
            List<String> bodies = under.traffic().requests.stream().filter(r -> r.status() == 200)
                    .map(IntercomBudgetStub.Request::body).toList();
            intercom.reset();
            NaiveDispatcher.Result naive = new NaiveDispatcher(THREADS).send(intercom.baseUri(),
                    IntercomBudgetStub.TOKEN, bodies);
            DispatchTraffic baseline = DispatchTraffic.of(intercom.requests());
            baselineSection(naive, baseline);
            summary(List.of(dueNow, plan, sendTime), under, over, naive, baseline);
            line("%nUnexpected requests: Salesforce stub %d, Intercom stub %d. Correctness faults: %s%n",
                    salesforce.unexpected(), intercom.unexpected(), faults.isEmpty() ? "none" : faults);
        }
        writeReport();
        assertThat(faults).as("correctness faults (lost, doubled or unfinished work)").isEmpty();
    }

    // --- phases ------------------------------------------------------------------------------------------------

    /** Plans a fresh audience in a fresh database, with these quiet hours for every contact. */
    private Plan plan(EmbeddedPostgres pg, String name, String quietStart, String quietEnd) throws Exception {
        String database = "kairos_plan_" + name.replace(' ', '_');
        JdbcTemplate db = database(pg, database);
        String product = "Bench Plan " + name;
        salesforce.audience(product, AUDIENCE);
        int pagesBefore = salesforce.pagesServed();
        long t0 = System.nanoTime();
        // No Intercom settings: the dispatcher claims nothing, so planning has the machine to itself.
        // A kind of the signal catalog (config/signals.yaml), not one Kairos ships: planning is the same work.
        ConfigurableApplicationContext kairos = bootKairos(pg.getJdbcUrl("postgres", database), "plan-" + name,
                "--kairos.outbox.poll-interval=3600000", "--kairos.timing.quiet-start=" + quietStart,
                "--kairos.timing.quiet-end=" + quietEnd, "--kairos.config.root=" + catalogRoot());
        long bootMs = (System.nanoTime() - t0) / 1_000_000;
        try {
            if (name.equals("send time")) {
                seedActivity(db, salesforce.audiences() - 1);
            }
            long heapBefore = usedAfterGc();
            String signalId;
            long start;
            long elapsed;
            HeapSampler heap = new HeapSampler();
            try {
                start = System.nanoTime();
                signalId = raiseSignal(kairos, CATALOG_KIND, product);
                String status = awaitSignal(db, signalId, Duration.ofMinutes(3));
                elapsed = System.nanoTime() - start;
                if (!"PLANNED".equals(status)) {
                    faults.add("plan " + name + ": signal ended " + status + " after " + elapsed / 1_000_000 + " ms");
                }
            } finally {
                heap.close();
            }
            long heapAfter = usedAfterGc();
            Map<String, Object> rows = db.queryForMap("""
                    select count(*) as total, count(distinct contact_email) as emails,
                           sum(case when status = 'PLANNED' then 1 else 0 end) as planned
                    from outbox_message where signal_id = ?""", signalId);
            Map<String, Object> signal = db.queryForMap("select status, planned_count from signal where id = ?",
                    signalId);
            Plan plan = new Plan(name, bootMs, elapsed, heapBefore, heap.peakBytes(), heap.peakAfterGcBytes(), heapAfter,
                    heap.samples(), heap.collections(), number(rows.get("total")), number(rows.get("emails")),
                    number(rows.get("planned")), (int) number(signal.get("planned_count")),
                    (String) signal.get("status"), salesforce.pagesServed() - pagesBefore,
                    db.queryForObject("select count(*) from ledger_entry where signal_id = ? and decision = 'DEFERRED'",
                            Long.class, signalId));
            if (plan.rows() != AUDIENCE || plan.distinctEmails() != AUDIENCE || plan.plannedRows() != AUDIENCE
                    || plan.plannedCount() != AUDIENCE) {
                faults.add("plan " + name + ": " + plan.rows() + " rows, " + plan.distinctEmails() + " distinct emails, "
                        + plan.plannedRows() + " PLANNED, planned_count " + plan.plannedCount() + "; expected "
                        + AUDIENCE + " each");
            }
            return plan;
        } finally {
            kairos.close();
        }
    }

    private Dispatch dispatch(EmbeddedPostgres pg, String name, int rate, int messages) throws Exception {
        String database = "kairos_dispatch_" + name;
        JdbcTemplate db = database(pg, database);
        String product = "Bench Dispatch " + name;
        salesforce.audience(product, messages);
        intercom.reset();
        long t0 = System.nanoTime();
        ConfigurableApplicationContext kairos = bootKairos(pg.getJdbcUrl("postgres", database), "dispatch-" + name,
                "--intercom.base-url=" + intercom.baseUri(),
                "--intercom.access-token=" + IntercomBudgetStub.TOKEN,
                "--intercom.admin-id=394051",
                "--kairos.proactive.rate-per-second=" + rate,
                "--kairos.outbox.poll-interval=" + OUTBOX_POLL_MS,
                // This phase measures the rate limiter: quiet hours would defer Berlin contacts in the evening.
                "--kairos.timing.quiet-start=00:00",
                "--kairos.timing.quiet-end=00:00");
        long bootMs = (System.nanoTime() - t0) / 1_000_000;
        try {
            long start = System.nanoTime();
            String signalId = raiseSignal(kairos, product);
            // The slower of the configured rate and the stub's budget, twice over, plus start-up.
            double expectedSeconds = messages / Math.min(rate, BUDGET * 1000.0 / IntercomBudgetStub.WINDOW_MILLIS);
            long deadline = System.nanoTime() + Duration.ofSeconds(Math.round(expectedSeconds * 2) + 60).toNanos();
            long sent = 0;
            long lastProgress = System.nanoTime();
            boolean finished = false;
            while (System.nanoTime() < deadline && System.nanoTime() - lastProgress < 60_000_000_000L) {
                Thread.sleep(250);
                long now = db.queryForObject("select count(*) from outbox_message where status = 'SENT'", Long.class);
                if (now != sent) {
                    sent = now;
                    lastProgress = System.nanoTime();
                }
                if (sent >= messages) {
                    finished = true;
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // A message sent twice would arrive after the last first send: give it a moment to show.
            Thread.sleep(1_000);
            DispatchTraffic traffic = DispatchTraffic.of(intercom.requests());
            Map<String, Long> statuses = new LinkedHashMap<>();
            db.query("select status, count(*) as n from outbox_message where signal_id = ? group by status order by 1",
                    rs -> {
                        statuses.put(rs.getString("status"), rs.getLong("n"));
                    }, signalId);
            long ledgerSent = db.queryForObject(
                    "select count(*) from ledger_entry where signal_id = ? and decision = 'SENT'", Long.class,
                    signalId);
            long externalIds = db.queryForObject(
                    "select count(distinct external_id) from outbox_message where signal_id = ? and status = 'SENT'",
                    Long.class, signalId);
            Integer maxAttempts = db.queryForObject(
                    "select max(attempts) from outbox_message where signal_id = ?", Integer.class, signalId);
            Set<String> sentEmails = new HashSet<>(db.queryForList(
                    "select contact_email from outbox_message where signal_id = ? and status = 'SENT'", String.class,
                    signalId));
            Dispatch d = new Dispatch(name, rate, messages, bootMs, finished, seconds, traffic, statuses, ledgerSent,
                    externalIds, maxAttempts == null ? 0 : maxAttempts, sentEmails);
            check(d);
            return d;
        } finally {
            kairos.close();
        }
    }

    private void check(Dispatch d) {
        String phase = "dispatch at " + d.rate() + "/s: ";
        if (!d.finished()) {
            faults.add(phase + "unfinished, outbox " + d.statuses());
        }
        if (d.sent() != d.messages() || d.statuses().values().stream().mapToLong(Long::longValue).sum() != d.messages()) {
            faults.add(phase + "outbox " + d.statuses() + ", expected " + d.messages() + " SENT");
        }
        if (!d.traffic().duplicates.isEmpty()) {
            faults.add(phase + d.traffic().duplicates.size() + " contacts got a message twice, e.g. "
                    + d.traffic().duplicates.get(0));
        }
        Set<String> accepted = d.traffic().requests.stream().filter(r -> r.status() == 200)
                .map(IntercomBudgetStub.Request::email).collect(Collectors.toSet());
        if (!accepted.equals(d.sentEmails())) {
            Set<String> notMarked = new HashSet<>(accepted);
            notMarked.removeAll(d.sentEmails());
            Set<String> notAccepted = new HashSet<>(d.sentEmails());
            notAccepted.removeAll(accepted);
            faults.add(phase + notMarked.size() + " accepted by the stub but not SENT, " + notAccepted.size()
                    + " SENT but never accepted");
        }
        if (d.ledgerSent() != d.sent() || d.distinctExternalIds() != d.sent()) {
            faults.add(phase + d.ledgerSent() + " ledger SENT entries and " + d.distinctExternalIds()
                    + " distinct Intercom ids for " + d.sent() + " SENT messages");
        }
    }

    // --- the app and its inputs ----------------------------------------------------------------------------------

    private ConfigurableApplicationContext bootKairos(String jdbcUrl, String phase, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--kairos.db.url=" + jdbcUrl,
                "--kairos.db.user=postgres",
                "--kairos.db.password=",
                "--kairos.inbox.poll-interval=100",
                // Required, never called on this path; a path the stub answers 404 and counts as unexpected.
                "--zendesk.base-url=" + salesforce.baseUri() + "/zendesk",
                "--zendesk.email=kairos@acme.example",
                "--zendesk.api-token=zd-bench-token",
                "--zendesk.webhook-secret=" + SignedWebhooks.SECRET,
                "--zendesk.kairos-user-id=9999",
                "--salesforce.login-url=" + salesforce.baseUri(),
                "--salesforce.client-id=bench-client",
                "--salesforce.client-secret=bench-client-secret",
                "--kairos.api-token=" + API_TOKEN,
                "--intercom.client-secret=" + SignedIntercomWebhooks.SECRET,
                "--kairos.signals.subscribe=false",
                "--kairos.webhooks.servlet-name=ProactiveBenchmark-" + phase,
                "--kairos.enrichment.custom-fields.tier=360001",
                "--kairos.enrichment.custom-fields.account=360002",
                "--logging.level.root=WARN",
                // Its start-up warning about sObject packages does not apply to raw SOQL answers.
                "--logging.level.org.apache.camel.component.salesforce=ERROR"));
        args.addAll(List.of(extra));
        // Command-line arguments, so they win over application.yaml (builder properties would not).
        return new SpringApplicationBuilder(KairosApplication.class).run(args.toArray(String[]::new));
    }

    /**
     * A config root like the repository's (routes, connectors, templates) whose signal catalog adds
     * {@value #CATALOG_KIND}: the owners of a product, with its own template and timing.
     */
    private static Path catalogRoot() throws IOException {
        Path root = ConfigRoots.copyOfRepository();
        Files.writeString(root.resolve("config/signals.yaml"), Files.readString(Path.of("config/examples/signals.yaml"))
                + """
                  PRODUCT_RECALL:
                    description: "A product is recalled: its owners hear what to do."
                    audience: product-owners
                    sources: [api]
                    message:
                      template: product_recall
                    timing:
                      over-cap: SUPPRESS
                """);
        Files.writeString(root.resolve("templates/product_recall.mustache"),
                "{{#body}}<p>Hi {{firstName}},</p><p>{{title}} ({{product}}).</p>{{#body}}<p>{{body}}</p>{{/body}}"
                        + "{{/body}}");
        return root;
    }

    private String raiseSignal(ConfigurableApplicationContext kairos, String product) throws Exception {
        return raiseSignal(kairos, "KNOWN_ISSUE", product);
    }

    private String raiseSignal(ConfigurableApplicationContext kairos, String kind, String product) throws Exception {
        int port = kairos.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        String body = JSON.writeValueAsString(Map.of("type", kind, "severity", "HIGH",
                "title", "Sync stalls on large projects", "body", "A fix ships this week.", "product", product));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/signals"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + API_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST /api/signals: %s", response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("signalId").asText();
    }

    /** Polls the signal's status every 50 ms until it is PLANNED or FAILED, or the timeout passes. */
    private static String awaitSignal(JdbcTemplate db, String signalId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = "NOT STORED";
        while (System.nanoTime() < deadline) {
            List<String> found = db.queryForList("select status from signal where id = ?", String.class, signalId);
            if (!found.isEmpty()) {
                status = found.get(0);
                if ("PLANNED".equals(status) || "FAILED".equals(status)) {
                    return status;
                }
            }
            List<String> dead = db.queryForList("select outcome from inbox_event where status = 'DEAD'", String.class);
            if (!dead.isEmpty()) {
                return "DEAD LETTER (" + dead.get(0) + ")";
            }
            Thread.sleep(50);
        }
        return status + " (timed out)";
    }

    /**
     * Gives every contact of the audience a histogram with enough history (5 actions in one hour, spread over the
     * day by row), so send-time decides for each of them: the plan reads a page's histograms and defers most.
     */
    private static void seedActivity(JdbcTemplate db, int audience) {
        db.update("""
                insert into activity_histogram (subject, buckets, zone, zone_source, updated_at, version)
                select 'contact:contact' || lpad(g::text, 6, '0') || '@a' || cast(? as text) || '.bench.example',
                       (select array_agg(case when h = g % 24 then 5.0 else 0.0 end order by h)
                        from generate_series(0, 23) h)::double precision[],
                       'Europe/Berlin', 'CONTACT', now(), 0
                from generate_series(0, ? - 1) g""", audience, AUDIENCE);
    }

    private static JdbcTemplate database(EmbeddedPostgres pg, String name) {
        new JdbcTemplate(pg.getPostgresDatabase()).execute("create database " + name);
        return new JdbcTemplate(pg.getDatabase("postgres", name));
    }

    // --- report ------------------------------------------------------------------------------------------------

    private void header(EmbeddedPostgres pg) {
        JdbcTemplate db = new JdbcTemplate(pg.getPostgresDatabase());
        line("%n=== ProactiveBenchmark: signal → audience pages → outbox → rate-limited Intercom dispatch ===%n");
        line("Machine: %d CPUs, Java %s, %s; heap max (-Xmx in effect) %,d MiB, GC %s.%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() / MIB,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining(" + ")));
        line("PostgreSQL %s (zonky embedded): synchronous_commit=%s, fsync=%s; a fresh database per phase.%n",
                db.queryForObject("show server_version", String.class),
                db.queryForObject("show synchronous_commit", String.class), db.queryForObject("show fsync", String.class));
        line("Kairos: the whole app, booted once per phase. Stubs on loopback in the same JVM: Salesforce (JDK"
                + " HttpServer, OAuth + SOQL pages of %,d generated on request), Intercom (JDK HttpServer, %,d requests"
                + " per 10-second window, 429 + X-RateLimit-Reset above it).%n", PAGE_SIZE, BUDGET);
        line("Outbox: kairos.outbox.poll-interval=%d ms, batch-size 50 (the default 500 ms would cap one dispatcher"
                + " at 50 per 500 ms = 100 messages/s).%n", OUTBOX_POLL_MS);
    }

    private void planSection(Plan p) {
        line("%nPlan, %s — one %s signal via POST /api/signals, %,d recipients in %d pages (Intercom not"
                + " configured: dispatcher idle); Kairos booted in %,d ms%n", p.name(), CATALOG_KIND, AUDIENCE,
                p.pages(), p.bootMs());
        line("  202 → signal %s with %,d outbox rows: %.2f s (%,.0f rows/s)%n", p.signalStatus(), p.rows(),
                p.seconds(), p.rows() / p.seconds());
        line("  heap used: %,d MiB before (after a GC), peak %,d MiB (%,d samples, every %d ms), peak after a GC %,d"
                + " MiB (%d GCs), %,d MiB after (after a GC)%n", p.heapBefore() / MIB, p.peakHeap() / MIB,
                p.samples(), HeapSampler.PERIOD_MILLIS, p.peakAfterGc() / MIB, p.collections(), p.heapAfter() / MIB);
        line("  check: %,d rows, %,d distinct emails, %,d PLANNED, signal.planned_count %,d (expected %,d each);"
                + " %,d deferred (ledger)%n", p.rows(), p.distinctEmails(), p.plannedRows(), p.plannedCount(), AUDIENCE,
                p.deferred());
    }

    private void dispatchSection(Dispatch d) {
        DispatchTraffic t = d.traffic();
        line("%nDispatch at kairos.proactive.rate-per-second=%d, stub budget %,d per 10 s (= %d/s): %,d messages"
                + " (signal planned and sent by the app); Kairos booted in %,d ms%n", d.rate(), BUDGET, BUDGET / 10,
                d.messages(), d.bootMs());
        String fmt = "  %-10s %8s %8s %8s %12s%n";
        line(fmt, "window", "2xx", "429", "2xx/s", "before reset");
        for (DispatchTraffic.Window w : t.windows) {
            line(fmt, "+" + (w.startMillis() - Math.floorDiv(t.firstMillis, IntercomBudgetStub.WINDOW_MILLIS)
                            * IntercomBudgetStub.WINDOW_MILLIS) / 1000 + " s",
                    w.ok(), w.rateLimited(), String.format(Locale.ROOT, "%.1f", w.ok() / 10.0), w.beforeReset());
        }
        line("  requests %,d: 2xx %,d, 429 %,d, before an announced reset %d; first to last request %.1f s"
                        + " (%.1f 2xx/s); done after %.1f s%n", t.total, t.ok, t.rateLimited, t.beforeReset,
                (t.lastMillis - t.firstMillis) / 1000.0, t.overallOkPerSecond(), d.seconds());
        line("  steady state (%d full windows): %.1f 2xx/s, %d x 429%n", t.steadyWindows, t.steadyOkPerSecond(),
                t.steadyRateLimited);
        if (t.resetsAnnounced > 0) {
            line("  %d reset times announced; first request after each reset came %s ms after it%n", t.resetsAnnounced,
                    t.resumeAfterResetMillis);
        }
        line("  check: outbox %s, ledger SENT %,d, distinct Intercom ids %,d, contacts sent twice %d, max attempts %d%n",
                d.statuses(), d.ledgerSent(), d.distinctExternalIds(), t.duplicates.size(), d.maxAttempts());
    }

    private void baselineSection(NaiveDispatcher.Result r, DispatchTraffic t) {
        line("%nBaseline — the %,d messages Kairos sent at %d/s, POSTed by %d threads with no limiter and no retry%n",
                r.sent(), RATE, THREADS);
        line("  %.2f s: %,.0f requests/s, 2xx %,d (%,.0f/s), 429 %,d, other errors %d, before an announced reset %,d;"
                        + " %,d messages not delivered%n", r.elapsedNanos() / 1e9, r.perSecond(), r.ok(),
                r.okPerSecond(), r.rateLimited(), r.otherErrors(), t.beforeReset, r.sent() - r.ok());
    }

    private void summary(List<Plan> plans, Dispatch under, Dispatch over, NaiveDispatcher.Result naive,
                         DispatchTraffic base) {
        line("%nSummary%n");
        String fmt = "%-58s %18s %16s %7s%n";
        line(fmt, "measure", "value", "target", "verdict");
        for (Plan p : plans) {
            line(fmt, "plan " + String.format(Locale.ROOT, "%,d", AUDIENCE) + " recipients, " + p.name()
                            + ": POST to PLANNED",
                    String.format(Locale.ROOT, "%.2f s", p.seconds()), "< 30 s", BenchStats.verdict(p.seconds() < 30));
            line(fmt, "plan, " + p.name() + ": peak heap used (every 50 ms, -Xmx "
                            + Runtime.getRuntime().maxMemory() / MIB + "m)",
                    p.peakHeap() / MIB + " MiB", "< 512 MiB", BenchStats.verdict(p.peakHeap() < 512 * MIB));
            line(fmt, "plan, " + p.name() + ": peak heap after a GC", p.peakAfterGc() / MIB + " MiB", "", "");
        }
        DispatchTraffic t = under.traffic();
        double share = t.steadyOkPerSecond() / under.rate();
        line(fmt, "dispatch at " + under.rate() + "/s: steady 2xx rate (" + t.steadyWindows + " full windows)",
                String.format(Locale.ROOT, "%.1f/s = %.0f%%", t.steadyOkPerSecond(), share * 100), ">= 90%",
                BenchStats.verdict(share >= 0.9));
        line(fmt, "dispatch at " + under.rate() + "/s: 429s in steady state (whole run)",
                t.steadyRateLimited + " (" + t.rateLimited + ")", "0", BenchStats.verdict(t.steadyRateLimited == 0));
        line(fmt, "dispatch at " + under.rate() + "/s: requests before an announced reset", t.beforeReset, "0",
                BenchStats.verdict(t.beforeReset == 0));
        DispatchTraffic o = over.traffic();
        line(fmt, "dispatch at " + over.rate() + "/s (over budget): 429s / resets announced",
                o.rateLimited + " / " + o.resetsAnnounced, "(expected > 0)", "");
        line(fmt, "dispatch at " + over.rate() + "/s: requests before an announced reset", o.beforeReset, "0",
                BenchStats.verdict(o.beforeReset == 0));
        line(fmt, "dispatch at " + over.rate() + "/s: steady 2xx rate (" + o.steadyWindows + " full windows)",
                String.format(Locale.ROOT, "%.1f/s", o.steadyOkPerSecond()), "(budget " + BUDGET / 10 + "/s)", "");
        boolean resumed = !o.resumeAfterResetMillis.isEmpty();
        line(fmt, "dispatch at " + over.rate() + "/s: first request after each reset", !resumed ? "no 429"
                : "+" + o.resumeAfterResetMillis.stream().map(String::valueOf).collect(Collectors.joining(", +"))
                        + " ms", ">= 0 ms",
                resumed ? BenchStats.verdict(o.resumeAfterResetMillis.stream().allMatch(ms -> ms >= 0)) : "");
        line(fmt, "dispatch: every message SENT exactly once (both rates)",
                String.format(Locale.ROOT, "%,d of %,d", under.sent() + over.sent(),
                        under.messages() + over.messages()),
                "all, no duplicate", BenchStats.verdict(faults.isEmpty()));
        line(fmt, "baseline " + THREADS + " threads, no limiter: requests/s", String.format(Locale.ROOT, "%,.0f/s",
                naive.perSecond()), "", "");
        line(fmt, "baseline: 2xx / 429 / before an announced reset", String.format(Locale.ROOT, "%,d / %,d / %,d",
                naive.ok(), naive.rateLimited(), base.beforeReset), "", "");
    }

    private static long usedAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private void line(String format, Object... args) {
        report.line(format, args);
    }

    private void writeReport() throws IOException {
        Path file = report.write("ProactiveBenchmark");
        System.out.println("(also written to " + file + " at " + Instant.now() + ")");
    }

    private static void quietLogging() {
        // Before Spring Boot configures logging, logback's default is DEBUG to the console (zonky, Jetty).
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.WARN);
    }
}
