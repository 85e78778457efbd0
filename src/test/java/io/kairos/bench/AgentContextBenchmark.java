package io.kairos.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.kairos.KairosApplication;
import io.kairos.enrichment.CustomerContext;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SignedIntercomWebhooks;
import io.kairos.support.SignedWebhooks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The agent sidebar's one request, {@code GET /api/agent/context?ticket=}, on the whole Kairos app over HTTP with
 * the agent token, against a store of realistic size on an embedded PostgreSQL:
 * <ul>
 *   <li>{@code bench.ledger} ledger entries (1,000,000) over {@code bench.customers} customers (100,000), spread
 *       over a year; {@code bench.tickets} enriched tickets (50,000); 10 signals with 20,000 outbox rows each, half
 *       of them pending; a context cache row for every customer asked about. Bulk-inserted server-side
 *       ({@code insert … select … from generate_series}), then ANALYZE.</li>
 *   <li><b>Cached</b>: {@code bench.requests} (2,000) distinct tickets, after a warm-up of {@code bench.warmup}
 *       (200) others, sequentially, then as many others with {@code bench.clients} (8) concurrent clients. The
 *       Zendesk and Salesforce stand-ins (WireMock) must see no request at all: the answer comes from the store
 *       and the context cache.</li>
 *   <li><b>Baseline</b>, same run, same app: the same request for tickets of customers with a cached context but no
 *       ledger history and no outbox row (the request's fixed cost), and {@code GET /actuator/health} (the HTTP
 *       floor of this machine).</li>
 *   <li><b>Plan</b>: EXPLAIN (ANALYZE, BUFFERS) of the timeline's queries for one customer; a sequential scan on
 *       the ledger (or the outbox, or the enriched tickets) fails the run.</li>
 *   <li><b>Live</b>: {@code refresh=true} for {@code bench.refreshes} (100) tickets sequentially and as many with the
 *       concurrent clients, against a Salesforce stand-in that answers every query after a fixed 100 ms.</li>
 * </ul>
 *
 * <p>Not part of the test suite (surefire runs {@code *Test}/{@code *IT}); run it by name, with a fixed heap:
 * <pre>./mvnw -o -q test -Dtest=AgentContextBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx1g</pre>
 *
 * <p>Fails on a correctness fault (a wrong or failed answer, a stand-in called on the cached path, a sequential
 * scan). Latency targets print PASS or MISS and never fail the run: they depend on the machine.
 */
class AgentContextBenchmark {

