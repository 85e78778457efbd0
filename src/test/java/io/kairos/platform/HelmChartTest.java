package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * helm/kairos linted and rendered by Helm itself (helm-java runs Helm 3 from the JVM, no cluster), and the rendered
 * manifests checked: probes, hardened security context, the README's environment variables, ConfigMaps holding
 * every route, connector and message template, the checksum that rolls pods on a route edit, leader election RBAC
 * and the shutdown budget.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/kairos");
    private static final String RELEASE = "kairos";
    private static final String NAMESPACE = "support";

    @TempDir
    static Path tmp;

    private static Path fullValues;

    @BeforeAll
    static void values() throws IOException {
        fullValues = tmp.resolve("full-values.yaml");
        Files.writeString(fullValues, """
                config:
                  zendeskBaseUrl: https://acme.zendesk.com
                  zendeskEmail: kairos@acme.example
                  zendeskKairosUserId: "9999"
                  salesforceLoginUrl: https://acme.my.salesforce.com
                  intercomBaseUrl: https://api.intercom.io
                  intercomAdminId: "394051"
                  databaseUrl: jdbc:postgresql://postgres:5432/kairos
                  agentSubdomain: acme
                  salesforceInstanceUrl: https://acme.my.salesforce.com
                secrets:
                  zendeskApiToken: zd-token
                  zendeskWebhookSecret: zd-webhook-secret
                  salesforceClientId: sf-client
                  salesforceClientSecret: sf-secret
                  intercomAccessToken: ic-token
                  intercomClientSecret: ic-secret
                  kairosApiToken: api-token
                  kairosAdminUser: admin
                  kairosAdminPassword: admin-password
                  databasePassword: db-password
                  kairosAgentToken: agent-token
                ingress:
                  enabled: true
                  host: kairos.acme.example
                  tls:
                    - secretName: kairos-tls
                      hosts: [kairos.acme.example]
                """);
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(message -> message.contains("[WARNING]")
                || message.contains("[ERROR]"));
    }

    @Test
    void probesUseTheActuatorGroupsWithAStartupProbe() {
        Map<String, Object> container = container(render());

        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "readinessProbe", "httpGet", "port")).isEqualTo("http");
        assertThat(((Number) path(container, "startupProbe", "periodSeconds")).intValue()
                * ((Number) path(container, "startupProbe", "failureThreshold")).intValue())
                .as("seconds a slow first start may take").isGreaterThanOrEqualTo(120);
    }

    @Test
    void runsNonRootOnAReadOnlyRootFileSystemWithoutCapabilities() {
        List<Map<String, Object>> docs = render();
        Map<String, Object> pod = podSpec(docs);
        Map<String, Object> container = container(docs);

        assertThat(path(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(((Number) path(pod, "securityContext", "runAsUser")).intValue()).isPositive();
        assertThat(path(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat(path(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(path(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(path(container, "securityContext", "capabilities", "drop")).isEqualTo(List.of("ALL"));
        assertThat(mounts(container)).containsEntry("/tmp", "tmp");
        assertThat(list(pod, "volumes")).anySatisfy(volume -> {
            assertThat(volume.get("name")).isEqualTo("tmp");
            assertThat(volume).containsKey("emptyDir");
        });
    }

    @Test
    void everyEnvironmentVariableOfTheReadmeReachesTheContainer() throws IOException {
        List<Map<String, Object>> docs = render();
        Set<String> env = new LinkedHashSet<>(envNames(container(docs)));
        Map<String, Object> secret = kind(docs, "Secret").get(0);
        @SuppressWarnings("unchecked")
        Set<String> secretKeys = ((Map<String, Object>) secret.get("stringData")).keySet();
        env.addAll(secretKeys);

        List<String> readme = readmeEnvironmentVariables();

        assertThat(readme).as("the README's Configuration table").contains("ZENDESK_BASE_URL", "KAIROS_DB_URL");
        assertThat(env).containsAll(readme);
        assertThat(secretKeys).as("credentials live in the Secret, not in the pod spec")
                .contains("ZENDESK_API_TOKEN", "ZENDESK_WEBHOOK_SECRET", "SALESFORCE_CLIENT_SECRET",
                        "INTERCOM_ACCESS_TOKEN", "KAIROS_API_TOKEN", "KAIROS_DB_PASSWORD", "KAIROS_AGENT_TOKEN");
        assertThat(envNames(container(docs))).doesNotContainAnyElementsOf(secretKeys);
        assertThat(path(container(docs), "envFrom")).isEqualTo(List.of(Map.of("secretRef", Map.of("name",
                RELEASE))));
    }

    @Test
    void theJwtBearerFlowMountsTheConnectedAppsKeystoreAndNeedsNoClientSecret() {
        List<Map<String, Object>> docs = render(Map.of("salesforceJwt.keystoreSecret", "kairos-salesforce-jwt",
                "salesforceJwt.username", "kairos@acme.example", "secrets.salesforceClientSecret", "",
                "secrets.salesforceJwtKeystorePassword", "keystore-password"));

        Map<String, Object> container = container(docs);
        assertThat(envValue(container, "SALESFORCE_JWT_KEYSTORE"))
                .isEqualTo("/etc/kairos/salesforce-jwt/keystore.p12");
        assertThat(envValue(container, "SALESFORCE_JWT_USERNAME")).isEqualTo("kairos@acme.example");
        assertThat(mounts(container)).containsEntry("/etc/kairos/salesforce-jwt", "salesforce-jwt");
        assertThat(list(podSpec(docs), "volumes")).anySatisfy(volume -> assertThat(volume)
                .containsEntry("name", "salesforce-jwt")
                .containsEntry("secret", Map.of("secretName", "kairos-salesforce-jwt")));
        @SuppressWarnings("unchecked")
        Map<String, Object> secret = (Map<String, Object>) kind(docs, "Secret").get(0).get("stringData");
        assertThat(secret).containsEntry("SALESFORCE_JWT_KEYSTOREPASSWORD", "keystore-password")
                .doesNotContainKey("SALESFORCE_CLIENT_SECRET");
        assertThatThrownBy(() -> render(Map.of("salesforceJwt.keystoreSecret", "kairos-salesforce-jwt",
                "secrets.salesforceClientSecret", ""))).hasMessageContaining("salesforceJwt.username")
                .hasMessageContaining("secrets.salesforceJwtKeystorePassword")
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("salesforceClientSecret"));
        assertThat(envNames(container(render()))).as("off by default").doesNotContain("SALESFORCE_JWT_KEYSTORE");
    }

    @Test
    void anExistingSecretReplacesTheChartsOwn() {
        List<Map<String, Object>> docs = render(Map.of("secrets.existingSecret", "kairos-credentials"));

        assertThat(kind(docs, "Secret")).isEmpty();
        assertThat(path(container(docs), "envFrom")).isEqualTo(List.of(Map.of("secretRef", Map.of("name",
                "kairos-credentials"))));
        assertThat(annotations(docs)).doesNotContainKey("checksum/secret");
    }

    @Test
    void configMapsHoldEveryRouteConnectorTemplateAndConfigFileMountedWhereKairosReadsThem() throws IOException {
        List<Map<String, Object>> docs = render();
        Map<String, String> mounts = mounts(container(docs));

        for (String dir : List.of("routes", "connectors", "templates", "config")) {
            Map<String, String> files = filesOf(Path.of(dir), dir.equals("templates") ? ".mustache" : ".yaml");
            if (dir.equals("routes")) {
                assertThat(files).as("routes in the repository").isNotEmpty()
                        .containsKey("zendesk-webhook-to-inbox.camel.yaml");
            }
            assertThat(configMapData(docs, RELEASE + "-" + dir)).as(dir).isEqualTo(files);
            assertThat(mounts).as("Kairos reads " + dir + "/ from its working directory /app")
                    .containsEntry("/app/" + dir, dir);
        }
    }

    @Test
    void aRouteEditChangesThePodChecksumSoThePodsRoll(@TempDir Path copy) throws IOException {
        Path chart = copyChart(copy);
        String before = (String) annotations(render(chart, Map.of())).get("checksum/files");
        Path route = chart.resolve("files/routes/inbox-retention.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("description:", "autoStartup: false\n    description:"));

        String after = (String) annotations(render(chart, Map.of())).get("checksum/files");

        assertThat(before).isNotBlank();
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void leaderElectionHasItsRoleAndTheLeaseSettings() {
        List<Map<String, Object>> docs = render();
        Map<String, Object> container = container(docs);

        Map<String, Object> role = kind(docs, "Role").get(0);
        assertThat(list(role, "rules")).anySatisfy(rule -> {
            assertThat(rule.get("apiGroups")).isEqualTo(List.of("coordination.k8s.io"));
            assertThat(rule.get("resources")).isEqualTo(List.of("leases"));
            assertThat(rule.get("verbs")).asString().contains("get", "create", "update");
        });
        assertThat(list(role, "rules")).anySatisfy(rule -> assertThat(rule.get("resources"))
                .isEqualTo(List.of("pods")));
        Map<String, Object> binding = kind(docs, "RoleBinding").get(0);
        assertThat(list(binding, "subjects")).singleElement().satisfies(subject -> {
            assertThat(subject.get("name")).isEqualTo(RELEASE);
            assertThat(subject.get("namespace")).isEqualTo(NAMESPACE);
        });
        assertThat(podSpec(docs).get("serviceAccountName")).isEqualTo(RELEASE);
        assertThat(podSpec(docs).get("automountServiceAccountToken")).isEqualTo(true);
        assertThat(envValue(container, "KAIROS_LEADER_ELECTION")).isEqualTo("true");
        assertThat(envValue(container, "KAIROS_CLUSTER_LEASE_PREFIX")).isEqualTo(RELEASE);
        assertThat(envValue(container, "KAIROS_CLUSTER_INSTANCE_LABEL"))
                .isEqualTo(path(kind(docs, "Deployment").get(0), "spec", "selector", "matchLabels",
                        "app.kubernetes.io/instance"));
        assertThat(env(container, "CAMEL_CLUSTER_KUBERNETES_PODNAME"))
                .containsEntry("valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.name")));

        List<Map<String, Object>> single = render(Map.of("leaderElection.enabled", false, "replicaCount", 1));
        assertThat(kind(single, "Role")).isEmpty();
        assertThat(kind(single, "PodDisruptionBudget")).as("one replica: nothing to keep available").isEmpty();
        assertThat(podSpec(single).get("automountServiceAccountToken")).isEqualTo(false);
        assertThat(envValue(container(single), "KAIROS_LEADER_ELECTION")).isEqualTo("false");
    }

    @Test
    void camelsShutdownFitsInTheGracePeriodAfterThePreStopSleep() {
        List<Map<String, Object>> docs = render();
        Map<String, Object> container = container(docs);
        int grace = ((Number) podSpec(docs).get("terminationGracePeriodSeconds")).intValue();
        List<?> preStop = (List<?>) path(container, "lifecycle", "preStop", "exec", "command");
        int sleep = Integer.parseInt((String) preStop.get(1));
        int camel = Integer.parseInt(envValue(container, "CAMEL_MAIN_SHUTDOWNTIMEOUT"));
        int web = Integer.parseInt(envValue(container, "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE").replace("s", ""));

        assertThat(preStop.get(0)).isEqualTo("sleep");
        assertThat(sleep + web + camel).isLessThan(grace);
        assertThat(path(kind(docs, "Deployment").get(0), "spec", "strategy", "rollingUpdate", "maxUnavailable"))
                .isEqualTo(0);
        assertThatThrownBy(() -> render(Map.of("shutdown.camelTimeoutSeconds", 40)))
                .hasMessageContaining("must stay below terminationGracePeriodSeconds");
    }

    @Test
    void ingressRoutesTheWebhooksAndPdbAndHpaFollowTheirSwitches() {
        List<Map<String, Object>> docs = render(Map.of("autoscaling.enabled", true));

        Map<String, Object> ingress = kind(docs, "Ingress").get(0);
        Map<String, Object> rule = list(cast(ingress.get("spec")), "rules").get(0);
        assertThat(rule.get("host")).isEqualTo("kairos.acme.example");
        assertThat(path(rule, "http", "paths")).asList().singleElement()
                .satisfies(p -> assertThat(cast(p).get("path")).isEqualTo("/webhooks/"));
        assertThat(kind(docs, "HorizontalPodAutoscaler")).hasSize(1);
        assertThat(cast(path(kind(docs, "Deployment").get(0), "spec"))).doesNotContainKey("replicas");
        assertThat(kind(docs, "PodDisruptionBudget")).hasSize(1);
    }

    @Test
    void theSchemaRejectsAnInvalidValue() {
        assertThatThrownBy(() -> render(Map.of("replicaCount", 0))).hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> render(Map.of("config.databaseUrl", "postgres://x")))
                .hasMessageContaining("databaseUrl");
    }

    @Test
    void installRefusesAReleaseWithoutTheValuesKairosNeedsNamingEachOne() {
        assertThatThrownBy(() -> new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE).clientOnly()
                .dryRun().call())
                .hasMessageContaining("Kairos cannot start without these values: config.zendeskBaseUrl, "
                        + "config.zendeskEmail, config.salesforceLoginUrl, config.databaseUrl, secrets.zendeskApiToken, "
                        + "secrets.zendeskWebhookSecret, secrets.salesforceClientId, secrets.salesforceClientSecret, "
                        + "secrets.kairosApiToken, secrets.intercomClientSecret");
        assertThatThrownBy(() -> new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).call())
                .hasMessageContaining("config.zendeskBaseUrl");
        assertThatThrownBy(() -> render(Map.of("secrets.zendeskWebhookSecret", "")))
                .hasMessageContaining("without these values: secrets.zendeskWebhookSecret (");
        assertThatThrownBy(() -> render(Map.of("secrets.intercomClientSecret", "")))
                .hasMessageContaining("without these values: secrets.intercomClientSecret (");
        assertThat(kind(render(Map.of("secrets.intercomClientSecret", "", "config.intercomBridgeEnabled", false)),
                "Deployment")).as("no Intercom bridge, no Intercom webhook secret needed").hasSize(1);
    }

    @Test
    void anExistingSecretSuppliesTheSecretsButNotTheConfiguration() throws IOException {
        Path configOnly = tmp.resolve("config-only.yaml");
        Files.writeString(configOnly, """
                config:
                  zendeskBaseUrl: https://acme.zendesk.com
                  zendeskEmail: kairos@acme.example
                  salesforceLoginUrl: https://acme.my.salesforce.com
                  databaseUrl: jdbc:postgresql://postgres:5432/kairos
                secrets:
                  existingSecret: kairos-credentials
                """);

        Release release = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(configOnly).clientOnly().dryRun().call();

        assertThat(release.getOutput()).as("the install's notes").contains("/webhooks/zendesk");
        assertThatThrownBy(() -> new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(configOnly).set("config.zendeskBaseUrl", "").clientOnly().dryRun().call())
                .hasMessageContaining("without these values: config.zendeskBaseUrl (");
    }

    @Test
    void notesNameTheWebhookUrlToRegister() {
        Release release = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(fullValues).clientOnly().dryRun().call();

        assertThat(release.getOutput()).contains("https://kairos.acme.example/webhooks/zendesk")
                .contains("kairos-salesforce-subscriber").doesNotContain("WARNING");
    }

    // --- rendering ------------------------------------------------------------------------------------------------

    private static List<Map<String, Object>> render() {
        return render(Map.of());
    }

    private static List<Map<String, Object>> render(Map<String, Object> set) {
        return render(CHART, set);
    }

    private static List<Map<String, Object>> render(Path chart, Map<String, Object> set) {
        var template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(fullValues);
        set.forEach(template::set);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(template.call())) {
            if (doc != null) {
                docs.add(cast(doc));
            }
        }
        return docs;
    }

    private static List<Map<String, Object>> kind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(doc -> kind.equals(doc.get("kind"))).toList();
    }

    private static Map<String, Object> podSpec(List<Map<String, Object>> docs) {
        return cast(path(kind(docs, "Deployment").get(0), "spec", "template", "spec"));
    }

    private static Map<String, Object> container(List<Map<String, Object>> docs) {
        return list(podSpec(docs), "containers").get(0);
    }

    private static Map<String, Object> annotations(List<Map<String, Object>> docs) {
        return cast(path(kind(docs, "Deployment").get(0), "spec", "template", "metadata", "annotations"));
    }

    private static Map<String, String> mounts(Map<String, Object> container) {
        Map<String, String> mounts = new HashMap<>();
        list(container, "volumeMounts").forEach(m -> mounts.put((String) m.get("mountPath"), (String) m.get("name")));
        return mounts;
    }

    private static List<String> envNames(Map<String, Object> container) {
        return list(container, "env").stream().map(e -> (String) e.get("name")).toList();
    }

    private static Map<String, Object> env(Map<String, Object> container, String name) {
        return list(container, "env").stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static String envValue(Map<String, Object> container, String name) {
        return (String) env(container, name).get("value");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> configMapData(List<Map<String, Object>> docs, String name) {
        return kind(docs, "ConfigMap").stream().filter(doc -> name.equals(path(doc, "metadata", "name")))
                .findFirst().map(doc -> (Map<String, String>) doc.get("data"))
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }

    private static Object path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    // --- the repository's files -------------------------------------------------------------------------------------

    private static Map<String, String> filesOf(Path dir, String suffix) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path file : paths.filter(p -> p.getFileName().toString().endsWith(suffix)).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    /** The variable names of the README's "Environment variables" table. */
    private static List<String> readmeEnvironmentVariables() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String configuration = readme.substring(readme.indexOf("## Configuration"));
        String table = configuration.substring(0, configuration.indexOf("Other settings"));
        List<String> names = new ArrayList<>();
        for (String line : table.lines().filter(l -> l.startsWith("| `")).toList()) {
            Matcher name = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(line.substring(0, line.indexOf('|', 2)));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    /** The chart with its file links resolved into copies, for a test that edits a route. */
    private static Path copyChart(Path target) throws IOException {
        Path chart = target.resolve("kairos");
        try (Stream<Path> paths = Files.walk(CHART, FileVisitOption.FOLLOW_LINKS)) {
            for (Path source : paths.toList()) {
                Path destination = chart.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
        return chart;
    }
}
