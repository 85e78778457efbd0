package io.kairos.support;

import io.kairos.KairosApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One whole Kairos app in this JVM, on a random port and a given database, as a replica among others: several
 * instances on one database behave like pods of one Deployment. Outside systems point nowhere unless set.
 */
public final class KairosInstance implements AutoCloseable {

    private final String name;
    private final ConfigurableApplicationContext context;

    private KairosInstance(String name, ConfigurableApplicationContext context) {
        this.name = name;
        this.context = context;
    }

    /** Starts an instance; {@code properties} override the defaults (and may add any setting). */
    public static KairosInstance start(String name, String databaseUrl, Map<String, String> properties) {
        return new KairosInstance(name, application().run(arguments(name, databaseUrl, properties)));
    }

    /**
     * Starts an instance on a thread of its own and returns at once, for a test that talks to it while it starts:
     * give it a fixed {@code server.port}. {@code initializers} may add beans to its context before it refreshes.
     */
    public static CompletableFuture<KairosInstance> startInBackground(
            String name, String databaseUrl, Map<String, String> properties,
            ApplicationContextInitializer<?>... initializers) {
        String[] args = arguments(name, databaseUrl, properties);
        return CompletableFuture.supplyAsync(() -> new KairosInstance(name,
                application().initializers(initializers).run(args)), runnable -> {
                    Thread thread = new Thread(runnable, "start-" + name);
                    thread.setDaemon(true);
                    thread.start();
                });
    }

    private static SpringApplicationBuilder application() {
        // Plaintext Pub/Sub: an instance that subscribes talks to the loopback stand-in, never to Salesforce.
        return new SpringApplicationBuilder(KairosApplication.class, PlaintextPubSub.class);
    }

    private static String[] arguments(String name, String databaseUrl, Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("spring.application.name", name);
        all.put("zendesk.base-url", "http://127.0.0.1:9");
        all.put("zendesk.email", "kairos@acme.example");
        all.put("zendesk.api-token", "zd-test-token-123");
        all.put("zendesk.webhook-secret", SignedWebhooks.SECRET);
        all.put("salesforce.login-url", "http://127.0.0.1:9");
        all.put("salesforce.client-id", "test-client");
        all.put("salesforce.client-secret", "test-client-secret");
        all.put("kairos.api-token", "test-api-token");
        all.put("intercom.client-secret", "test-intercom-client-secret");
        // One servlet name per context: Camel's servlet registry is JVM-wide.
        all.put("kairos.webhooks.servlet-name", "webhooks-" + UUID.randomUUID());
        all.put("kairos.db.url", databaseUrl);
        all.put("kairos.db.user", "postgres");
        all.put("kairos.signals.subscribe", "false");
        // Quiet hours off: these tests run at any hour.
        all.put("kairos.timing.quiet-start", "00:00");
        all.put("kairos.timing.quiet-end", "00:00");
        all.putAll(properties);
        // As command-line arguments: they win over application.yaml (default properties would not).
        return all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    public String name() {
        return name;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public String baseUrl() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public boolean isRunning() {
        return context.isActive();
    }

    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
