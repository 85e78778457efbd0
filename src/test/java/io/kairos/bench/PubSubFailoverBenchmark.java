package io.kairos.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.ReplayPreset;
import io.kairos.salesforce.SalesforceStreamStarter;
import io.kairos.salesforce.SalesforceStreamStubs;
import io.kairos.support.PubSubRecords;
import io.kairos.support.PubSubStandIn;
import io.kairos.support.PubSubStandIn.SubscribeRequest;
import io.kairos.support.SalesforceTestCamel;
import io.kairos.support.SignalIntakeApps;
import io.kairos.support.TestDatabases;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.salesforce.PubSubApiConsumer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.LifecycleStrategySupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Restart and failover on the Pub/Sub intake: the loopback stand-in publishes platform events at a steady rate while
 * the whole app (kairos.signals.transport=pubsub, PostgreSQL) is (a) stopped mid-stream and started again on the same
 * database, and (b) taken over by a second app on the same database that begins a newer subscriber term, as a new
 * leader does after a failover, before the first is stopped (leader election is off, as in PubSubSignalIntakeIT: the
 * store's epoch fencing decides), and (c) left running while Salesforce's side of its open stream stops sending, so
 * that its stall watch must notice (keepalive-timeout {@code bench.keepalive-timeout}, 5 s) and resubscribe.
 *
 * <p>For each it prints events published, stored (distinct), lost, duplicate rows, replayed (events the new
 * subscriber was sent again because they lie after its resume id but were already stored: the inbox key absorbs them)
 * and seconds to the first event the new subscriber stored. It fails only on a lost event or a duplicate row.
 *
 * <p>Not part of the test suite; run it by name:
 * <pre>./mvnw -q test -Dtest=PubSubFailoverBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * Knobs: {@code bench.rate} (20 events/s), {@code bench.seconds} (30 s of publishing per scenario).
 */
class PubSubFailoverBenchmark {

    private static final int RATE = Integer.getInteger("bench.rate", 20);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    private static final int EVENTS = RATE * SECONDS;
    // Well below Salesforce's 270 s keepalive, so that a run takes seconds; the mechanism is the same.
    private static final String STALL_TIMEOUT = System.getProperty("bench.keepalive-timeout", "5s");
    private static final String STALL_PROBE_WAIT = "2s";
    private static final String CHANNEL = "/event/Kairos_Signal__e";
    private static final Pattern TITLE = Pattern.compile("\"Title__c\":\"bench-(\\d+)\"");

    private final BenchReport out = new BenchReport();

    @Test
    void restartAndFailover() throws IOException {
        out.line("%n=== PubSubFailoverBenchmark: %d events at %d/s per scenario, PostgreSQL, loopback stand-in ===%n",
                EVENTS, RATE);
        out.line("%-9s %9s %7s %5s %10s %8s %7s %15s %14s %13s%n", "scenario", "published", "stored", "lost",
                "duplicates", "replayed", "resume", "s to 1st event", "(from)", "max wait s");
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(run("restart", Switch.RESTART));
        outcomes.add(run("failover", Switch.FAILOVER));
        outcomes.add(run("stall", Switch.STALL));
        out.line("replayed: stored before the switch and after the new subscriber's resume id, so sent again and "
                + "absorbed by the inbox key; max wait: publish to inbox row, any event; stall: keepalive-timeout "
                + "%s, stall-probe-wait %s%n", STALL_TIMEOUT, STALL_PROBE_WAIT);
        out.line("written to %s%n", out.write("PubSubFailoverBenchmark"));
        for (Outcome outcome : outcomes) {
            assertThat(outcome.lost()).as(outcome.scenario() + ": lost events").isEmpty();
            assertThat(outcome.duplicates()).as(outcome.scenario() + ": duplicate rows").isZero();
        }
    }

    private record Outcome(String scenario, Set<Integer> lost, int duplicates) {
    }

    /** How the subscription changes hands mid-stream. */
    private enum Switch {
        /** The app stops, then starts again on the same database. */
        RESTART,
        /** A second app begins a newer subscriber term, then the first stops. */
        FAILOVER,
        /** Salesforce's side of the open stream stops sending (not even keepalives); the same app must notice. */
        STALL
    }

    private record Row(int seq, Instant receivedAt) {
    }

    /** One scenario on a fresh database and stand-in. */
    private Outcome run(String scenario, Switch change) {
        TestDatabases.Database database = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
        WireMockServer salesforce = new WireMockServer(wireMockConfig().dynamicPort()
                .usingFilesUnderClasspath("wiremock/salesforce"));
        PubSubStandIn pubSub = PubSubStandIn.start(CHANNEL, "pubsub/Kairos_Signal__e.avsc", Duration.ofMillis(500))
                .withTopic("/data/OrderChangeEvent", PubSubRecords.ORDER_CHANGE_SCHEMA);
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        Map<Integer, Instant> publishedAt = new ConcurrentHashMap<>();
        AtomicInteger published = new AtomicInteger();
        JdbcTemplate jdbc = database.jdbc();
        ConfigurableApplicationContext first = null;
        ConfigurableApplicationContext second = null;
        try {
            salesforce.start();
            // Salesforce's OAuth token: both channels are on Pub/Sub (the Order change topic stays idle).
            SalesforceStreamStubs.stubStream(salesforce, "/data/OrderChangeEvent", List.of());
            first = startKairos(salesforce, pubSub, database);
            await().atMost(Duration.ofSeconds(30)).until(() -> !pubSub.subscribeRequests(CHANNEL).isEmpty());
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            publisher.scheduleAtFixedRate(() -> {
                int seq = published.get() + 1;
                if (seq <= EVENTS) {
                    publishedAt.put(seq, Instant.now());
                    pubSub.publish(signal(now, seq));
                    published.set(seq);
                }
            }, 0, 1_000_000L / RATE, TimeUnit.MICROSECONDS);
            await().atMost(Duration.ofSeconds(SECONDS * 2L)).pollInterval(Duration.ofMillis(20))
                    .until(() -> published.get() >= EVENTS / 2);

            int requestsBefore = pubSub.subscribeRequests(CHANNEL).size();
            Instant switchedAt;
            Set<Integer> storedBefore;
            String from;
            if (change == Switch.STALL) {
                storedBefore = seqs(rows(jdbc));
                switchedAt = Instant.now();
                from = "stall";
                pubSub.stallOpenStreams();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                        .until(() -> resumeAfter(pubSub, requestsBefore) != null);
            } else if (change == Switch.RESTART) {
                first.close();
                first = null;
                storedBefore = seqs(rows(jdbc));
                switchedAt = Instant.now();
                from = "old stop";
                second = startKairos(salesforce, pubSub, database);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                        .until(() -> resumeAfter(pubSub, requestsBefore) != null);
            } else {
                switchedAt = Instant.now();
                from = "new start";
                second = startKairos(salesforce, pubSub, database);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                        .until(() -> resumeAfter(pubSub, requestsBefore) != null);
                // The second term has begun, so the first can store nothing more: what is stored now is its share.
                storedBefore = seqs(rows(jdbc));
                ConfigurableApplicationContext old = first;
                await().atMost(Duration.ofSeconds(30)).until(() -> !old.getBean(SalesforceStreamStarter.class)
                        .isLeading() || published.get() >= EVENTS);
                first.close();
                first = null;
            }
            SubscribeRequest resume = resumeAfter(pubSub, requestsBefore);

            await().atMost(Duration.ofSeconds(SECONDS * 3L)).until(() -> published.get() >= EVENTS);
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> seqs(rows(jdbc)).size() >= EVENTS);
            } catch (ConditionTimeoutException e) {
                out.line("%s: not every event stored within 60 s of the last publish%n", scenario);
            }

            List<Row> rows = rows(jdbc);
            Set<Integer> stored = seqs(rows);
            Set<Integer> lost = new HashSet<>();
            for (int seq = 1; seq <= EVENTS; seq++) {
                if (!stored.contains(seq)) {
                    lost.add(seq);
                }
            }
            int duplicateRows = rows.size() - stored.size();
            long resumeAfter = resume.preset() == ReplayPreset.CUSTOM ? sequenceOf(resume.replayId()) : 0;
            long replayed = storedBefore.stream().filter(seq -> seq > resumeAfter).count();
            // The first event the new subscription delivered: after its resume id, not stored before the switch (an
            // event in flight when the stream stalled is the old subscription's).
            Instant firstNew = rows.stream().filter(row -> row.seq() > resumeAfter && !storedBefore.contains(row.seq()))
                    .map(Row::receivedAt).min(Instant::compareTo).orElse(null);
            double maxWait = rows.stream().mapToLong(row -> Duration.between(publishedAt.get(row.seq()),
                    row.receivedAt()).toMillis()).max().orElse(0) / 1000.0;
            out.line("%-9s %9d %7d %5d %10d %8d %7s %15s %14s %13.2f%n", scenario, published.get(), stored.size(),
                    lost.size(), duplicateRows, replayed, resume.preset() == ReplayPreset.CUSTOM
                            ? "#" + resumeAfter : resume.preset().name(),
                    firstNew == null ? "-" : String.format("%.2f",
                            Duration.between(switchedAt, firstNew).toMillis() / 1000.0),
                    from, maxWait);
            return new Outcome(scenario, lost, duplicateRows);
        } finally {
            publisher.shutdownNow();
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
            pubSub.close();
            salesforce.stop();
            database.drop();
            await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(500))
                    .until(() -> SalesforceTestCamel.interruptPubSubRetryLoops() == 0);
        }
    }

    /** The first subscription (not a stall probe, which asks for one event) opened after {@code requestsBefore}. */
    private static SubscribeRequest resumeAfter(PubSubStandIn pubSub, int requestsBefore) {
        List<SubscribeRequest> requests = pubSub.subscribeRequests(CHANNEL);
        return requests.subList(requestsBefore, requests.size()).stream()
                .filter(request -> request.numRequested() > 1).findFirst().orElse(null);
    }

    /** The stand-in's replay ids are a 4-byte prefix and a counter; the benchmark reads the counter to count replays. */
    private static long sequenceOf(ByteString replayId) {
        return ByteBuffer.wrap(replayId.toByteArray()).getLong(4);
    }

    private static List<Row> rows(JdbcTemplate jdbc) {
        return jdbc.query("select payload, received_at from inbox_event where source = 'salesforce' "
                + "and event_type = 'Kairos_Signal__e'", (rs, i) -> {
                    Matcher title = TITLE.matcher(rs.getString("payload"));
                    Timestamp at = rs.getTimestamp("received_at");
                    return new Row(title.find() ? Integer.parseInt(title.group(1)) : -1, at.toInstant());
                });
    }

    private static Set<Integer> seqs(List<Row> rows) {
        Set<Integer> seqs = new HashSet<>();
        rows.forEach(row -> seqs.add(row.seq()));
        return seqs;
    }

    private static Map<String, Object> signal(Instant now, int seq) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("CreatedDate", now.toEpochMilli());
        fields.put("CreatedById", "005000000000001AAA");
        fields.put("Type__c", "KNOWN_ISSUE");
        fields.put("Record_Id__c", "a01000000000001AAA");
        fields.put("Severity__c", "HIGH");
        fields.put("Title__c", "bench-" + seq);
        fields.put("Product__c", "Sync App");
        fields.put("Starts_At__c", now.minus(Duration.ofMinutes(90)).toEpochMilli());
        fields.put("Ends_At__c", now.plus(Duration.ofHours(32)).toEpochMilli());
        return fields;
    }

    private static ConfigurableApplicationContext startKairos(WireMockServer salesforce, PubSubStandIn pubSub,
                                                              TestDatabases.Database database) {
        return SignalIntakeApps.pubSub(salesforce.baseUrl(), pubSub.port(), database.url(),
                "--kairos.signals.keepalive-timeout=" + STALL_TIMEOUT,
                "--kairos.signals.stall-probe-wait=" + STALL_PROBE_WAIT);
    }
}
