package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.ReplayPreset;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kairos.support.KairosInstance;
import io.kairos.support.PubSubRecords;
import io.kairos.support.PubSubStandIn;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Kairos replicas with leader election on, against the fabric8 Kubernetes mock server (Leases and Pods as the
 * API server keeps them) and one PostgreSQL: exactly one replica subscribes to Salesforce; when it stops, and
 * Kubernetes removes its pod, the other takes the Lease, begins a newer subscriber term and resumes after the stored
 * replay position (over CometD and over the Pub/Sub API); a leader that loses its lease while it runs stops
 * subscribing before the other starts.
 */
class LeaderElectionIT {

    private static final String NAMESPACE = "kairos-test";
    private static final String CHANNEL = "/event/Kairos_Signal__e";
    private static final String LEASE = "kairos-" + ReplayPositions.SUBSCRIBER_ROLE;
    private static final String UUID_7 = "4b3c8a52-0c4e-4a4f-9d0e-6f0f1b0c0a07";
    private static final String UUID_8 = "9f1d2e3c-4b5a-4c6d-8e7f-0a1b2c3d4e08";
    private static final Map<String, String> COMETD = Map.of("kairos.signals.transport", "cometd");

    private final List<KairosInstance> replicas = new ArrayList<>();
    private Database database;
    private KubernetesMockServer kubernetes;
    private KubernetesClient client;
    private WireMockServer salesforce;
    private PubSubStandIn pubSub;

    @BeforeEach
    void cluster() {
        database = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
        kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        kubernetes.init();
        client = kubernetes.createClient();
        // camel.cluster.kubernetes.master-url and kubernetes-namespace are dropped when the Spring Boot starter
        // creates the cluster service (Camel 4.17's KubernetesClusterService.doInit applies them only to a
        // configuration passed in): its client configures itself as in a pod, here from fabric8's system properties.
        System.setProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, kubernetes.url("/"));
        System.setProperty(Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY, NAMESPACE);
        System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
        System.setProperty(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false");
        salesforce = new WireMockServer(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"));
        salesforce.start();
    }

    @AfterEach
    void stop() {
        replicas.forEach(KairosInstance::close);
        System.clearProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY);
        System.clearProperty(Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY);
        System.clearProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY);
        System.clearProperty(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY);
        if (salesforce != null) {
            salesforce.stop();
        }
        if (pubSub != null) {
            pubSub.close();
        }
        if (client != null) {
            client.close();
        }
        if (kubernetes != null) {
            kubernetes.destroy();
        }
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void oneReplicaSubscribesAndTheOtherTakesOverWhenItStops() {
        SalesforceStreamStubs.stubStream(salesforce, CHANNEL, List.of(SalesforceStreamStubs.event(
                "signal-known-issue.json")));
        KairosInstance a = replica("kairos-a", COMETD);
        KairosInstance b = replica("kairos-b", COMETD);

        await().atMost(Duration.ofSeconds(40)).until(() -> subscribers().size() == 1
                && storedEventIds().contains(UUID_7));
        KairosInstance leader = subscribers().get(0);
        KairosInstance follower = leader == a ? b : a;
        // It stays that way: the follower keeps out while the leader renews its Lease.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> subscribers().equals(List.of(leader)));
        assertThat(leaseHolder()).isEqualTo(leader.name());
        assertThat(routeStatus(follower)).isEqualTo(ServiceStatus.Stopped);
        long firstTerm = currentTerm();
        assertThat(storedPosition()).containsEntry("replay_id", 7L).containsEntry("epoch", firstTerm);

        // A rolling update stops the leader's process and Kubernetes removes its pod.
        leader.close();
        client.pods().inNamespace(NAMESPACE).withName(leader.name()).delete();
        salesforce.resetAll();
        SalesforceStreamStubs.stubStream(salesforce, CHANNEL, List.of(SalesforceStreamStubs.event(
                "signal-order-delay.json")));
        long stoppedAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(40)).until(() -> subscribers().equals(List.of(follower))
                && storedEventIds().contains(UUID_8));
        System.out.printf("LeaderElectionIT: %s took over %d ms after %s stopped (lease 2 s)%n", follower,
                Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis(), leader);