    private static final int LEDGER = Integer.getInteger("bench.ledger", 1_000_000);
    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 100_000);
    private static final int TICKETS = Integer.getInteger("bench.tickets", 50_000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 2_000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 200);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final int REFRESHES = Integer.getInteger("bench.refreshes", 100);
    private static final int SIGNALS = 10;
    private static final int OUTBOX_PER_SIGNAL = 20_000;
    private static final int SALESFORCE_DELAY_MS = 100;
    /** Tickets of customers without history are numbered from here, above every seeded ticket. */
    private static final long NO_HISTORY_TICKETS = 900_000_000L;

    private static final String AGENT_TOKEN = "bench-agent-token-0123456789";
    private static final String API_TOKEN = "bench-api-token";
    private static final long MIB = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchReport report = new BenchReport();
    private final List<String> faults = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    /** One measured run: its latencies, wall time and how many answers were wrong. */
    private record Run(String name, int clients, BenchStats stats, double seconds, int wrong) {

        double perSecond() {
            return stats.count / seconds;
        }
    }

    @Test
    void agentContext() throws Exception {
        quietLogging();
        WireMockServer zendesk = new WireMockServer(wireMockConfig().dynamicPort());
        WireMockServer salesforce = new WireMockServer(wireMockConfig().dynamicPort()
                .usingFilesUnderClasspath("wiremock/salesforce"));
        zendesk.start();
        salesforce.start();
        stubSalesforce(salesforce);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("fsync", "off")
                .start()) {
            new JdbcTemplate(pg.getPostgresDatabase()).execute("create database kairos_agent");
            JdbcTemplate db = new JdbcTemplate(pg.getDatabase("postgres", "kairos_agent"));
            long t0 = System.nanoTime();
            ConfigurableApplicationContext kairos = boot(pg.getJdbcUrl("postgres", "kairos_agent"), zendesk,
                    salesforce);
            long bootMs = (System.nanoTime() - t0) / 1_000_000;
            try {
                port = kairos.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
                header(db, bootMs);
                // Distinct tickets for the warm-up and each run, in no particular order (no run reads pages the
                // previous one brought into PostgreSQL's buffers because of their order).
                List<Long> tickets = shuffledTickets(WARMUP + 2 * REQUESTS);
                long seedStart = System.nanoTime();
                seed(db, kairos.getBean(ObjectMapper.class), tickets, WARMUP + 2 * REQUESTS);
                line("Seeded and analysed in %.1f s: %s%n", (System.nanoTime() - seedStart) / 1e9, counts(db));

                List<Long> warm = tickets.subList(0, WARMUP);
                List<Long> sequential = tickets.subList(WARMUP, WARMUP + REQUESTS);
                List<Long> concurrent = tickets.subList(WARMUP + REQUESTS, WARMUP + 2 * REQUESTS);
                List<Long> empty = numbered(NO_HISTORY_TICKETS, WARMUP + 2 * REQUESTS);

                zendesk.resetRequests();
                salesforce.resetRequests();
                Predicate<JsonNode> cachedWithHistory = body -> "cached".equals(
                        body.path("source").path("salesforce").asText()) && !body.path("timeline").isEmpty()
                        && !body.path("customer").isNull();
                Predicate<JsonNode> cachedNoHistory = body -> "cached".equals(
                        body.path("source").path("salesforce").asText()) && body.path("timeline").isEmpty()
                        && body.path("planned").isEmpty() && !body.path("customer").isNull();
                run("warm-up", 1, contexts(warm, false), cachedWithHistory);
                run("warm-up, no history", 1, contexts(empty.subList(0, WARMUP), false), cachedNoHistory);
                run("warm-up, health", 1, health(WARMUP), body -> "UP".equals(body.path("status").asText()));

                List<Run> runs = new ArrayList<>();
                HeapSampler heap = new HeapSampler();
                try {
                    runs.add(run("context, cached", 1, contexts(sequential, false), cachedWithHistory));
                    runs.add(run("context, cached", CLIENTS, contexts(concurrent, false), cachedWithHistory));
                    runs.add(run("baseline: context, no history", 1,
                            contexts(empty.subList(WARMUP, WARMUP + REQUESTS), false), cachedNoHistory));
                    runs.add(run("baseline: context, no history", CLIENTS,
                            contexts(empty.subList(WARMUP + REQUESTS, WARMUP + 2 * REQUESTS), false),
                            cachedNoHistory));
                    runs.add(run("baseline: /actuator/health", 1, health(REQUESTS),
                            body -> "UP".equals(body.path("status").asText())));
                    runs.add(run("baseline: /actuator/health", CLIENTS, health(REQUESTS),
                            body -> "UP".equals(body.path("status").asText())));
                } finally {
                    heap.close();
                }
                int zendeskCalls = zendesk.getAllServeEvents().size();
                int salesforceCalls = salesforce.getAllServeEvents().size();
                if (zendeskCalls + salesforceCalls > 0) {
                    faults.add("cached path called the stand-ins: Zendesk " + zendeskCalls + ", Salesforce "
                            + salesforceCalls + " requests");
                }

                Explained plan = explain(db, sequential.get(0));

                salesforce.resetRequests();
                Predicate<JsonNode> live = body -> "live".equals(body.path("source").path("salesforce").asText())
                        && body.path("known").asBoolean() && !body.path("customer").isNull();
                List<Run> refreshRuns = new ArrayList<>();
                refreshRuns.add(run("context, refresh=true (Salesforce +100 ms)", 1,
                        contexts(sequential.subList(0, REFRESHES), true), live));
                refreshRuns.add(run("context, refresh=true (Salesforce +100 ms)", CLIENTS,
                        contexts(concurrent.subList(0, REFRESHES), true), live));
                long queries = salesforce.getAllServeEvents().stream()
                        .filter(e -> e.getRequest().getUrl().startsWith(SalesforceStubs.QUERY_PATH)).count();
                if (queries < 2L * REFRESHES) {
                    faults.add("refresh=true: only " + queries + " Salesforce queries for " + 2 * REFRESHES
                            + " refreshes");
                }
                summary(runs, refreshRuns, plan, heap, zendeskCalls, salesforceCalls, queries);
            } finally {
                kairos.close();
            }
        } finally {
            zendesk.stop();
            salesforce.stop();
        }
        line("%nCorrectness faults: %s%n", faults.isEmpty() ? "none" : faults);
        Path file = report.write("AgentContextBenchmark");
        System.out.println("(also written to " + file + " at " + Instant.now() + ")");
        assertThat(faults).as("wrong answers, stand-ins called on the cached path, sequential scans").isEmpty();
    }

    // --- measuring ---------------------------------------------------------------------------------------------

    private List<HttpRequest> contexts(List<Long> tickets, boolean refresh) {
        return tickets.stream().map(ticket -> HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/agent/context?ticket=" + ticket + (refresh ? "&refresh=true" : "")))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + AGENT_TOKEN).GET().build())
                .toList();
    }

    private List<HttpRequest> health(int n) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return Collections.nCopies(n, request);
    }

    /** Sends every request once, from {@code clients} threads, and checks each answer. */
    private Run run(String name, int clients, List<HttpRequest> requests, Predicate<JsonNode> expected)
            throws Exception {
        long[] latencies = new long[requests.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        HttpResponse<String> response = http.send(requests.get(i),
                                HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - t;
                        if (response.statusCode() != 200 || !expected.test(JSON.readTree(response.body()))) {
                            if (wrong.incrementAndGet() <= 3) {
                                faults.add(name + " (" + clients + " clients): " + requests.get(i).uri() + " → "
                                        + response.statusCode() + " " + abbreviate(response.body()));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Run(name, clients, BenchStats.of(latencies), seconds, wrong.get());
    }

    /** What EXPLAIN (ANALYZE, BUFFERS) said of the timeline's queries for one customer. */
    private record Explained(String email, List<String> names, List<Double> millis, List<String> firstLines,
                             List<String> ledgerPlan) { }

    /**
     * The queries {@code TicketRequesters}, {@code CustomerContextCache}, {@code CustomerTimeline} and
     * {@code LedgerStore} run for one ticket asked about, with its customer's email inlined.
     */
    private Explained explain(JdbcTemplate db, long ticket) {
        String email = db.queryForObject("select contact_email from ticket_enrichment where ticket_id = ?",
                String.class, ticket);
        String literal = "'" + email + "'";
        List<String[]> queries = List.of(
                new String[] {"ledger: decisions, newest 20",
                        "select * from ledger_entry where contact_email = " + literal
                                + " order by occurred_at desc limit 20"},
                new String[] {"outbox ⋈ signal: messages, newest 500",
                        "select s.id, s.type, o.status, o.send_at from outbox_message o join signal s on"
                                + " s.id = o.signal_id where o.contact_email = " + literal
                                + " order by s.received_at desc limit 500"},
                new String[] {"enriched tickets, newest 500",
                        "select ticket_id, subject from ticket_enrichment where contact_email = " + literal
                                + " order by coalesce(first_enriched_at, enriched_at) desc limit 500"},
                new String[] {"ticket → requester",
                        "select contact_email from ticket_enrichment where ticket_id = " + ticket},
                new String[] {"context cache", "select context_json, fetched_at from customer_context_cache where"
                        + " email = " + literal});
        List<String> names = new ArrayList<>();
        List<Double> millis = new ArrayList<>();
        List<String> firstLines = new ArrayList<>();
        List<String> ledgerPlan = null;
        for (String[] query : queries) {
            List<String> plan = db.queryForList("explain (analyze, buffers) " + query[1], String.class);
            names.add(query[0]);
            firstLines.add(plan.get(0).strip());
            millis.add(plan.stream().filter(l -> l.startsWith("Execution Time:")).findFirst()
                    .map(l -> Double.parseDouble(l.replaceAll("[^0-9.]", ""))).orElse(Double.NaN));
            for (String table : List.of("ledger_entry", "outbox_message", "ticket_enrichment")) {
                if (plan.stream().anyMatch(l -> l.contains("Seq Scan on " + table))) {
                    faults.add("SEQUENTIAL SCAN on " + table + " in '" + query[0] + "':\n  "
                            + String.join("\n  ", plan));
                }
            }
            if (ledgerPlan == null) {
                ledgerPlan = plan;
            }
        }
        return new Explained(email, names, millis, firstLines, ledgerPlan);
    }

    // --- the store ---------------------------------------------------------------------------------------------

    /** Enriched ticket numbers 1..TICKETS, shuffled with a fixed seed; the first {@code n} are the ones asked. */
    private static List<Long> shuffledTickets(int n) {
        List<Long> all = new ArrayList<>(IntStream.rangeClosed(1, TICKETS).mapToObj(t -> (long) t).toList());
        Collections.shuffle(all, new Random(17));
        return new ArrayList<>(all.subList(0, n));
    }

    private static List<Long> numbered(long first, int n) {
        return IntStream.range(0, n).mapToObj(i -> first + i).toList();
    }

    private static String customer(String number) {
        return "'customer' || lpad((" + number + ")::text, 6, '0') || '@bench.example'";
    }

    /**
     * The store: ledger entries appended over a year (customer {@code g * 7919 mod CUSTOMERS}, so each has
     * LEDGER/CUSTOMERS entries spread over the year, interleaved with everyone else's on disk), enriched tickets,
     * signals and their outbox rows (half pending), and cache rows for the customers asked about and for as many
     * customers with no history (their tickets numbered from {@link #NO_HISTORY_TICKETS}).
     */
    private static void seed(JdbcTemplate db, ObjectMapper appJson, List<Long> asked, int noHistory)
            throws IOException {
        db.update("insert into ledger_entry (contact_email, signal_id, signal_type, record_id, channel, decision,"
                + " reason_code, reason, summary, occurred_at)"
                + " select " + customer("(g::bigint * 7919) % " + CUSTOMERS) + ", 'sig-' || (g % 500),"
                + " (array['ORDER_DELAY','KNOWN_ISSUE','OUTAGE'])[1 + g % 3], '801' || lpad(g::text, 15, '0'),"
                + " 'intercom', (array['SENT','DEFERRED','SUPPRESSED','HELD_OUT'])[1 + g % 4],"
                + " case when g % 4 = 0 then null else 'QUIET_HOURS' end,"
                + " case when g % 4 = 0 then null else 'Deferred to 09:00 their time: quiet hours' end,"
                + " 'Order ' || lpad(g::text, 8, '0') || ' is late',"
                + " now() - (? - g) * interval '31 seconds'"
                + " from generate_series(1, ?) g", LEDGER, LEDGER);
        db.update("insert into ticket_enrichment (ticket_id, fingerprint, contact_email, enriched_at, first_enriched_at,"
                + " ticket_status, subject)"
                + " select t, md5(t::text), " + customer("(t::bigint * 31) % " + CUSTOMERS) + ","
                + " now() - (? - t) * interval '10 minutes', now() - (? - t) * interval '10 minutes' - interval '1 hour',"
                + " (array['open','pending','solved'])[1 + t % 3], 'Where is my order ' || t || '?'"
                + " from generate_series(1, ?) t", TICKETS, TICKETS, TICKETS);
        db.update("insert into signal (id, dedupe_key, source, type, severity, title, product, status, planned_count,"
                + " received_at)"
                + " select 'bench-signal-' || s, 'bench-' || s, 'api', 'KNOWN_ISSUE', 'HIGH', 'Sync stalls ' || s,"
                + " 'Sync App', 'PLANNED', ?, now() - (? - s) * interval '1 day'"
                + " from generate_series(1, ?) s", OUTBOX_PER_SIGNAL, SIGNALS, SIGNALS);
        // Half sent, half pending (planned for tomorrow: the dispatcher, idle here anyway, would not claim them).
        db.update("insert into outbox_message (signal_id, contact_email, channel, send_at, status, reason, created_at,"
                + " updated_at)"
                + " select 'bench-signal-' || s, " + customer("((s::bigint * ?) + g) * 7 % " + CUSTOMERS) + ","
                + " 'intercom', case when g % 2 = 0 then now() + interval '1 day' else now() - interval '1 hour' end,"
                + " case when g % 2 = 0 then 'PLANNED' else 'SENT' end,"
                + " case when g % 2 = 0 then 'Deferred to 09:00 their time: quiet hours' end, now(), now()"
                + " from generate_series(1, ?) s, generate_series(0, ? - 1) g",
                OUTBOX_PER_SIGNAL, SIGNALS, OUTBOX_PER_SIGNAL);
        // Tickets of customers with a cached context but nothing else: the baseline.
        db.update("insert into ticket_enrichment (ticket_id, fingerprint, contact_email, enriched_at, first_enriched_at)"
                + " select ? + i, md5(i::text), 'nohistory' || i || '@bench.example', now(), now()"
                + " from generate_series(0, ? - 1) i", NO_HISTORY_TICKETS, noHistory);
        String template = appJson.writeValueAsString(context("EMAIL@PLACEHOLDER"));
        String askedList = asked.stream().map(String::valueOf).collect(Collectors.joining(","));
        db.update("insert into customer_context_cache (email, context_json, fetched_at)"
                + " select distinct contact_email, replace(?, 'EMAIL@PLACEHOLDER', contact_email), now()"
                + " from ticket_enrichment where ticket_id in (" + askedList + ") or ticket_id >= ?"
                + " on conflict do nothing", template, NO_HISTORY_TICKETS);
        db.execute("analyze");
    }

    /** A context as Salesforce would give it for a Gold customer with an order at risk and an open known issue. */
    private static CustomerContext context(String email) {
        return new CustomerContext("003000000000001AAA", "Bench Customer", email, "Europe/Berlin", false,
                "001000000000001AAA", "Acme GmbH", "Gold", "Sam Seller",
                List.of(new CustomerContext.Order("00000102", "Delayed", LocalDate.of(2030, 1, 15),
                                "801000000000102AAA"),
                        new CustomerContext.Order("00000101", "Delivered", LocalDate.of(2029, 12, 1),
                                "801000000000101AAA")),
                List.of("Sync App", "Widget Pro"),
                List.of(new CustomerContext.KnownIssue("KI-0042", "Investigating", "Sync App",
                        "Sync stalls on large projects; a fix ships this week.", 99L, "a01000000000001AAA")));
    }

    private static String counts(JdbcTemplate db) {
        return String.format(Locale.ROOT, "ledger_entry %,d (%,d customers), ticket_enrichment %,d, signal %,d,"
                        + " outbox_message %,d (%,d pending), customer_context_cache %,d",
                db.queryForObject("select count(*) from ledger_entry", Long.class),
                db.queryForObject("select count(distinct contact_email) from ledger_entry", Long.class),
                db.queryForObject("select count(*) from ticket_enrichment", Long.class),
                db.queryForObject("select count(*) from signal", Long.class),
                db.queryForObject("select count(*) from outbox_message", Long.class),
                db.queryForObject("select count(*) from outbox_message where status = 'PLANNED'", Long.class),
                db.queryForObject("select count(*) from customer_context_cache", Long.class));
    }

    // --- the app and its stand-ins -----------------------------------------------------------------------------

    /**
     * Salesforce as the refresh path reads it: OAuth, then the contact, account and known-issue queries of any
     * customer (Jane of Acme's answers), each after a fixed delay. Anything else is a 404 and counted.
     */
    private static void stubSalesforce(WireMockServer salesforce) {
        salesforce.stubFor(post("/services/oauth2/token").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("token.json")
                .withTransformers("response-template")));
        salesforce.stubFor(any(urlPathEqualTo("/services/oauth2/revoke")).willReturn(aResponse().withStatus(200)));
        query(salesforce, ".* FROM Contact WHERE Email = .*", "contact-jane.json");
        query(salesforce, "SELECT Id, \\(SELECT Id, OrderNumber.* FROM Account WHERE Id = .*", "account-acme.json");
        query(salesforce, ".* FROM Known_Issue__c .*", "known-issues-open.json");
    }

    private static void query(WireMockServer salesforce, String soql, String file) {
        salesforce.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).withQueryParam("q", matching(soql))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile(file).withFixedDelay(SALESFORCE_DELAY_MS)));
    }

    private static ConfigurableApplicationContext boot(String jdbcUrl, WireMockServer zendesk,
                                                       WireMockServer salesforce) {
        String[] args = {
                "--server.port=0",
                "--kairos.db.url=" + jdbcUrl,
                "--kairos.db.user=postgres",
                "--kairos.db.password=",
                "--zendesk.base-url=" + zendesk.baseUrl(),
                "--zendesk.email=kairos@acme.example",
                "--zendesk.api-token=zd-bench-token",
                "--zendesk.webhook-secret=" + SignedWebhooks.SECRET,
                "--zendesk.kairos-user-id=9999",
                "--salesforce.login-url=" + salesforce.baseUrl(),
                "--salesforce.client-id=bench-client",
                "--salesforce.client-secret=bench-client-secret",
                "--kairos.api-token=" + API_TOKEN,
                "--intercom.client-secret=" + SignedIntercomWebhooks.SECRET,
                "--kairos.signals.subscribe=false",
                "--kairos.webhooks.servlet-name=AgentContextBenchmark",
                "--kairos.agent.tokens[0].subdomain=acme",
                "--kairos.agent.tokens[0].token=" + AGENT_TOKEN,
                "--kairos.agent.zendesk-subdomain=acme",
                // The per-token rate is a guard against a runaway app, not what is measured here.
                "--kairos.agent.rate-per-minute=100000000",
                // The seeded cache rows must stay fresh for the whole run on a slow machine.
                "--kairos.enrichment.context-cache-ttl=1h",
                "--kairos.outbox.poll-interval=3600000",
                "--logging.level.root=WARN",
                "--logging.level.org.apache.camel.component.salesforce=ERROR"};
        return new SpringApplicationBuilder(KairosApplication.class).run(args);
    }

    // --- report ------------------------------------------------------------------------------------------------

    private void header(JdbcTemplate db, long bootMs) {
        line("%n=== AgentContextBenchmark: GET /api/agent/context?ticket= (the Zendesk sidebar's one request) ===%n");
        line("Machine: %d CPUs, Java %s, %s; heap max %,d MiB. PostgreSQL %s (zonky embedded, fsync=off,"
                        + " synchronous_commit=off). Kairos booted in %,d ms; client and app in one JVM, HTTP/1.1 on"
                        + " loopback.%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() / MIB, db.queryForObject("show server_version", String.class),
                bootMs);
        line("Store: %,d ledger entries over %,d customers, %,d enriched tickets, %d signals x %,d outbox rows;"
                        + " %,d + %,d + %,d distinct tickets asked (warm-up, sequential, %d clients).%n", LEDGER,
                CUSTOMERS, TICKETS, SIGNALS, OUTBOX_PER_SIGNAL, WARMUP, REQUESTS, REQUESTS, CLIENTS);
    }

    private void summary(List<Run> runs, List<Run> refreshRuns, Explained plan, HeapSampler heap, int zendeskCalls,
                         int salesforceCalls, long refreshQueries) {
        line("%nLatency of one request, client side (ms)%n");
        String fmt = "%-44s %7s %6s %8s %8s %8s %8s %10s %6s%n";
        line(fmt, "request", "clients", "n", "p50", "p95", "p99", "max", "req/s", "wrong");
        List<Run> all = new ArrayList<>(runs);
        all.addAll(refreshRuns);
        for (Run r : all) {
            line(fmt, r.name(), r.clients(), r.stats().count, BenchStats.ms(r.stats().p50), BenchStats.ms(r.stats().p95),
                    BenchStats.ms(r.stats().p99), BenchStats.ms(r.stats().max),
                    String.format(Locale.ROOT, "%,.0f", r.perSecond()), r.wrong());
        }
        line("%nHeap during the cached and baseline runs: peak %,d MiB, peak after a GC %,d MiB (%d GCs).%n",
                heap.peakBytes() / MIB, heap.peakAfterGcBytes() / MIB, heap.collections());

        line("%nQuery plans for %s (EXPLAIN (ANALYZE, BUFFERS), server side)%n", plan.email());
        for (int i = 0; i < plan.names().size(); i++) {
            line("  %-40s %8.3f ms  %s%n", plan.names().get(i), plan.millis().get(i), plan.firstLines().get(i));
        }
        line("  the ledger query's plan:%n");
        plan.ledgerPlan().forEach(l -> line("    %s%n", l));

        Run seq = runs.get(0);
        Run conc = runs.get(1);
        Run emptySeq = runs.get(2);
        Run healthSeq = runs.get(4);
        line("%nSummary%n");
        String sfmt = "%-64s %18s %14s %7s%n";
        line(sfmt, "measure", "value", "target", "verdict");
        line(sfmt, "cached, sequential: p95", BenchStats.ms(seq.stats().p95) + " ms", "< 50 ms",
                BenchStats.verdict(seq.stats().p95 < 50_000_000L));
        line(sfmt, "cached, " + CLIENTS + " clients: p95", BenchStats.ms(conc.stats().p95) + " ms", "< 200 ms",
                BenchStats.verdict(conc.stats().p95 < 200_000_000L));
        line(sfmt, "cached, sequential p50 over no-history baseline p50",
                String.format(Locale.ROOT, "+%s ms", BenchStats.ms(seq.stats().p50 - emptySeq.stats().p50)), "", "");
        line(sfmt, "cached, sequential p50 over /actuator/health p50",
                String.format(Locale.ROOT, "+%s ms", BenchStats.ms(seq.stats().p50 - healthSeq.stats().p50)), "", "");
        line(sfmt, "ledger query, server side", String.format(Locale.ROOT, "%.3f ms", plan.millis().get(0)),
                "< 5 ms", BenchStats.verdict(plan.millis().get(0) < 5));
        line(sfmt, "stand-ins called on the cached path (Zendesk / Salesforce)",
                zendeskCalls + " / " + salesforceCalls, "0 / 0", BenchStats.verdict(zendeskCalls + salesforceCalls == 0));
        line(sfmt, "refresh=true: Salesforce queries (" + 2 * REFRESHES + " refreshes)", refreshQueries,
                ">= " + 2 * REFRESHES, BenchStats.verdict(refreshQueries >= 2L * REFRESHES));
        line(sfmt, "wrong answers (all runs)", all.stream().mapToInt(Run::wrong).sum(), "0",
                BenchStats.verdict(all.stream().allMatch(r -> r.wrong() == 0)));
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private void line(String format, Object... args) {
        report.line(format, args);
    }

    private static void quietLogging() {
        // Before Spring Boot configures logging, logback's default is DEBUG to the console (zonky, Jetty).
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.WARN);
    }
}
