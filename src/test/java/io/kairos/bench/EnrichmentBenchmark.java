package io.kairos.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.EnrichmentProperties;
import io.kairos.enrichment.TicketEnricher;
import io.kairos.enrichment.TicketEnrichment;
import io.kairos.ledger.LedgerEntry;
import io.kairos.salesforce.SalesforceRecordsBench;
import io.kairos.support.SignedWebhooks;
import io.kairos.zendesk.TicketEvent;
import io.kairos.zendesk.ZendeskPayloads;
import io.kairos.zendesk.ZendeskTicketUpdates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.zendesk.client.v2.Zendesk;
import org.zendesk.client.v2.model.Ticket;
import org.zendesk.client.v2.model.User;

/**
 * In-process cost of enriching one ticket: everything the enrichment route does except the remote calls, whose
 * answers are ready at once (the WireMock files the whole-app tests serve). One operation =
 * <ol>
 *   <li>parse the stored webhook payload ({@link ZendeskPayloads#read});</li>
 *   <li>decode the Zendesk getTicket and getUser answers into the client's model, as camel-zendesk's client does
 *       when they arrive;</li>
 *   <li>map the three raw Salesforce SOQL answers (contact, account, known issues) into a {@link CustomerContext};</li>
 *   <li>{@link TicketEnricher#enrich} with three ledger lines (the heaviest note), then
 *       {@link TicketEnrichment#fingerprint};</li>
 *   <li>{@link ZendeskTicketUpdates#toUpdate} and serialise {"ticket": update} with the Zendesk client's mapper,
 *       as the client does for updateTicket.</li>
 * </ol>
 * The baseline in the same run is the same pipeline minus enrichment: parse the payload and serialise the (already
 * built) update, so the difference is what enrichment itself costs.
 *
 * <p>Not part of the test suite; run it by name:
 * <pre>./mvnw -q test -Dtest=EnrichmentBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * Knobs: {@code bench.warmup} (50000 per pipeline), {@code bench.iterations} (200000 per pipeline).
 */
class EnrichmentBenchmark {

