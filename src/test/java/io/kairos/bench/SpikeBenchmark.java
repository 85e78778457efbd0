package io.kairos.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.Inbox;
import io.kairos.support.KairosInstance;
import io.kairos.support.SignedIntercomWebhooks;
import io.kairos.support.SignedWebhooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A ticket spike with a CRITICAL signal in the middle (issue 13), on the whole Kairos app and an embedded
 * PostgreSQL, against {@link SpikeStub} (Zendesk with a 100 requests/min budget and Update Many Tickets jobs that
 * complete after a short delay; Salesforce answering the single and grouped lookups). {@code bench.tickets} signed
 * ticket webhooks from {@code bench.customers} requesters arrive evenly within {@code bench.spikeSeconds}; a
 * CRITICAL KNOWN_ISSUE signal is posted to {@code /api/signals} {@code bench.signalAt} seconds in. Three runs, each
 * on a fresh database, a fresh stub (its own budget minute) and a fresh boot, the spike-enrichment run first:
 * <ol>
 *   <li><b>Baseline</b>: the one-ticket-at-a-time path ({@code kairos.enrichment.bulk.group-from=0}). At Zendesk's
 *       budget it cannot finish the spike in a benchmark's time, so it runs {@code bench.baselineSeconds} from the
 *       first webhook and reports what it wrote, its rates and the projected time to finish.</li>
 *   <li><b>Spike enrichment</b>: the default configuration (groups from 10 tickets), run until every ticket is
 *       written or {@code bench.boundMinutes} pass.</li>
 *   <li><b>Replicas</b>: the same on {@code bench.replicas} Kairos apps (default 2; 1 skips the run) sharing one
 *       database and one stub, so one Zendesk budget, as pods of one Deployment do. Webhooks alternate between the
 *       apps; the signal goes to the first. It also reports the leases that expired (events claimed again because
 *       their lease ran out, {@code kairos.inbox.leases.expired} summed over the apps).</li>
 * </ol>
 *
 * <p>Not part of the test suite; run it by name:
 * <pre>./mvnw -o -q test -Dtest=SpikeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx1g</pre>
 * Fails only on a correctness fault: a webhook not accepted, a ticket written twice, a ticket dead-lettered, in the
 * spike-enrichment and replicas runs a ticket not written within the bound, and in any run a lease that expired
 * (no event may outlive its lease waiting for a rate limit). Missed targets print as MISS.
 */
class SpikeBenchmark {

