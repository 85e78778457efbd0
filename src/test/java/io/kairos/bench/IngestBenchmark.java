package io.kairos.bench;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kairos.KairosApplication;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SignedIntercomWebhooks;
import io.kairos.support.SignedWebhooks;
import io.kairos.zendesk.ZendeskSignature;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Webhook ingest throughput and latency of the whole Kairos app ({@code POST /webhooks/zendesk}: Camel
 * servlet → signature check → identify → {@code inbox_event} insert → 202) against a bare Spring MVC
 * baseline doing the same job, both on one embedded PostgreSQL, in one JVM, over loopback.
 *
 * <p>Not part of the test suite (surefire runs {@code *Test}/{@code *IT}); run it by name:
 * <pre>./mvnw -q test -Dtest=IngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * Knobs (system properties, pass with -D): {@code bench.clients} (16), {@code bench.requests} per throughput round
 * (20000), {@code bench.rounds} of throughput (5), {@code bench.warmup} per system (80000), {@code bench.rate} (300 req/s),
 * {@code bench.seconds} (20), {@code bench.steadyRounds} (3), {@code bench.durable} (false: zonky's defaults
 * fsync=off, synchronous_commit=off; true turns both on, so every insert waits for its WAL flush to disk).
 *
 * <p>Warm-up is 80,000 requests per system, not a few thousand: on a 2-CPU machine the JIT compilers compete with
 * the load and both servers kept speeding up for tens of thousands of requests (with 3,000 the first measured round
 * ran at about a third of the speed of the last; with 40,000 the first two rounds were still slow in some runs).
 *
 * <p>Fails only if a 2xx answer has no inbox row (a lost delivery); missed performance targets are printed as MISS.
 */
class IngestBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 20_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 80_000);
    private static final int RATE = Integer.getInteger("bench.rate", 300);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int STEADY_ROUNDS = Integer.getInteger("bench.steadyRounds", 3);
    private static final String DURABLE = Boolean.getBoolean("bench.durable") ? "on" : "off";
    private static final long POLL_INTERVAL_MS = 3_600_000L;

    private static final String FIXTURE_ID = "\"id\":\"01HNX-CREATED-35436\"";

    @RegisterExtension
    static final WireMockExtension ZENDESK = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock/zendesk"))
            .resetOnEachTest(false)
            .build();

    @RegisterExtension
    static final WireMockExtension SALESFORCE = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"))
            .resetOnEachTest(false)
            .build();

    private final ZendeskSignature signer =
            new ZendeskSignature(SignedWebhooks.SECRET, Duration.ofMinutes(5), Clock.systemUTC());
    private final List<String> lostDeliveries = new ArrayList<>();
    private final BenchReport report = new BenchReport();
    private String template;
    private JdbcTemplate db;

    /** One system under test: where to post, which table its rows land in. */
    private record Target(String name, URI uri, HttpClient http, String table) { }

    /** What one round measured. */
    private record Round(String system, int round, int sent, int ok, int errors, long elapsedNanos,
                         long[] latencies, long rows, long maxSendLagNanos) {

        double perSecond() {
            return sent * 1e9 / elapsedNanos;
        }
    }

    @Test
    void ingest() throws Exception {
        quietLogging();
        template = SignedWebhooks.fixture("ticket-created");
        assertThat(template).contains(FIXTURE_ID);
        SalesforceStubs.stubJaneOfAcme(SALESFORCE);

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", DURABLE)
                .setServerConfig("fsync", DURABLE)
                .setServerConfig("max_connections", "100")
                .start()) {
            new JdbcTemplate(pg.getPostgresDatabase()).execute("create database kairos");
            db = new JdbcTemplate(pg.getDatabase("postgres", "kairos"));
            String jdbcUrl = pg.getJdbcUrl("postgres", "kairos");

            ConfigurableApplicationContext kairos = null;
            ConfigurableApplicationContext baseline = null;
            try {
                long t0 = System.nanoTime();
                kairos = bootKairos(jdbcUrl);
                long t1 = System.nanoTime();
                // After Kairos, whose Flyway wants an empty schema to start from.
                db.execute(BaselineWebhookApp.TABLE_DDL);
                baseline = bootBaseline(jdbcUrl);
                long t2 = System.nanoTime();
                assertThat(kairos.getBeanNamesForType(BaselineWebhookApp.BaselineController.class))
                        .as("the baseline controller must stay out of Kairos's component scan").isEmpty();
                Target k = target("kairos", kairos, "inbox_event");
                Target b = target("baseline", baseline, "baseline_inbox");
                header(pg, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
                // The inbox route's first poll is 1 s after start; let it pass on an empty table before loading it.
                Thread.sleep(2_000);
                run(b, k);
            } finally {
                if (baseline != null) {
                    baseline.close();
                }
                if (kairos != null) {
                    kairos.close();
                }
            }
        }
        writeReport();
        assertThat(lostDeliveries).as("2xx answers without an inbox row").isEmpty();
    }

    private void run(Target baseline, Target kairos) throws Exception {
        // Warm-up: same closed loop, not reported beyond a line.
        int warmErrors = 0;
        int passes = 8;
        for (int pass = 1; pass <= passes; pass++) {
            for (Target t : List.of(baseline, kairos)) {
                Round warm = closedLoop(t, "warm", pass, WARMUP / passes);
                check(warm, "warm-up");
                warmErrors += warm.errors();
            }
        }
        line("%nWarm-up: %,d requests per system (%d clients, %d alternating passes), errors %d, every 2xx stored:"
                + " %s%n", WARMUP, CLIENTS, passes, warmErrors, lostDeliveries.isEmpty() ? "yes" : "NO");

        // Throughput, closed loop, alternating order per round.
        List<Round> tb = new ArrayList<>();
        List<Round> tk = new ArrayList<>();
        for (int r = 1; r <= ROUNDS; r++) {
            for (Target t : r % 2 == 1 ? List.of(baseline, kairos) : List.of(kairos, baseline)) {
                settle();
                Round round = closedLoop(t, "tp", r, REQUESTS);
                check(round, "throughput");
                (t == kairos ? tk : tb).add(round);
            }
        }
        throughputTable(tb, tk);

        // Steady rate, open loop, alternating order per round.
        List<Round> sb = new ArrayList<>();
        List<Round> sk = new ArrayList<>();
        for (int r = 1; r <= STEADY_ROUNDS; r++) {
            for (Target t : r % 2 == 1 ? List.of(baseline, kairos) : List.of(kairos, baseline)) {
                settle();
                Round round = openLoop(t, r);
                check(round, "steady rate");
                (t == kairos ? sk : sb).add(round);
            }
        }
        steadyTable(sb, sk);

        long kairosRows = db.queryForObject("select count(*) from inbox_event", Long.class);
        long baselineRows = db.queryForObject("select count(*) from baseline_inbox", Long.class);
        long processed = db.queryForObject("select count(*) from inbox_event where status <> 'PENDING'", Long.class);
        line("%nRows at the end: inbox_event %,d (%,d touched by the inbox processor), baseline_inbox %,d."
                + " Lost deliveries (2xx without a row): %s%n", kairosRows, processed, baselineRows,
                lostDeliveries.isEmpty() ? "none" : lostDeliveries);
    }

    // --- load generators ---------------------------------------------------------------------------------------

    /** {@link #CLIENTS} blocking clients, each sending its next request as soon as the previous one is answered. */
    private Round closedLoop(Target t, String phase, int round, int n) throws Exception {
        String prefix = t.name() + "-" + phase + round + "-";
        List<HttpRequest> requests = prepare(t, prefix, n);
        long[] latency = new long[n];
        int[] status = new int[n];
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        long sent = System.nanoTime();
                        try {
                            status[i] = t.http().send(requests.get(i), HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                        } catch (IOException e) {
                            status[i] = -1;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        latency[i] = System.nanoTime() - sent;
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get(10, TimeUnit.MINUTES);
            }
            long elapsed = System.nanoTime() - start;
            return result(t, round, prefix, status, latency, elapsed, 0);
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Open loop at {@link #RATE}: request i is due at start + i/rate and sent then (asynchronously, however many are
     * still in flight); its latency runs from that due time, so a stall is charged to every request it delays
     * (no coordinated omission).
     */
    private Round openLoop(Target t, int round) throws Exception {
        int n = RATE * SECONDS;
        String prefix = t.name() + "-rate" + round + "-";
        List<HttpRequest> requests = prepare(t, prefix, n);
        long[] latency = new long[n];
        int[] status = new int[n];
        CountDownLatch done = new CountDownLatch(n);
        AtomicLong lastDone = new AtomicLong();
        long maxLag = 0;
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < n; i++) {
            long due = start + Math.round(i * 1e9 / RATE);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            maxLag = Math.max(maxLag, now - due);
            int index = i;
            t.http().sendAsync(requests.get(i), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                long end = System.nanoTime();
                latency[index] = end - due;
                status[index] = e == null ? r.statusCode() : -1;
                lastDone.accumulateAndGet(end, Math::max);
                done.countDown();
            });
        }
        if (!done.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException(done.getCount() + " steady-rate requests still unanswered after 2 min");
        }
        return result(t, round, prefix, status, latency, lastDone.get() - start, maxLag);
    }

    /** Distinct, freshly signed deliveries (signing is done here, outside the timed part). */
    private List<HttpRequest> prepare(Target t, String prefix, int n) {
        String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<HttpRequest> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] body = template.replace(FIXTURE_ID, "\"id\":\"" + prefix + String.format("%06d", i) + "\"")
                    .getBytes(StandardCharsets.UTF_8);
            requests.add(HttpRequest.newBuilder(t.uri())
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Zendesk-Webhook-Signature-Timestamp", timestamp)
                    .header("X-Zendesk-Webhook-Signature", signer.sign(timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build());
        }
        return requests;
    }

    private Round result(Target t, int round, String prefix, int[] status, long[] latency, long elapsed,
                         long maxLag) {
        int ok = 0;
        for (int s : status) {
            if (s >= 200 && s < 300) {
                ok++;
            }
        }
        Long rows = db.queryForObject("select count(*) from " + t.table() + " where source = 'zendesk' and event_id like ?",
                Long.class, prefix + "%");
        return new Round(t.name(), round, status.length, ok, status.length - ok, elapsed, latency, rows, maxLag);
    }

    private void check(Round r, String phase) {
        if (r.rows() != r.ok()) {
            lostDeliveries.add(phase + " " + r.system() + " round " + r.round() + ": " + r.ok() + " x 2xx but "
                    + r.rows() + " rows");
        }
    }

    /** Same starting conditions for every round: a collected heap and a fresh PostgreSQL checkpoint. */
    private void settle() throws InterruptedException {
        System.gc();
        db.execute("vacuum analyze inbox_event, baseline_inbox");
        db.execute("checkpoint");
        Thread.sleep(500);
    }

    // --- the two systems -------------------------------------------------------------------------------------

    private ConfigurableApplicationContext bootKairos(String jdbcUrl) {
        // Command-line arguments, so they win over application.yaml (builder properties would not).
        return new SpringApplicationBuilder(KairosApplication.class).run(
                "--server.port=0",
                "--kairos.db.url=" + jdbcUrl,
                "--kairos.db.user=postgres",
                "--kairos.db.password=",
                "--kairos.inbox.poll-interval=" + POLL_INTERVAL_MS,
                "--zendesk.base-url=" + ZENDESK.baseUrl(),
                "--zendesk.email=kairos@acme.example",
                "--zendesk.api-token=zd-test-token-123",
                "--zendesk.webhook-secret=" + SignedWebhooks.SECRET,
                "--zendesk.kairos-user-id=9999",
                "--salesforce.login-url=" + SALESFORCE.baseUrl(),
                "--salesforce.client-id=test-client",
                "--salesforce.client-secret=test-client-secret",
                "--kairos.api-token=test-api-token",
                "--intercom.client-secret=" + SignedIntercomWebhooks.SECRET,
                "--kairos.signals.subscribe=false",
                "--kairos.enrichment.custom-fields.tier=360001",
                "--kairos.enrichment.custom-fields.account=360002",
                "--logging.level.root=WARN");
    }

    private ConfigurableApplicationContext bootBaseline(String jdbcUrl) {
        return new SpringApplicationBuilder(BaselineWebhookApp.class).web(WebApplicationType.SERVLET).run(
                "--spring.config.name=kairos-bench-baseline-none",
                "--spring.application.name=baseline",
                "--spring.main.banner-mode=off",
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.datasource.hikari.pool-name=baseline",
                "--spring.datasource.hikari.maximum-pool-size=16",
                "--spring.datasource.hikari.connection-timeout=2000",
                "--baseline.webhook-secret=" + SignedWebhooks.SECRET,
                "--logging.level.root=WARN");
    }

    private static Target target(String name, ConfigurableApplicationContext context, String table) {
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return new Target(name, URI.create("http://127.0.0.1:" + port + "/webhooks/zendesk"), http, table);
    }

    // --- report ----------------------------------------------------------------------------------------------

    private void header(EmbeddedPostgres pg, long kairosBootMs, long baselineBootMs) {
        String version = db.queryForObject("show server_version", String.class);
        String sync = db.queryForObject("show synchronous_commit", String.class);
        String fsync = db.queryForObject("show fsync", String.class);
        line("%n=== IngestBenchmark: POST /webhooks/zendesk → durable inbox row → 2xx ===%n");
        line("Machine: %d CPUs, Java %s, %s. Load generator, both servers and PostgreSQL share these CPUs (loopback).%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        line("PostgreSQL %s (zonky embedded, port %d): synchronous_commit=%s, fsync=%s%s; one database for both.%n",
                version, pg.getPort(), sync, fsync,
                "on".equals(DURABLE) ? " (-Dbench.durable=true)" : " (zonky defaults; -Dbench.durable=true turns both on)");
        line("Kairos:   the whole app (Camel servlet route → WebhookIntake → inbox_event), booted in %,d ms.%n",
                kairosBootMs);
        line("          kairos.inbox.poll-interval=%d ms: the inbox processor stays idle, so this measures ingest"
                + " only, not enrichment.%n", POLL_INTERVAL_MS);
        line("Baseline: bare Spring MVC @RestController, same HMAC check + one JdbcTemplate insert ... on conflict do"
                + " nothing into baseline_inbox, booted in %,d ms.%n", baselineBootMs);
        line("Both: embedded Tomcat defaults, Hikari pool 16. Client: java.net.http.HttpClient, HTTP/1.1, distinct"
                + " signed deliveries (unique event ids), signed before the clock starts.%n");
    }

    private void throughputTable(List<Round> b, List<Round> k) {
        line("%nThroughput — closed loop, %d concurrent clients, %,d requests per round, rounds alternate%n",
                CLIENTS, REQUESTS);
        String fmt = "%-9s %5s %9s %9s %9s %9s %7s %8s %8s %6s%n";
        line(fmt, "system", "round", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "2xx", "rows", "rows=2xx");
        List<Round> all = new ArrayList<>(b);
        all.addAll(k);
        all.sort(Comparator.comparingInt(Round::round).thenComparing(Round::system));
        for (Round r : all) {
            BenchStats s = BenchStats.of(r.latencies());
            line(fmt, r.system(), r.round(), String.format(Locale.ROOT, "%,.0f", r.perSecond()), BenchStats.ms(s.p50),
                    BenchStats.ms(s.p99), BenchStats.ms(s.max), r.errors(), r.ok(), r.rows(),
                    r.rows() == r.ok() ? "yes" : "NO");
        }
        double rb = median(b);
        double rk = median(k);
        BenchStats sb = pooled(b);
        BenchStats sk = pooled(k);
        line("%nSummary (req/s = median of rounds; latencies pooled over all rounds)%n");
        String sfmt = "%-9s %9s %9s %9s %9s %7s%n";
        line(sfmt, "system", "req/s", "p50 ms", "p99 ms", "max ms", "errors");
        line(sfmt, "baseline", String.format(Locale.ROOT, "%,.0f", rb), BenchStats.ms(sb.p50), BenchStats.ms(sb.p99),
                BenchStats.ms(sb.max), errors(b));
        line(sfmt, "kairos", String.format(Locale.ROOT, "%,.0f", rk), BenchStats.ms(sk.p50), BenchStats.ms(sk.p99),
                BenchStats.ms(sk.max), errors(k));
        StringBuilder pairs = new StringBuilder();
        int pairCount = Math.min(b.size(), k.size());
        double[] ratios = new double[pairCount];
        for (int i = 0; i < pairCount; i++) {
            ratios[i] = k.get(i).perSecond() / b.get(i).perSecond();
            pairs.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", ratios[i]));
        }
        // Each round's pair ran back to back, so the per-round ratio is the least noisy comparison.
        double ratio = median(ratios);
        line("Kairos/baseline throughput: %.2fx = median of per-round ratios (%s); ratio of medians %.2fx."
                + "   target >= 0.80x: %s%n", ratio, pairs, rk / rb, BenchStats.verdict(ratio >= 0.8));
        line("Kairos throughput: %,.0f req/s   target >= 1,000 req/s: %s%n", rk, BenchStats.verdict(rk >= 1000));
    }

    private void steadyTable(List<Round> b, List<Round> k) {
        line("%nSteady rate — open loop, %d req/s for %d s per round (%,d requests), latency from the scheduled send"
                + " time, rounds alternate%n", RATE, SECONDS, RATE * SECONDS);
        String fmt = "%-9s %5s %9s %9s %9s %9s %9s %7s %8s %6s%n";
        line(fmt, "system", "round", "sent/s", "p50 ms", "p99 ms", "max ms", "lag ms", "errors", "rows", "rows=2xx");
        List<Round> all = new ArrayList<>(b);
        all.addAll(k);
        all.sort(Comparator.comparingInt(Round::round).thenComparing(Round::system));
        for (Round r : all) {
            BenchStats s = BenchStats.of(r.latencies());
            line(fmt, r.system(), r.round(), String.format(Locale.ROOT, "%,.0f", r.perSecond()), BenchStats.ms(s.p50),
                    BenchStats.ms(s.p99), BenchStats.ms(s.max), BenchStats.ms(r.maxSendLagNanos()), r.errors(),
                    r.rows(), r.rows() == r.ok() ? "yes" : "NO");
        }
        BenchStats sb = pooled(b);
        BenchStats sk = pooled(k);
        line("%nSummary (pooled over all rounds; lag = worst lateness of the load generator's own send)%n");
        String sfmt = "%-9s %9s %9s %9s %7s%n";
        line(sfmt, "system", "p50 ms", "p99 ms", "max ms", "errors");
        line(sfmt, "baseline", BenchStats.ms(sb.p50), BenchStats.ms(sb.p99), BenchStats.ms(sb.max), errors(b));
        line(sfmt, "kairos", BenchStats.ms(sk.p50), BenchStats.ms(sk.p99), BenchStats.ms(sk.max), errors(k));
        line("Kairos p99 at %d req/s: %s ms   target <= 25 ms: %s%n", RATE, BenchStats.ms(sk.p99),
                BenchStats.verdict(sk.p99 <= 25_000_000L));
    }

    private static double median(List<Round> rounds) {
        return median(rounds.stream().mapToDouble(Round::perSecond).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static BenchStats pooled(List<Round> rounds) {
        return BenchStats.of(BenchStats.concat(rounds.stream().map(Round::latencies).toArray(long[][]::new)));
    }

    private static int errors(List<Round> rounds) {
        return rounds.stream().mapToInt(Round::errors).sum();
    }

    private void line(String format, Object... args) {
        report.line(format, args);
    }

    private void writeReport() throws IOException {
        Path file = report.write("IngestBenchmark");
        System.out.println("(also written to " + file + ")");
    }

    private static void quietLogging() {
        // Before Spring Boot configures logging, logback's default is DEBUG to the console (zonky, WireMock, Jetty).
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.WARN);
    }
}