    private static final int WARMUP = Integer.getInteger("bench.warmup", 50_000);
    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 200_000);
    private static final int BLOCK = 10_000;

    private static final String[] STAGES = {
        "parse webhook payload (ZendeskPayloads.read)",
        "decode Zendesk answers (ticket, user)",
        "map Salesforce answers (3 SOQL results)",
        "TicketEnricher.enrich",
        "TicketEnrichment.fingerprint",
        "ZendeskTicketUpdates.toUpdate",
        "serialise {\"ticket\": update}",
    };

    private final BenchReport report = new BenchReport();

    // Inputs, as the route has them: the stored delivery and the remote answers' raw text.
    private String payload;
    private String ticketAnswer;
    private String userAnswer;
    private String contactAnswer;
    private String accountAnswer;
    private String knownIssuesAnswer;
    private List<LedgerEntry> ledger;

    private ZendeskPayloads payloads;
    private ObjectMapper zendeskJson;
    private SalesforceRecordsBench salesforce;
    private TicketEnricher enricher;
    private ZendeskTicketUpdates updates;
    private Ticket prebuiltUpdate;

    private long sink;

    @Test
    void enrichment() throws Exception {
        setUp();
        byte[] sample = sanityCheck();

        long[] baseline = new long[ITERATIONS];
        long[] full = new long[ITERATIONS];
        long[][] stages = new long[STAGES.length][ITERATIONS];

        long t0 = System.nanoTime();
        for (int i = 0; i < WARMUP; i += BLOCK) {
            int n = Math.min(BLOCK, WARMUP - i);
            for (int j = 0; j < n; j++) {
                baselineOp(null, 0);
            }
            for (int j = 0; j < n; j++) {
                fullOp(null, null, 0);
            }
        }
        long t1 = System.nanoTime();
        // Alternating blocks so drift (JIT, GC, neighbours) falls on both pipelines alike.
        for (int i = 0; i < ITERATIONS; i += BLOCK) {
            int n = Math.min(BLOCK, ITERATIONS - i);
            for (int j = i; j < i + n; j++) {
                baselineOp(baseline, j);
            }
            for (int j = i; j < i + n; j++) {
                fullOp(full, stages, j);
            }
        }
        long t2 = System.nanoTime();

        print(sample, baseline, full, stages, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        writeReport();
    }

    /** Parse + serialise only: the pipeline without enrichment. */
    private void baselineOp(long[] total, int i) throws IOException {
        long start = System.nanoTime();
        TicketEvent event = payloads.read(payload);
        byte[] body = zendeskJson.writeValueAsBytes(Collections.singletonMap("ticket", prebuiltUpdate));
        long end = System.nanoTime();
        sink += event.ticketId() + body.length;
        if (total != null) {
            total[i] = end - start;
        }
    }

    private void fullOp(long[] total, long[][] stage, int i) throws IOException {
        long s0 = System.nanoTime();
        TicketEvent event = payloads.read(payload);
        long s1 = System.nanoTime();
        Ticket current = decode(ticketAnswer, "ticket", Ticket.class);
        User requester = decode(userAnswer, "user", User.class);
        long s2 = System.nanoTime();
        CustomerContext customer = salesforce.context(contactAnswer, accountAnswer, knownIssuesAnswer).orElseThrow();
        long s3 = System.nanoTime();
        TicketEnrichment enrichment = enricher.enrich(event.ticketId(), customer, ledger);
        long s4 = System.nanoTime();
        String fingerprint = enrichment.fingerprint();
        long s5 = System.nanoTime();
        Ticket update = updates.toUpdate(enrichment, current);
        long s6 = System.nanoTime();
        byte[] body = zendeskJson.writeValueAsBytes(Collections.singletonMap("ticket", update));
        long s7 = System.nanoTime();
        sink += body.length + fingerprint.charAt(0) + requester.getEmail().length();
        if (total != null) {
            total[i] = s7 - s0;
            stage[0][i] = s1 - s0;
            stage[1][i] = s2 - s1;
            stage[2][i] = s3 - s2;
            stage[3][i] = s4 - s3;
            stage[4][i] = s5 - s4;
            stage[5][i] = s6 - s5;
            stage[6][i] = s7 - s6;
        }
    }

    /** What the Zendesk client does with an answer: read the tree, convert the named member to the model. */
    private <T> T decode(String answer, String member, Class<T> type) throws IOException {
        JsonNode root = zendeskJson.readTree(answer);
        return zendeskJson.convertValue(root.get(member), type);
    }

    private void setUp() throws IOException {
        payload = SignedWebhooks.fixture("ticket-created");
        ticketAnswer = resource("wiremock/zendesk/__files/ticket-35436.json");
        userAnswer = resource("wiremock/zendesk/__files/user-9001.json");
        contactAnswer = resource("wiremock/salesforce/__files/contact-jane.json");
        accountAnswer = resource("wiremock/salesforce/__files/account-acme.json");
        knownIssuesAnswer = resource("wiremock/salesforce/__files/known-issues-open.json");

        // The app's ObjectMapper is Boot's (non_null inclusion); ZendeskPayloads only reads trees with it.
        payloads = new ZendeskPayloads(Jackson2ObjectMapperBuilder.json()
                .serializationInclusion(JsonInclude.Include.NON_NULL).build());
        zendeskJson = Zendesk.createMapper();
        salesforce = new SalesforceRecordsBench();
        EnrichmentProperties properties = new EnrichmentProperties("kairos_", List.of("Delayed", "Backordered",
                "On Hold"), Map.of("tier", 360001L, "account", 360002L), 3, Duration.ofMinutes(10));
        enricher = new TicketEnricher(properties, Clock.systemUTC());
        updates = new ZendeskTicketUpdates();
        Instant now = Instant.now();
        ledger = List.of(
                new LedgerEntry("jane@acme.example", "sig-1", "ORDER_DELAYED", "00000102", "email",
                        LedgerEntry.Decision.SENT, "sent", "sent", "order 00000102 delayed", now.minusSeconds(3600)),
                new LedgerEntry("jane@acme.example", "sig-2", "KNOWN_ISSUE", "KI-0042", "in_app",
                        LedgerEntry.Decision.DEFERRED, "quiet_hours", "quiet hours", null, now.minusSeconds(7200)),
                new LedgerEntry("jane@acme.example", "sig-3", "ORDER_DELAYED", "00000101", "email",
                        LedgerEntry.Decision.SUPPRESSED, "cap", "contact cap", "order 00000101", now.minusSeconds(86400)));
    }

    /** One full operation, checked, so the timed loop is known to do the real work. */
    private byte[] sanityCheck() throws IOException {
        TicketEvent event = payloads.read(payload);
        Ticket current = decode(ticketAnswer, "ticket", Ticket.class);
        CustomerContext customer = salesforce.context(contactAnswer, accountAnswer, knownIssuesAnswer).orElseThrow();
        TicketEnrichment enrichment = enricher.enrich(event.ticketId(), customer, ledger);
        prebuiltUpdate = updates.toUpdate(enrichment, current);
        byte[] body = zendeskJson.writeValueAsBytes(Collections.singletonMap("ticket", prebuiltUpdate));
        String json = new String(body, StandardCharsets.UTF_8);
        assertThat(event.ticketId()).isEqualTo(35436L);
        assertThat(enrichment.fingerprint()).hasSize(64);
        assertThat(enrichment.internalNote()).contains("Jane Doe", "Acme GmbH", "00000102 Delayed", "KI-0042",
                "Already told: notified about order 00000102 delayed");
        assertThat(json).contains("\"safe_update\":true", "\"problem_id\":99", "\"kairos_known_issue\"",
                "\"updated_stamp\"");
        return body;
    }

    private void print(byte[] sample, long[] baseline, long[] full, long[][] stages, long warmMs, long measureMs) {
        BenchStats b = BenchStats.of(baseline);
        BenchStats f = BenchStats.of(full);
        line("%n=== EnrichmentBenchmark: in-process enrichment of one ticket (remote answers ready at once) ===%n");
        line("Machine: %d CPUs, Java %s. Input: ticket-created webhook, Jane Doe of Acme (2 orders, 1 at risk; 1 known"
                + " issue with problem #99), 3 ledger lines.%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        line("Warm-up %,d ops per pipeline (%,d ms), then %,d ops per pipeline each timed with System.nanoTime,"
                + " in alternating blocks of %,d (%,d ms). Update body: %,d bytes.%n%n", WARMUP, warmMs, ITERATIONS,
                BLOCK, measureMs, sample.length);
        String fmt = "%-46s %8s %9s %9s %9s %9s%n";
        line(fmt, "pipeline", "ops", "p50 µs", "p99 µs", "mean µs", "max µs");
        line(fmt, "baseline: parse payload + serialise update", String.format(Locale.ROOT, "%,d", b.count),
                BenchStats.us(b.p50), BenchStats.us(b.p99), BenchStats.us(b.mean), BenchStats.us(b.max));
        line(fmt, "full: parse … enrich … toUpdate … serialise", String.format(Locale.ROOT, "%,d", f.count),
                BenchStats.us(f.p50), BenchStats.us(f.p99), BenchStats.us(f.mean), BenchStats.us(f.max));
        line(fmt, "enrichment's own cost (full − baseline)", "", BenchStats.us(f.p50 - b.p50),
                BenchStats.us(f.p99 - b.p99), BenchStats.us(f.mean - b.mean), "");
        line("%nStages of the full pipeline (each timed inside the same op; nanoTime overhead ~20-30 ns each)%n");
        String sfmt = "%-46s %9s %9s %9s %8s%n";
        line(sfmt, "stage", "p50 µs", "p99 µs", "mean µs", "of mean");
        for (int s = 0; s < STAGES.length; s++) {
            BenchStats st = BenchStats.of(stages[s]);
            line(sfmt, STAGES[s], BenchStats.us(st.p50), BenchStats.us(st.p99), BenchStats.us(st.mean),
                    String.format(Locale.ROOT, "%.0f%%", 100 * st.mean / f.mean));
        }
        line("%nTargets (full pipeline): p50 <= 2 ms: %s (%s ms)   p99 <= 10 ms: %s (%s ms)%n",
                BenchStats.verdict(f.p50 <= 2_000_000L), BenchStats.ms(f.p50),
                BenchStats.verdict(f.p99 <= 10_000_000L), BenchStats.ms(f.p99));
        line("(checksum %d)%n", sink);
    }

    private void line(String format, Object... args) {
        report.line(format, args);
    }

    private void writeReport() throws IOException {
        Path file = report.write("EnrichmentBenchmark");
        System.out.println("(also written to " + file + ")");
    }

    private static String resource(String path) throws IOException {
        return Files.readString(Path.of("src/test/resources", path));
    }
}