        assertThat(leaseHolder()).isEqualTo(follower.name());
        assertThat(SalesforceStreamStubs.replayIdsSentOnSubscribe(salesforce, CHANNEL))
                .as("the new leader resumes after the stored position").containsOnly(7L);
        assertThat(currentTerm()).isGreaterThan(firstTerm);
        assertThat(storedPosition()).containsEntry("replay_id", 8L).containsEntry("epoch", currentTerm());
        assertThat(storedEventIds()).containsExactlyInAnyOrder(UUID_7, UUID_8);
    }

    @Test
    void aLeaderThatLosesItsLeaseStopsSubscribingAndNeverAlongsideTheOther() throws Exception {
        SalesforceStreamStubs.stubStream(salesforce, CHANNEL, List.of());
        KairosInstance a = replica("kairos-a", COMETD);
        KairosInstance b = replica("kairos-b", COMETD);
        await().atMost(Duration.ofSeconds(40)).until(() -> subscribers().size() == 1);
        KairosInstance leader = subscribers().get(0);
        KairosInstance follower = leader == a ? b : a;
        AtomicInteger mostAtOnce = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> mostAtOnce.accumulateAndGet(subscribers().size(), Math::max), 0, 20,
                TimeUnit.MILLISECONDS);
        try {
            // The leader's pod stops being ready (its process lives on): it is no candidate any more.
            client.pods().inNamespace(NAMESPACE).withName(leader.name()).editStatus(pod -> new PodBuilder(pod)
                    .editStatus().withConditions(new PodConditionBuilder().withType("Ready").withStatus("False")
                            .build()).endStatus().build());

            await().atMost(Duration.ofSeconds(40)).until(() -> subscribers().equals(List.of(follower)));
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }

        assertThat(leader.isRunning()).isTrue();
        assertThat(leader.bean(SalesforceStreamStarter.class).isLeading()).isFalse();
        assertThat(leader.bean(SubscriberTerm.class).active()).isFalse();
        assertThat(routeStatus(leader)).isEqualTo(ServiceStatus.Stopped);
        assertThat(leaseHolder()).isEqualTo(follower.name());
        assertThat(mostAtOnce.get()).as("replicas subscribed at the same moment").isEqualTo(1);
        assertThat(follower.bean(SubscriberTerm.class).epoch()).isGreaterThan(leader.bean(SubscriberTerm.class)
                .epoch());
    }

    @Test
    void overPubSubTheReplicaThatTakesTheLeaseResumesAfterTheStoredReplayId() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        pubSub = PubSubStandIn.start(CHANNEL, "pubsub/Kairos_Signal__e.avsc", Duration.ofMillis(200))
                .withTopic("/data/OrderChangeEvent", PubSubRecords.ORDER_CHANGE_SCHEMA);
        ByteString first = pubSub.publish(SalesforceStreamStubs.pubSubKnownIssue("Before the failover", now));
        SalesforceStreamStubs.stubStream(salesforce, "/data/OrderChangeEvent", List.of());
        Map<String, String> overPubSub = Map.of("kairos.signals.transport", "pubsub",
                "camel.component.salesforce.pub-sub-host", "127.0.0.1",
                "camel.component.salesforce.pub-sub-port", String.valueOf(pubSub.port()),
                "camel.component.salesforce.pubsub-allow-use-system-proxy", "false");
        KairosInstance a = replica("kairos-a", overPubSub);
        KairosInstance b = replica("kairos-b", overPubSub);

        await().atMost(Duration.ofSeconds(40)).until(() -> subscribers().size() == 1
                && base64(first).equals(storedPubSubReplayId()));
        KairosInstance leader = subscribers().get(0);
        KairosInstance follower = leader == a ? b : a;
        long firstTerm = currentTerm();
        int requestsBefore = pubSub.subscribeRequests(CHANNEL).size();

        leader.close();
        client.pods().inNamespace(NAMESPACE).withName(leader.name()).delete();
        ByteString second = pubSub.publish(SalesforceStreamStubs.pubSubKnownIssue("After the failover", now));
        long stoppedAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(40)).until(() -> subscribers().equals(List.of(follower))
                && base64(second).equals(storedPubSubReplayId()));
        System.out.printf("LeaderElectionIT (Pub/Sub): %s took over and stored the next event %d ms after %s "
                + "stopped (lease 2 s)%n", follower, Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis(), leader);

        assertThat(leaseHolder()).isEqualTo(follower.name());
        assertThat(pubSub.subscribeRequests(CHANNEL).get(requestsBefore)).as("the new leader resumes after the stored id")
                .isEqualTo(new PubSubStandIn.SubscribeRequest(CHANNEL, ReplayPreset.CUSTOM, first, 100));
        assertThat(currentTerm()).isGreaterThan(firstTerm);
        assertThat(database.jdbc().queryForObject("select epoch from replay_position where channel = ?", Long.class,
                "pubsub:" + CHANNEL)).isEqualTo(currentTerm());
        assertThat(storedEventIds()).as("each event once").hasSize(2).doesNotHaveDuplicates();
    }

    private KairosInstance replica(String name, Map<String, String> transport) {
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .addToLabels("app.kubernetes.io/name", "kairos").addToLabels("app.kubernetes.io/instance", "kairos")
                .endMetadata()
                .withNewSpec().addNewContainer().withName("kairos").withImage("kairos:test").endContainer().endSpec()
                .build()).create();
        // Leader election counts running, ready pods only.
        client.pods().inNamespace(NAMESPACE).withName(name).editStatus(pod -> new PodBuilder(pod).editOrNewStatus()
                .withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build());
        Map<String, String> properties = new HashMap<>(Map.ofEntries(
                Map.entry("salesforce.login-url", salesforce.baseUrl()),
                Map.entry("kairos.signals.subscribe", "true"),
                Map.entry("kairos.signals.start-retry-initial", "200ms"),
                Map.entry("kairos.signals.start-retry-max", "1s"),
                // Keep the processor idle: stored events stay as they arrived.
                Map.entry("kairos.inbox.poll-interval", "3600000"),
                Map.entry("kairos.cluster.leader-election", "true"),
                Map.entry("camel.cluster.kubernetes.pod-name", name),
                Map.entry("camel.cluster.kubernetes.lease-duration-millis", "2000"),
                Map.entry("camel.cluster.kubernetes.renew-deadline-millis", "1500"),
                Map.entry("camel.cluster.kubernetes.retry-period-millis", "200")));
        properties.putAll(transport);
        KairosInstance replica = KairosInstance.start(name, database.url(), properties);
        replicas.add(replica);
        return replica;
    }

    /** The running replicas whose Salesforce subscription runs. */
    private List<KairosInstance> subscribers() {
        return replicas.stream().filter(KairosInstance::isRunning)
                .filter(r -> r.bean(SalesforceStreamStarter.class).isLeading() && routeStatus(r) == ServiceStatus.Started)
                .toList();
    }

    /**
     * The subscription's status: the salesforce-signal-cometd-source (or -pubsub-source) Kamelet's route, which the flow route
     * salesforce-signal-to-inbox consumes from (the flow route itself always runs).
     */
    private static ServiceStatus routeStatus(KairosInstance replica) {
        CamelContext camel = replica.bean(CamelContext.class);
        return camel.getRoutes().stream()
                .filter(r -> r.isCreatedByKamelet() && r.getEndpoint() instanceof SalesforceEndpoint
                        && r.getEndpoint().getEndpointUri().contains("Kairos_Signal__e"))
                .map(r -> camel.getRouteController().getRouteStatus(r.getRouteId()))
                .filter(ServiceStatus::isStarted).findAny().orElse(ServiceStatus.Stopped);
    }

    private String leaseHolder() {
        Lease lease = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    private long currentTerm() {
        return database.jdbc().queryForObject("select epoch from leader_term where name = ?", Long.class,
                ReplayPositions.SUBSCRIBER_ROLE);
    }

    private Map<String, Object> storedPosition() {
        return database.jdbc().queryForMap("select replay_id, epoch from replay_position where channel = ?", CHANNEL);
    }

    private String storedPubSubReplayId() {
        return database.jdbc().queryForList("select pubsub_replay_id from replay_position where channel = ?",
                String.class, "pubsub:" + CHANNEL).stream().findFirst().orElse(null);
    }

    private static String base64(ByteString replayId) {
        return Base64.getEncoder().encodeToString(replayId.toByteArray());
    }

    private List<String> storedEventIds() {
        return database.jdbc().queryForList("select event_id from inbox_event where source = 'salesforce'",
                String.class);
    }
}