    private static final int TICKETS = Integer.getInteger("bench.tickets", 5_000);
    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 2_000);
    private static final int SPIKE_SECONDS = Integer.getInteger("bench.spikeSeconds", 60);
    private static final int SIGNAL_AT = Integer.getInteger("bench.signalAt", 10);
    private static final int BUDGET = Integer.getInteger("bench.budget", 100);
    private static final int JOB_DELAY_MS = Integer.getInteger("bench.jobDelay", 2_000);
    private static final int BASELINE_SECONDS = Integer.getInteger("bench.baselineSeconds", 180);
    private static final int BOUND_MINUTES = Integer.getInteger("bench.boundMinutes", 15);
    private static final int REPLICAS = Integer.getInteger("bench.replicas", 2);
    private static final String DURABLE = Boolean.getBoolean("bench.durable") ? "on" : "off";

    private static final String API_TOKEN = "bench-api-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchReport report = new BenchReport();
    private volatile String signalNote = "";
    private volatile long signalPlannedMs = -1;
    private List<String> deadReasons = List.of();
    private final List<String> faults = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What one run measured. */
    private record Run(String name, int groupFrom, int replicas, long bootMs, long spikeStartMillis, long endMillis,
                       boolean complete, long signalPlannedMs, long signalToDecisionMs, int rejectedWebhooks, long[] latenciesNanos,
                       List<SpikeStub.Call> zendesk, int enrichmentSoql, int otherSoql, int writtenTwice,
                       Map<String, Long> inbox, long deadLetters, int unexpected, long leasesExpired) {

        int written() {
            return latenciesNanos.length;
        }

        double minutes() {
            return (endMillis - spikeStartMillis) / 60_000.0;
        }
    }

    @Test
    void spike() throws Exception {
        quietLogging();
        SpikeStub.customers(CUSTOMERS);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", DURABLE)
                .setServerConfig("fsync", DURABLE)
                .setServerConfig("max_connections", "100")
                .start()) {
            header(pg);
            // Spike enrichment first: it must finish, and its bound is the long one.
            Run bulk = run(pg, "bulk", -1, 1, Duration.ofMinutes(BOUND_MINUTES), true);
            section(bulk);
            Run baseline = run(pg, "baseline", 0, 1, Duration.ofSeconds(BASELINE_SECONDS), false);
            section(baseline);
            Run replicas = null;
            if (REPLICAS > 1) {
                replicas = run(pg, "replicas", -1, REPLICAS, Duration.ofMinutes(BOUND_MINUTES), true);
                section(replicas);
            }
            summary(baseline, bulk, replicas);
            line("%nCorrectness faults: %s%n", faults.isEmpty() ? "none" : faults);
        }
        writeReport();
        assertThat(faults).as("correctness faults (a ticket lost, dead-lettered or written twice)").isEmpty();
    }

    // --- one run ---------------------------------------------------------------------------------------------------

    /**
     * groupFrom -1: the app's default. replicas: apps on the one database, taking the webhooks in turn. untilDone:
     * wait for every ticket (within bound) instead of a fixed window.
     */
    private Run run(EmbeddedPostgres pg, String name, int groupFrom, int replicas, Duration bound, boolean untilDone)
            throws Exception {
        String database = "kairos_spike_" + name;
        new JdbcTemplate(pg.getPostgresDatabase()).execute("create database " + database);
        JdbcTemplate db = new JdbcTemplate(pg.getDatabase("postgres", database));
        try (SpikeStub stub = new SpikeStub(BUDGET, JOB_DELAY_MS);
             IntercomBudgetStub intercom = new IntercomBudgetStub(1_000)) {
            List<KairosInstance> apps = new ArrayList<>();
            try {
                long t0 = System.nanoTime();
                // One after the other: the first migrates the database, as the first pod of a rollout does.
                for (int r = 1; r <= replicas; r++) {
                    apps.add(boot(pg.getJdbcUrl("postgres", database), replicas == 1 ? name : name + "-" + r,
                            stub.baseUri(), intercom.baseUri(), groupFrom));
                }
                long bootMs = (System.nanoTime() - t0) / 1_000_000;
                int port = port(apps.get(0));
                SignedWebhooks[] webhooks = apps.stream().map(app -> new SignedWebhooks("http://127.0.0.1:"
                        + port(app))).toArray(SignedWebhooks[]::new);
                long[] postedAt = new long[TICKETS];
                AtomicInteger rejected = new AtomicInteger();
                AtomicLong signalLatency = new AtomicLong(-1);
                CountDownLatch posted = new CountDownLatch(TICKETS);
                ScheduledExecutorService clients = Executors.newScheduledThreadPool(8);
                long start = System.currentTimeMillis() + 500;
                double spacing = SPIKE_SECONDS * 1000.0 / TICKETS;
                for (int i = 0; i < TICKETS; i++) {
                    int n = i;
                    long at = start + Math.round(n * spacing);
                    clients.schedule(() -> {
                        long ticket = SpikeStub.FIRST_TICKET + n;
                        postedAt[n] = System.currentTimeMillis();
                        try {
                            if (webhooks[n % webhooks.length].post(payload(ticket)).statusCode() != 202) {
                                rejected.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            rejected.incrementAndGet();
                        } finally {
                            posted.countDown();
                        }
                    }, at - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
                }
                signalNote = "";
                signalPlannedMs = -1;
                Thread signal = new Thread(() -> signalLatency.set(raiseAndAwaitDecision(port, db)));
                clients.schedule(signal::start, start + SIGNAL_AT * 1000L - System.currentTimeMillis(),
                        TimeUnit.MILLISECONDS);

                long deadline = start + bound.toMillis();
                boolean complete = false;
                while (System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                    // Settled, nothing more will be written: all of them, or fewer when some were dead-lettered.
                    if (untilDone && posted.getCount() == 0 && settled(db)) {
                        complete = stub.writtenAt().size() >= TICKETS;
                        break;
                    }
                }
                long end = System.currentTimeMillis();
                clients.shutdownNow();
                signal.join(Duration.ofSeconds(30).toMillis());
                // A ticket written twice would show after its first write: give it a moment.
                Thread.sleep(2_000);

                Map<Long, Long> written = stub.writtenAt();
                long[] latencies = new long[written.size()];
                int k = 0;
                for (Map.Entry<Long, Long> w : written.entrySet()) {
                    int index = (int) (w.getKey() - SpikeStub.FIRST_TICKET);
                    latencies[k++] = (w.getValue() - postedAt[index]) * 1_000_000L;
                }
                Map<String, Long> inbox = new LinkedHashMap<>();
                db.query("select status, count(*) as n from inbox_event where source = 'zendesk' group by status"
                        + " order by 1", rs -> {
                            inbox.put(rs.getString("status"), rs.getLong("n"));
                        });
                long dead = db.queryForObject("select count(*) from dead_letter", Long.class);
                if (signalLatency.get() < 0) {
                    signalNote += " signal rows " + db.queryForList("select status from signal", String.class)
                            + ", other inbox rows " + db.queryForList("select source || ' ' || status || ': '"
                            + " || coalesce(outcome, '') from inbox_event where source <> 'zendesk'", String.class);
                }
                deadReasons = db.queryForList("select distinct reason from dead_letter limit 3", String.class);
                long leasesExpired = apps.stream().mapToLong(SpikeBenchmark::leasesExpired).sum();
                Run run = new Run(name, groupFrom, replicas, bootMs, start, end, complete, signalPlannedMs,
                        signalLatency.get(), rejected.get(), latencies, stub.zendeskCalls(), stub.enrichmentSoql(),
                        stub.otherSoql(), stub.writtenTwice().size(), inbox, dead, stub.unexpected(), leasesExpired);
                check(run, untilDone, stub.writtenTwice());
                return run;
            } finally {
                apps.forEach(KairosInstance::close);
            }
        }
    }

    private static int port(KairosInstance app) {
        return app.context().getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** Events this app claimed again because their lease ran out, in every lane. */
    private static long leasesExpired(KairosInstance app) {
        return Math.round(app.bean(MeterRegistry.class).find(Inbox.LEASES_EXPIRED).counters().stream()
                .mapToDouble(Counter::count).sum());
    }

    /** Every ticket event of the inbox finished (nothing pending, processing or parked). */
    private static boolean settled(JdbcTemplate db) {
        return db.queryForObject("select count(*) from inbox_event where source = 'zendesk' and status in"
                + " ('PENDING', 'PROCESSING')", Long.class) == 0;
    }

    private void check(Run run, boolean untilDone, List<Long> twice) {
        String prefix = run.name() + ": ";
        if (run.rejectedWebhooks() > 0) {
            faults.add(prefix + run.rejectedWebhooks() + " webhooks not accepted with 202");
        }
        if (!twice.isEmpty()) {
            faults.add(prefix + twice.size() + " tickets written twice, e.g. " + twice.get(0));
        }
        if (run.deadLetters() > 0) {
            faults.add(prefix + run.deadLetters() + " dead letters: " + deadReasons);
        }
        long rows = run.inbox().values().stream().mapToLong(Long::longValue).sum();
        if (rows != TICKETS) {
            faults.add(prefix + rows + " inbox rows for " + TICKETS + " webhooks");
        }
        if (untilDone && (!run.complete() || run.written() != TICKETS)) {
            faults.add(prefix + run.written() + " of " + TICKETS + " tickets written within " + BOUND_MINUTES
                    + " min; inbox " + run.inbox());
        }
        if (run.leasesExpired() > 0) {
            faults.add(prefix + run.leasesExpired() + " events claimed again because their lease expired");
        }
        if (run.signalToDecisionMs() < 0) {
            faults.add(prefix + "the CRITICAL signal got no decision: " + signalNote);
        }
    }

    /** Posts the CRITICAL signal; the time from its 202 to its first ledger entry, -1 if none within 5 minutes. */
    private long raiseAndAwaitDecision(int port, JdbcTemplate db) {
        try {
            String body = JSON.writeValueAsString(Map.of("type", "KNOWN_ISSUE", "severity", "CRITICAL",
                    "title", "Sync stalls on large projects", "body", "A fix ships today.", "product", "Sync App"));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/signals"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + API_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            long accepted = System.nanoTime();
            if (response.statusCode() != 202) {
                signalNote = "POST /api/signals answered " + response.statusCode() + ": " + response.body();
                return -1;
            }
            String signalId = JSON.readTree(response.body()).path("signalId").asText();
            long deadline = accepted + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                if (signalPlannedMs < 0 && "PLANNED".equals(db.queryForList("select status from signal where id = ?",
                        String.class, signalId).stream().findFirst().orElse(""))) {
                    signalPlannedMs = (System.nanoTime() - accepted) / 1_000_000;
                }
                if (db.queryForObject("select count(*) from ledger_entry where signal_id = ?", Long.class,
                        signalId) > 0) {
                    return (System.nanoTime() - accepted) / 1_000_000;
                }
                Thread.sleep(50);
            }
            signalNote = "signal " + db.queryForList("select status from signal where id = ?", String.class, signalId)
                    + ", inbox " + db.queryForList("select status || ': ' || coalesce(outcome, '') from inbox_event"
                    + " where source <> 'zendesk'", String.class);
            return -1;
        } catch (Exception e) {
            signalNote = e.toString();
            return -1;
        }
    }

    private static String payload(long ticket) {
        long requester = SpikeStub.requesterOf(ticket, CUSTOMERS);
        return SignedWebhooks.fixture("ticket-created").replace("35436", String.valueOf(ticket))
                .replace("\"9001\"", "\"" + requester + "\"");
    }

    /** One app on the database, as one replica among others (see {@link KairosInstance}). */
    private static KairosInstance boot(String jdbcUrl, String name, URI stub, URI intercom, int groupFrom) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kairos.db.password", "");
        properties.put("zendesk.base-url", stub.toString());
        properties.put("zendesk.api-token", "zd-bench-token");
        properties.put("zendesk.kairos-user-id", "9999");
        properties.put("salesforce.login-url", stub.toString());
        properties.put("salesforce.client-id", "bench-client");
        properties.put("salesforce.client-secret", "bench-client-secret");
        properties.put("kairos.api-token", API_TOKEN);
        properties.put("intercom.client-secret", SignedIntercomWebhooks.SECRET);
        properties.put("intercom.base-url", intercom.toString());
        properties.put("intercom.access-token", IntercomBudgetStub.TOKEN);
        properties.put("intercom.admin-id", "394051");
        properties.put("kairos.webhooks.servlet-name", "SpikeBenchmark-" + name);
        properties.put("kairos.enrichment.custom-fields.tier", "360001");
        properties.put("kairos.enrichment.custom-fields.account", "360002");
        properties.put("logging.level.root", "WARN");
        // Every 429 and retry of the baseline would print a line; the figures say how many there were.
        properties.put("logging.level.io.kairos", System.getProperty("bench.kairosLog", "ERROR"));
        properties.put("logging.level.org.apache.camel", "ERROR");
        if (groupFrom >= 0) {
            properties.put("kairos.enrichment.bulk.group-from", String.valueOf(groupFrom));
        }
        return KairosInstance.start(name, jdbcUrl, properties);
    }

    // --- report ----------------------------------------------------------------------------------------------------

    private void header(EmbeddedPostgres pg) {
        JdbcTemplate db = new JdbcTemplate(pg.getPostgresDatabase());
        line("%n=== SpikeBenchmark: %,d ticket webhooks from %,d customers in %d s, a CRITICAL signal %d s in ===%n",
                TICKETS, CUSTOMERS, SPIKE_SECONDS, SIGNAL_AT);
        line("Machine: %d CPUs, Java %s; heap max %,d MiB. PostgreSQL %s (zonky embedded), fsync=%s; a fresh"
                        + " database, stub and boot per run.%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                db.queryForObject("show server_version", String.class), DURABLE);
        line("Stub (loopback, same JVM): Zendesk %d requests per clock minute, then 429 + Retry-After to the minute's"
                + " end; Update Many jobs complete %d ms after creation. Salesforce answers every contact/account/"
                + "known-issue query (single and IN lists) and the signal's audience (20 of the customers).%n",
                BUDGET, JOB_DELAY_MS);
        line("Kairos (defaults): zendesk.requests-per-minute=90 of which signal-requests-per-minute=20, inbox poll"
                + " 250 ms, tickets lane batch 300, groups from 10, job poll delay 2 s. Replicas"
                + " run: %s.%n", REPLICAS > 1 ? REPLICAS + " apps on one database and one stub (one Zendesk budget)"
                : "skipped (bench.replicas=1)");
    }

    private void section(Run r) {
        line("%n%s — kairos.enrichment.bulk.group-from=%s; Kairos booted in %,d ms; %s after %.1f min%n",
                r.name().equals("baseline") ? "Baseline, one ticket at a time" : r.replicas() > 1
                        ? "Spike enrichment on " + r.replicas() + " replicas, one database" : "Spike enrichment (groups)",
                r.groupFrom() < 0 ? "10 (default)" : String.valueOf(r.groupFrom()), r.bootMs(),
                r.complete() ? "every ticket written" : "stopped", r.minutes());
        line("  signal: 202 → PLANNED (outbox rows) %s, → first ledger decision %s%n", ms(r.signalPlannedMs()),
                ms(r.signalToDecisionMs()));
        BenchStats s = BenchStats.of(r.latenciesNanos());
        line("  written %,d of %,d; webhook → written: p50 %s, p95 %s, max %s%n", r.written(), TICKETS,
                seconds(s.p50), seconds(s.p95), seconds(s.max));
        line("  inbox (zendesk): %s; dead letters %d; webhooks not accepted %d; tickets written twice %d;"
                + " leases expired %d; unexpected stub requests %d%n", r.inbox(), r.deadLetters(),
                r.rejectedWebhooks(), r.writtenTwice(), r.leasesExpired(), r.unexpected());
        Map<String, Integer> kinds = new TreeMap<>();
        for (SpikeStub.Call c : r.zendesk()) {
            kinds.merge(kind(c), 1, Integer::sum);
        }
        line("  Zendesk requests %,d by kind: %s%n", r.zendesk().size(), kinds);
        line("  Salesforce: %,d enrichment queries (%.3f per written ticket), %d other (signal audience)%n",
                r.enrichmentSoql(), r.enrichmentSoql() / (double) Math.max(1, r.written()), r.otherSoql());
        line("  %-10s %8s %8s %8s%n", "minute", "requests", "2xx", "429");
        for (long[] m : minutes(r)) {
            line("  %-10s %8d %8d %8d%n", "+" + m[0] + (m[4] == 1 ? " (part)" : ""), m[1], m[2], m[3]);
        }
    }

    /** The comparison table; {@code replicas} is null when that run was skipped. */
    private void summary(Run base, Run bulk, Run replicas) {
        line("%nSummary (one run; the baseline stopped after %d s, see its projection)%n", BASELINE_SECONDS);
        String fmt = "%-52s %22s %22s %22s %14s%n";
        line(fmt, "measure", "baseline (one by one)", "spike enrichment",
                replicas == null ? "replicas" : "spike, " + replicas.replicas() + " replicas", "target");
        Run[] runs = replicas == null ? new Run[] {base, bulk} : new Run[] {base, bulk, replicas};
        List<Run> targeted = replicas == null ? List.of(bulk) : List.of(bulk, replicas);
        row(fmt, "signal: 202 → first decision", each(runs, r -> ms(r.signalToDecisionMs())),
                "≤ 5 s " + BenchStats.verdict(targeted.stream().allMatch(r -> r.signalToDecisionMs() >= 0
                        && r.signalToDecisionMs() <= 5_000)));
        row(fmt, "tickets written", each(runs, r -> String.format(Locale.ROOT, "%,d of %,d in %.1f min",
                r.written(), TICKETS, r.minutes())), "all");
        row(fmt, "webhook → written p50 / p95 / max (written ones)", each(runs, r -> {
            BenchStats s = BenchStats.of(r.latenciesNanos());
            return seconds(s.p50) + " / " + seconds(s.p95) + " / " + seconds(s.max);
        }), "p95 ≤ 2 min " + BenchStats.verdict(targeted.stream().allMatch(r -> r.complete()
                && BenchStats.of(r.latenciesNanos()).p95 <= 120_000_000_000L)));
        row(fmt, "write rate (tickets/min, first write to stop)", each(runs, r -> String.format(Locale.ROOT, "%.1f",
                writeRate(r))), "");
        row(fmt, "projected time to write all", each(runs, r -> {
            if (r.complete()) {
                return String.format(Locale.ROOT, "%.1f min (measured)", r.minutes());
            }
            double rate = writeRate(r);
            return rate <= 0 ? "never" : String.format(Locale.ROOT, "%.0f min (projected)",
                    r.minutes() + (TICKETS - r.written()) / rate);
        }), "");
        row(fmt, "Zendesk requests / min, busiest full minute", each(runs, SpikeBenchmark::peak), "≤ " + BUDGET);
        row(fmt, "Zendesk 429s in full minutes (whole run)", each(runs, r -> steady429(r) + " (" + total429(r) + ")"),
                "0 " + BenchStats.verdict(targeted.stream().allMatch(r -> steady429(r) == 0)));
        row(fmt, "Zendesk requests per written ticket", each(runs, r -> perTicket(r.zendesk().size(), r.written())),
                "");
        row(fmt, "Salesforce enrichment calls per written ticket", each(runs, r -> perTicket(r.enrichmentSoql(),
                r.written())), "≤ 0.05 " + BenchStats.verdict(targeted.stream().allMatch(r -> r.written() > 0
                        && r.enrichmentSoql() / (double) r.written() <= 0.05)));
        row(fmt, "tickets written twice / dead letters", each(runs, r -> r.writtenTwice() + " / " + r.deadLetters()),
                "0 / 0");
        row(fmt, "leases expired (events claimed again)", each(runs, r -> String.valueOf(r.leasesExpired())), "0 "
                + BenchStats.verdict(Arrays.stream(runs).allMatch(r -> r.leasesExpired() == 0)));
    }

    /** One figure per run, "skipped" for a run that did not take place. */
    private static String[] each(Run[] runs, Function<Run, String> figure) {
        String[] out = new String[3];
        Arrays.fill(out, "skipped");
        for (int i = 0; i < runs.length; i++) {
            out[i] = figure.apply(runs[i]);
        }
        return out;
    }

    private void row(String fmt, String measure, String[] figures, String target) {
        line(fmt, measure, figures[0], figures[1], figures[2], target);
    }

    /** Per clock minute of the stub: {offset from the first, requests, 2xx, 429, 1 if partial}. */
    private static List<long[]> minutes(Run r) {
        List<long[]> out = new ArrayList<>();
        if (r.zendesk().isEmpty()) {
            return out;
        }
        long first = r.zendesk().get(0).millis() / 60_000;
        long last = r.zendesk().get(r.zendesk().size() - 1).millis() / 60_000;
        for (long m = first; m <= last; m++) {
            long minute = m;
            List<SpikeStub.Call> calls = r.zendesk().stream().filter(c -> c.millis() / 60_000 == minute).toList();
            long limited = calls.stream().filter(c -> c.status() == 429).count();
            out.add(new long[] {m - first, calls.size(), calls.size() - limited, limited,
                    m == first || m == last ? 1 : 0});
        }
        return out;
    }

    private static String peak(Run r) {
        return String.valueOf(minutes(r).stream().filter(m -> m[4] == 0).mapToLong(m -> m[1]).max().orElse(0));
    }

    private static long steady429(Run r) {
        return minutes(r).stream().filter(m -> m[4] == 0).mapToLong(m -> m[3]).sum();
    }

    private static long total429(Run r) {
        return r.zendesk().stream().filter(c -> c.status() == 429).count();
    }

    private static double writeRate(Run r) {
        if (r.written() == 0) {
            return 0;
        }
        long firstWrite = r.spikeStartMillis() + Arrays.stream(r.latenciesNanos()).min().orElse(0)
                / 1_000_000;
        double minutes = Math.max(1e-3, (r.endMillis() - firstWrite) / 60_000.0);
        return r.written() / minutes;
    }

    private static String kind(SpikeStub.Call c) {
        String p = c.path();
        if (p.endsWith("update_many.json")) {
            return "update_many";
        }
        if (p.equals("/api/v2/job_statuses/show_many.json")) {
            return "job_statuses/show_many";
        }
        if (p.startsWith("/api/v2/job_statuses/")) {
            return "job_status";
        }
        if (p.endsWith("show_many.json")) {
            return p.contains("/users/") ? "users/show_many" : "tickets/show_many";
        }
        if (p.startsWith("/api/v2/search") || p.endsWith("incidents.json")) {
            return "open-ticket search";
        }
        if (p.startsWith("/api/v2/users/")) {
            return "user";
        }
        return "ticket " + c.method();
    }

    private static String perTicket(long calls, int written) {
        return written == 0 ? "-" : String.format(Locale.ROOT, "%.3f", calls / (double) written);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String ms(long millis) {
        return millis < 0 ? "none" : String.format(Locale.ROOT, "%,d ms", millis);
    }

    private void line(String format, Object... args) {
        report.line(format, args);
    }

    private void writeReport() throws java.io.IOException {
        Path file = report.write("SpikeBenchmark");
        System.out.println("(also written to " + file + " at " + Instant.now() + ")");
    }

    private static void quietLogging() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.WARN);
    }
}
