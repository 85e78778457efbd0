package io.kairos.config;

import io.kairos.enrichment.EnrichmentRules;
import io.kairos.proactive.OrgSchema;
import io.kairos.proactive.ProactiveRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

/**
 * The configuration files in force. At start-up every file is checked and applied, or start-up fails naming each
 * problem. With {@code kairos.config.reload} on, config/, templates/, routes/ and connectors/ are read again every
 * {@code kairos.config.reload-interval}: a changed set that passes every check replaces the running rules and
 * flows ({@link LiveRoutes}) at once (a one-line summary per file is logged); one that fails, or that Camel cannot
 * start, is rejected whole, its problems logged, and the running configuration and flows stay in force. The
 * Salesforce fields the signal catalog names are checked against the org ({@link OrgFieldCheck}) on reload and
 * validate; at start-up Salesforce cannot be asked yet, so the files in force are checked once Kairos has started.
 */
@Component("liveConfiguration")
public class LiveConfiguration implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConfiguration.class);

    private final Path root;
    private final ConfigValidator validator;
    private final EnrichmentRules enrichment;
    private final ProactiveRules proactive;
    private final LiveRoutes routes;
    private final boolean reload;
    private final Duration interval;
    private volatile Map<String, String> applied = Map.of();
    private volatile Map<String, String> lastRejected = Map.of();
    private volatile List<ConfigProblem> problems = List.of();
    private volatile ScheduledExecutorService watcher;

    public LiveConfiguration(@Value("${kairos.config.root:.}") String root,
                             @Value("${kairos.config.reload:false}") boolean reload,
                             @Value("${kairos.config.reload-interval:2s}") Duration interval,
                             ConfigurableEnvironment environment, EnrichmentRules enrichment,
                             ProactiveRules proactive, LiveRoutes routes, OrgSchema org) {
        this.root = Path.of(root);
        this.validator = new ConfigValidator(environment, org);
        this.enrichment = enrichment;
        this.proactive = proactive;
        this.routes = routes;
        this.reload = reload;
        this.interval = interval;
        Map<String, String> files = ConfigValidator.read(this.root);
        apply(validator.check(files));
        applied = files;
        ConfigValidator.strays(this.root).keySet().forEach(stray -> LOG.warn("{} is not read: Kairos reads {}", stray,
                ConfigFolders.known()));
        LOG.info("Configuration checked and applied: {} files under {}", files.size(),
                this.root.toAbsolutePath().normalize());
    }

    /**
     * Checks files as if they replaced those on disk (the others stay as they are), applying nothing; a bare route
     * or Kamelet name stands for its file under routes/ or connectors/, and a path Kairos cannot place is a problem.
     */
    public List<ConfigProblem> validate(Map<String, String> replacements) {
        return validate(replacements, new ArrayList<>());
    }

    /** As above; what could not be checked (the org's fields when Salesforce cannot be asked) is added to notes. */
    public List<ConfigProblem> validate(Map<String, String> replacements, List<String> notes) {
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(root));
        files.putAll(ConfigValidator.placed(replacements));
        try {
            validator.check(files, notes);
            return List.of();
        } catch (ConfigRejectedException e) {
            return e.problems();
        }
    }

    /**
     * Reads the files again and applies them if they changed and pass every check; true if something was applied.
     * A rejected set is logged once, until it changes again.
     */
    public synchronized boolean reload() {
        Map<String, String> files = ConfigValidator.read(root);
        Map<String, String> watched = watched(files);
        if (watched.equals(watched(applied))) {
            if (!problems.isEmpty()) {
                LOG.info("Configuration files are back to the ones in force; the rejected change is gone");
                lastRejected = Map.of();
                problems = List.of();
            }
            return false;
        }
        if (watched.equals(lastRejected)) {
            return false;
        }
        List<String> changes = ConfigChanges.summarise(watched(applied), watched);
        List<String> reloaded;
        try {
            ConfigSnapshot snapshot = validator.check(files);
            // Flows first: if Camel refuses one, nothing of the change is applied.
            reloaded = routes.apply(applied, files);
            apply(snapshot);
        } catch (ConfigRejectedException e) {
            lastRejected = watched;
            problems = e.problems();
            LOG.error("Configuration change rejected, the running configuration stays in force ({}):\n  {}",
                    String.join("; ", changes), String.join("\n  ", e.problems().stream()
                            .map(ConfigProblem::toString).toList()));
            return false;
        }
        applied = files;
        lastRejected = Map.of();
        problems = List.of();
        changes.forEach(change -> LOG.info("Configuration applied: {}", change));
        reloaded.forEach(flow -> LOG.info("Flows reloaded: {}", flow));
        return true;
    }

    /** The problems of the last rejected change, empty once a change was applied. */
    public List<ConfigProblem> rejected() {
        return problems;
    }

    /**
     * Checks the files in force against the Salesforce org once Kairos has started (at load Camel cannot ask it yet),
     * in the background so that a slow org never delays readiness. What the org lacks is logged as an ERROR with
     * file, line and what: the files stay in force (there is no earlier set to keep), and ops fix them.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void checkAgainstOrgOnceStarted() {
        Thread check = new Thread(this::checkAgainstOrg, "kairos-config-org-check");
        check.setDaemon(true);
        check.start();
    }

    /** The files in force against the org; the problems found, empty when none or when the org cannot be asked. */
    synchronized List<ConfigProblem> checkAgainstOrg() {
        try {
            validator.check(applied);
            return List.of();
        } catch (ConfigRejectedException e) {
            LOG.error("The configuration in force names what the Salesforce org lacks; signals that need it will be "
                    + "dead-lettered until the files are fixed:\n  {}", String.join("\n  ", e.problems().stream()
                    .map(ConfigProblem::toString).toList()));
            return e.problems();
        } catch (RuntimeException e) {
            LOG.error("Checking the configuration in force against the Salesforce org failed", e);
            return List.of();
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void watch() {
        if (!reload) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kairos-config-reload");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(() -> {
            try {
                reload();
            } catch (RuntimeException e) {
                LOG.error("Configuration reload failed; the running configuration stays in force", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Watching config/, templates/, routes/ and connectors/ under {} for changes every {}",
                root.toAbsolutePath().normalize(), interval);
    }

    @Override
    public void destroy() {
        ScheduledExecutorService running = watcher;
        if (running != null) {
            running.shutdownNow();
        }
    }

    private void apply(ConfigSnapshot snapshot) {
        // Each holder is replaced whole, after every file passed: nothing is ever half-applied.
        enrichment.replace(snapshot.enrichment());
        proactive.replaceTiming(snapshot.timing().settings());
        proactive.replaceMessages(snapshot.messages());
        proactive.replaceCatalog(snapshot.catalog());
    }

    /** The files this watcher applies: all it reads. */
    private static Map<String, String> watched(Map<String, String> files) {
        return new TreeMap<>(files);
    }
}
