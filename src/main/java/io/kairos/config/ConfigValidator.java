package io.kairos.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kairos.enrichment.EnrichmentProperties;
import io.kairos.enrichment.FieldMapping;
import io.kairos.proactive.MessageLanguages;
import io.kairos.proactive.MessageTemplates;
import io.kairos.proactive.OrgSchema;
import io.kairos.proactive.Outbox;
import io.kairos.proactive.ProactiveProperties;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.kairos.proactive.TimingProperties;
import io.kairos.timing.Holdout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks Kairos's ops-owned files without applying anything: config/*.yaml against their JSON Schemas and then
 * bound as the properties they override, templates/*.mustache for unknown variables and unclosed sections,
 * routes/*.camel.yaml for YAML syntax, id = file name and a description, connectors/*.kamelet.yaml against the
 * Kamelet conventions, and both as Camel's YAML DSL reads them. Every problem names the file, the line and what is
 * wrong; a file in none of those folders is a problem too, as nothing would read it.
 */
public final class ConfigValidator {

    /** The configuration file kinds of config/: file name → the property prefix it overrides. */
    static final Map<String, String> KINDS = Map.of(
            "enrichment.yaml", "kairos.enrichment",
            "timing.yaml", "kairos.timing",
            "messages.yaml", "kairos.proactive",
            // The signal catalog is read as a document, not bound to properties.
            "signals.yaml", "kairos.signals.catalog");

    /** What a check says when it could not ask the org, before the reason. */
    public static final String ORG_NOT_CHECKED = "fields not checked against the org: ";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigValidator.class);
    private static final Map<String, JsonSchema> SCHEMAS = loadSchemas();
    private static final Pattern ROUTE_CHANNEL =
            Pattern.compile("-\\s*name:\\s*channel\\s*\\n\\s*value:\\s*\"?([A-Za-z0-9_-]+)\"?");

    private final ConfigurableEnvironment environment;
    private final OrgSchema org;

    /** Files are bound over this environment's properties; null binds them over the defaults alone. No org. */
    public ConfigValidator(ConfigurableEnvironment environment) {
        this(environment, OrgSchema.NONE);
    }

    /** As above, checking the Salesforce fields the signal catalog names against this org ({@link OrgFieldCheck}). */
    public ConfigValidator(ConfigurableEnvironment environment, OrgSchema org) {
        this.environment = environment;
        this.org = org;
    }

    /**
     * Reads the ops-owned files under a root folder: config/, templates/, routes/ and connectors/ (each optional),
     * keyed by their path relative to the root with forward slashes.
     */
    public static Map<String, String> read(Path root) {
        Map<String, String> files = new TreeMap<>();
        for (ConfigFolders.Folder folder : ConfigFolders.FOLDERS) {
            read(root, folder.name(), folder::holds, files);
        }
        return files;
    }

    /**
     * Files in those folders that look meant for Kairos (YAML, Mustache) but that it does not read, such as
     * routes/orders.yaml: {@link #check} reports each, so a file Kairos ignores is never taken as checked.
     */
    public static Map<String, String> strays(Path root) {
        Map<String, String> files = new TreeMap<>();
        for (ConfigFolders.Folder folder : ConfigFolders.FOLDERS) {
            read(root, folder.name(), name -> !name.startsWith(".") && !folder.holds(name)
                    && ConfigFolders.LOOKALIKES.stream().anyMatch(name::endsWith), files);
        }
        return files;
    }

    private static void read(Path root, String folder, Predicate<String> names, Map<String, String> files) {
        Path dir = root.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path path : paths.filter(p -> names.test(p.getFileName().toString()))
                    .filter(Files::isRegularFile).toList()) {
                files.put(folder + "/" + path.getFileName(), Files.readString(path, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    /**
     * The files keyed by where they belong: a bare route or Kamelet name (bars.camel.yaml) becomes its path under
     * routes/ or connectors/; a path Kairos cannot place keeps its key, for {@link #check} to report.
     */
    public static Map<String, String> placed(Map<String, String> files) {
        Map<String, String> placed = new TreeMap<>();
        files.forEach((path, text) -> placed.put(ConfigFolders.place(path).orElse(path), text));
        return placed;
    }

    /** Checks the files; throws {@link ConfigRejectedException} listing every problem, else the snapshot. */
    public ConfigSnapshot check(Map<String, String> files) {
        return check(files, new ArrayList<>());
    }

    /** As above; what could not be checked (the org's fields when Salesforce cannot be asked) is added to notes. */
    public ConfigSnapshot check(Map<String, String> files, List<String> notes) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, YamlDocument> config = new LinkedHashMap<>();
        Map<String, String> templates = new TreeMap<>();
        files = placed(files);
        for (Map.Entry<String, String> file : files.entrySet()) {
            String path = file.getKey();
            String name = path.substring(path.lastIndexOf('/') + 1);
            try {
                if (ConfigFolders.place(path).isEmpty()) {
                    problems.add(new ConfigProblem(path, 0, "Kairos does not know this path, so nothing would read "
                            + "it: files go in " + ConfigFolders.known()));
                } else if (path.startsWith("config/")) {
                    if (name.startsWith("application")) {
                        continue;
                    }
                    if (!KINDS.containsKey(name)) {
                        problems.add(new ConfigProblem(path, 0, "not a Kairos configuration file: expected one of "
                                + String.join(", ", new TreeMap<>(KINDS).keySet())));
                        continue;
                    }
                    YamlDocument document = YamlDocument.parse(path, file.getValue());
                    List<ConfigProblem> schema = schemaProblems(path, name, document);
                    problems.addAll(schema);
                    if (schema.isEmpty() && "enrichment.yaml".equals(name)) {
                        problems.addAll(mappingProblems(path, document));
                    }
                    config.put(name, document);
                } else if (path.startsWith("templates/")) {
                    // Checked below, once the catalog says which templates are notes.
                    templates.put(name.substring(0, name.length() - ".mustache".length()), file.getValue());
                } else if (path.startsWith("routes/")) {
                    problems.addAll(routeProblems(path, name, YamlDocument.parse(path, file.getValue())));
                    CamelYaml.parse(path, file.getValue());
                } else if (path.startsWith("connectors/")) {
                    problems.addAll(KameletConventions.check(path, YamlDocument.parse(path, file.getValue())));
                    CamelYaml.parse(path, file.getValue());
                }
            } catch (ConfigRejectedException e) {
                problems.addAll(e.problems());
            }
        }
        problems.addAll(templateProblems(templates, config.get("messages.yaml"), config.get("signals.yaml")));
        problems.addAll(variantProblems(templates));
        if (!problems.isEmpty()) {
            throw new ConfigRejectedException(problems);
        }
        ConfigSnapshot snapshot = bind(config, templates, files, problems, notes);
        if (!problems.isEmpty()) {
            throw new ConfigRejectedException(problems);
        }
        return snapshot;
    }

    /**
     * Where a kind's unworkable rules were written: its types entry in timing.yaml, else its catalog entry's
     * timing block (a key of timing.yaml wins, so that is where to look first).
     */
    private static ConfigProblem kindRulesProblem(TimingProperties.KindRulesException e, YamlDocument timing,
                                                  YamlDocument signals) {
        String type = e.type().name();
        boolean inTimingFile = timing != null && !timing.root().at("/types/" + type).isMissingNode();
        if (inTimingFile || signals == null) {
            return new ConfigProblem("config/timing.yaml", inTimingFile ? timing.lineOfKey("/types/" + type) : 0,
                    "/types/" + type + ": " + e.getCause().getMessage());
        }
        return new ConfigProblem(SignalCatalogFile.PATH, signals.lineOfKey("/kinds/" + type + "/timing"),
                "/kinds/" + type + "/timing: " + e.getCause().getMessage());
    }

    private ConfigSnapshot bind(Map<String, YamlDocument> config, Map<String, String> templates,
                                Map<String, String> files, List<ConfigProblem> problems, List<String> notes) {
        EnrichmentProperties enrichment = bind("enrichment.yaml", config, EnrichmentProperties.class, problems);
        if (enrichment != null) {
            customFieldProblems(enrichment, config.get("enrichment.yaml"), problems);
        }
        YamlDocument signals = config.get("signals.yaml");
        problems.addAll(catalogTimingProblems(signals));
        // A kind's timing in the catalog is the default of its types.<KIND> in timing.yaml.
        TimingProperties timing = bind("timing.yaml", config, TimingProperties.class, problems,
                catalogBlocks(signals, "timing", "kairos.timing.types"));
        if (timing != null && (config.containsKey("timing.yaml") || signals != null)) {
            if (config.containsKey("timing.yaml")) {
                zoneProblems(config.get("timing.yaml"), problems);
                sendWindowProblems("config/timing.yaml", config.get("timing.yaml"), "/types", "", problems);
            }
            if (signals != null) {
                sendWindowProblems(SignalCatalogFile.PATH, signals, "/kinds", "/timing", problems);
            }
            holdoutProblems(config.get("timing.yaml"), signals, problems);
            if (problems.isEmpty()) {
                try {
                    timing.settings();
                } catch (TimingProperties.KindRulesException e) {
                    problems.add(kindRulesProblem(e, config.get("timing.yaml"), signals));
                } catch (RuntimeException e) {
                    problems.add(new ConfigProblem("config/timing.yaml", 0, e.getMessage()));
                }
            }
        }
        SignalCatalog catalog = SignalCatalogFile.read(signals, problems);
        orgProblems(signals, problems, notes);
        kindProblems(catalog, "config/timing.yaml", config.get("timing.yaml"), "/types", problems);
        kindProblems(catalog, "config/messages.yaml", config.get("messages.yaml"), "/signals", problems);
        ProactiveRules.Messages messages = messages(config.get("messages.yaml"), signals, catalog, templates,
                routeChannels(files), problems);
        return new ConfigSnapshot(enrichment, timing, messages, catalog, files);
    }

    private <T> T bind(String file, Map<String, YamlDocument> config, Class<T> type, List<ConfigProblem> problems) {
        return bind(file, config, type, problems, Map.of());
    }

    /** @param defaults properties under the file's ones (the catalog's blocks), over the environment's */
    private <T> T bind(String file, Map<String, YamlDocument> config, Class<T> type, List<ConfigProblem> problems,
                       Map<String, Object> defaults) {
        String prefix = KINDS.get(file);
        YamlDocument document = config.get(file);
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        if (document != null) {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten(prefix, document.root(), flat);
            sources.add(new MapConfigurationPropertySource(flat));
        }
        if (!defaults.isEmpty()) {
            sources.add(new MapConfigurationPropertySource(defaults));
        }
        if (environment != null) {
            ConfigurationPropertySources.get(environment).forEach(sources::add);
        }
        Binder binder = new Binder(sources, environment == null ? null
                : new PropertySourcesPlaceholdersResolver(environment), ApplicationConversionService.getSharedInstance());
        try {
            return binder.bindOrCreate(prefix, Bindable.of(type));
        } catch (BindException e) {
            String property = e.getProperty() == null ? prefix : e.getProperty().getName().toString();
            String pointer = property.length() > prefix.length()
                    ? "/" + property.substring(prefix.length() + 1).replace('.', '/').replaceAll("\\[(\\d+)]", "/$1")
                    : "";
            Throwable cause = e.getCause() != null && e.getCause().getCause() != null ? e.getCause().getCause()
                    : e.getCause();
            problems.add(new ConfigProblem("config/" + file, document == null ? 0 : document.lineOf(pointer),
                    pointer + ": " + (cause == null ? e.getMessage() : cause.getMessage())));
            return null;
        }
    }

    /** The Salesforce fields the catalog names, against the org; when it cannot be asked, one WARN and a note. */
    private void orgProblems(YamlDocument signals, List<ConfigProblem> problems, List<String> notes) {
        List<String> audienceFields = environment == null ? ProactiveProperties.DEFAULT_AUDIENCE_FIELDS
                : Binder.get(environment).bind("kairos.proactive.audience-fields", Bindable.listOf(String.class))
                .orElse(ProactiveProperties.DEFAULT_AUDIENCE_FIELDS);
        OrgFieldCheck.Result result = OrgFieldCheck.check(signals, audienceFields, org);
        problems.addAll(result.problems());
        result.skipped().ifPresent(reason -> {
            LOG.warn("{}: {}{}", SignalCatalogFile.PATH, ORG_NOT_CHECKED, reason);
            notes.add(ORG_NOT_CHECKED + reason);
        });
    }

    /** Every kind another file names (timing.yaml's types, messages.yaml's signals) is one of the catalog's. */
    private static void kindProblems(SignalCatalog catalog, String file, YamlDocument document, String pointer,
                                     List<ConfigProblem> problems) {
        if (document == null) {
            return;
        }
        document.root().at(pointer).fieldNames().forEachRemaining(name -> {
            if (catalog.kind(Signal.Type.valueOf(name)).isEmpty()) {
                problems.add(new ConfigProblem(file, document.lineOfKey(pointer + "/" + name), pointer + "/"
                        + name + ": " + name + " is not a kind of the signal catalog (config/signals.yaml): it has "
                        + catalog.names()));
            }
        });
    }

    /** Each kind's block of the catalog (e.g. its timing), flattened under {@code prefix.<KIND>}. */
    private static Map<String, Object> catalogBlocks(YamlDocument signals, String block, String prefix) {
        Map<String, Object> flat = new LinkedHashMap<>();
        if (signals != null) {
            signals.root().path("kinds").fields().forEachRemaining(kind -> {
                if (kind.getValue().has(block)) {
                    flatten(prefix + "." + kind.getKey(), kind.getValue().get(block), flat);
                }
            });
        }
        return flat;
    }

    /** A kind's timing says what timing.yaml's types.&lt;KIND&gt; may: checked against that schema, at its lines. */
    private static List<ConfigProblem> catalogTimingProblems(YamlDocument signals) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (signals == null) {
            return problems;
        }
        signals.root().path("kinds").fields().forEachRemaining(kind -> {
            if (!kind.getValue().has("timing")) {
                return;
            }
            ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
            wrapped.putObject("types").set(kind.getKey(), kind.getValue().get("timing"));
            String from = "/types/" + kind.getKey();
            String to = "/kinds/" + kind.getKey() + "/timing";
            problems.addAll(problemsOf(SignalCatalogFile.PATH, signals,
                    SCHEMAS.get("timing.yaml").validate(wrapped), pointer -> to + pointer.substring(from.length()),
                    "the timing of a kind takes the keys of config/timing.yaml's types.<KIND>"));
        });
        return problems;
    }

    /** The channels some route dispatches (each templatedRoute of outbox-to-channel names its channel). */
    private static Set<String> routeChannels(Map<String, String> files) {
        Set<String> channels = new TreeSet<>(List.of("intercom", "zendesk"));
        files.forEach((path, text) -> {
            if (path.startsWith("routes/") && text.contains("templatedRoute")) {
                Matcher channel = ROUTE_CHANNEL.matcher(text);
                while (channel.find()) {
                    channels.add(channel.group(1));
                }
                // Notes on open tickets have their own route, but no message is sent through them.
                channels.remove(Outbox.TICKET_NOTE);
            }
        });
        return channels;
    }

    private ProactiveRules.Messages messages(YamlDocument document, YamlDocument signals, SignalCatalog catalog,
                                             Map<String, String> templates, Set<String> knownChannels,
                                             List<ConfigProblem> problems) {
        String defaultChannel = environment == null ? "intercom"
                : environment.getProperty("kairos.proactive.channel", "intercom");
        Map<Signal.Type, String> channels = new LinkedHashMap<>();
        Map<Signal.Type, String> names = new LinkedHashMap<>();
        if (document != null) {
            JsonNode root = document.root();
            defaultChannel = root.path("channel").asText(defaultChannel);
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("signals").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> signal = it.next();
                Signal.Type type = Signal.Type.valueOf(signal.getKey());
                if (signal.getValue().hasNonNull("channel")) {
                    channels.put(type, signal.getValue().get("channel").asText());
                }
                if (signal.getValue().hasNonNull("template")) {
                    names.put(type, signal.getValue().get("template").asText());
                }
            }
        }
        if (signals != null) {
            // What a kind says (template, channel) may be in the catalog; messages.yaml may not say it again.
            for (Signal.Type type : catalog.types()) {
                JsonNode message = signals.root().path("kinds").path(type.name()).path("message");
                for (String key : List.of("template", "channel")) {
                    if (!message.hasNonNull(key)) {
                        continue;
                    }
                    String pointer = "/kinds/" + type.name() + "/message/" + key;
                    Map<Signal.Type, String> target = "template".equals(key) ? names : channels;
                    if (target.containsKey(type)) {
                        problems.add(new ConfigProblem(SignalCatalogFile.PATH, signals.lineOf(pointer), pointer + ": "
                                + type + "'s " + key + " is set here and in config/messages.yaml (signals." + type
                                + "." + key + "): say it once"));
                    }
                    target.put(type, message.get(key).asText());
                }
                String channel = channels.get(type);
                if (message.hasNonNull("channel") && !knownChannels.contains(channel)) {
                    problems.add(new ConfigProblem(SignalCatalogFile.PATH, signals.lineOf("/kinds/" + type.name()
                            + "/message/channel"), "/kinds/" + type.name() + "/message/channel: no route sends "
                            + "through channel '" + channel + "' (channels: " + String.join(", ", knownChannels)
                            + "; a channel is a templatedRoute of outbox-to-channel)"));
                }
            }
        }
        if (!templates.isEmpty()) {
            for (Signal.Type type : catalog.types()) {
                String name = names.getOrDefault(type, type.name().toLowerCase(Locale.ROOT));
                if (!templates.containsKey(name)) {
                    String pointer = "/signals/" + type.name() + "/template";
                    String catalogPointer = "/kinds/" + type.name() + "/message/template";
                    // Named in the catalog, in messages.yaml, or by the kind's name.
                    boolean inCatalog = signals != null && signals.root().at(catalogPointer).isTextual();
                    problems.add(new ConfigProblem(inCatalog ? SignalCatalogFile.PATH : names.containsKey(type)
                            ? "config/messages.yaml" : "templates/", inCatalog ? signals.lineOf(catalogPointer)
                            : names.containsKey(type) ? document.lineOf(pointer) : 0,
                            type + " messages use template '" + name + "', but templates/" + name
                                    + ".mustache does not exist"));
                }
            }
        }
        Map<Signal.Type, Map<String, String>> locales = new LinkedHashMap<>();
        Map<Signal.Type, String> notes = new LinkedHashMap<>();
        Map<Signal.Type, String> used = new LinkedHashMap<>();
        catalog.types().forEach(type -> used.put(type, names.getOrDefault(type,
                type.name().toLowerCase(Locale.ROOT))));
        if (signals != null) {
            for (Signal.Type type : catalog.types()) {
                JsonNode kind = signals.root().path("kinds").path(type.name());
                Map<String, String> byLanguage = localeProblems(signals, type, used.get(type), templates, problems);
                if (!byLanguage.isEmpty()) {
                    locales.put(type, byLanguage);
                }
                if (kind.path("open-tickets").path("note").isTextual()) {
                    String note = kind.path("open-tickets").path("note").asText();
                    noteProblems(signals, type, note, templates, used, problems);
                    notes.put(type, note);
                }
            }
        }
        return new ProactiveRules.Messages(defaultChannel, channels, names, locales, notes, templates);
    }

    /**
     * A kind's message.locales, language → template, each checked: a language tag as Kairos writes them (de,
     * pt-BR), a template that exists and names the same values as the kind's default template.
     */
    private static Map<String, String> localeProblems(YamlDocument signals, Signal.Type type, String template,
                                                      Map<String, String> templates, List<ConfigProblem> problems) {
        Map<String, String> byLanguage = new TreeMap<>();
        String pointer = "/kinds/" + type.name() + "/message/locales";
        signals.root().at(pointer).fields().forEachRemaining(locale -> {
            String language = locale.getKey();
            String name = locale.getValue().asText();
            String at = pointer + "/" + language;
            String normalised = MessageLanguages.normalise(language);
            if (!language.equals(normalised)) {
                problems.add(new ConfigProblem(SignalCatalogFile.PATH, signals.lineOfKey(at), at + ": '" + language
                        + "' is not a language tag as Kairos writes them (de, pt-BR)"
                        + (normalised == null ? "" : ": write " + normalised)));
            } else if (!templates.isEmpty() && !templates.containsKey(name)) {
                problems.add(new ConfigProblem(SignalCatalogFile.PATH, signals.lineOf(at), at + ": " + type
                        + "'s " + language + " template '" + name + "', but templates/" + name
                        + ".mustache does not exist"));
            } else if (templates.containsKey(name) && templates.containsKey(template)) {
                MustacheCheck.checkVariant("templates/" + name + ".mustache", templates.get(name), template,
                        templates.get(template)).forEach(problem -> problems.add(new ConfigProblem(
                        SignalCatalogFile.PATH, signals.lineOf(at), at + ": templates/" + name + ".mustache, the "
                        + language + " " + problem.message())));
            }
            byLanguage.put(language, name);
        });
        return byLanguage;
    }

    /** A kind's open-tickets.note: a template that exists and is no kind's message (a note says more). */
    private static void noteProblems(YamlDocument signals, Signal.Type type, String note,
                                     Map<String, String> templates, Map<Signal.Type, String> messageTemplates,
                                     List<ConfigProblem> problems) {
        String at = "/kinds/" + type.name() + "/open-tickets/note";
        if (!templates.isEmpty() && !templates.containsKey(note)) {
            problems.add(new ConfigProblem(SignalCatalogFile.PATH, signals.lineOf(at), at + ": " + type
                    + "'s note on an open ticket uses template '" + note + "', but templates/" + note
                    + ".mustache does not exist"));
        }
        messageTemplates.forEach((kind, template) -> {
            if (template.equals(note)) {
                problems.add(new ConfigProblem(SignalCatalogFile.PATH, signals.lineOf(at), at + ": '" + note
                        + "' is " + kind + "'s message template: a note may say what a message cannot (signalType, "
                        + "recordId, ticketId, email), so it needs a template of its own"));
            }
        });
    }

    /**
     * Each template names only values Kairos gives it: a message's, or a note's (plus signalType, recordId, ticketId,
     * email) for the default note and those the catalog names as a kind's open-tickets.note. A template no kind
     * uses may name any of them (e.g. a note of a catalog not applied): its use is checked once a kind names it. A
     * language variant (known_issue.de) is checked as its template.
     */
    private static List<ConfigProblem> templateProblems(Map<String, String> templates, YamlDocument messages,
                                                        YamlDocument signals) {
        Set<String> notes = new TreeSet<>(List.of(MessageTemplates.NOTE_TEMPLATE));
        Set<String> used = new TreeSet<>();
        List<String> kinds = new ArrayList<>();
        if (signals != null) {
            signals.root().path("kinds").fields().forEachRemaining(kind -> {
                kinds.add(kind.getKey());
                JsonNode note = kind.getValue().path("open-tickets").path("note");
                if (note.isTextual()) {
                    notes.add(note.asText());
                }
                JsonNode message = kind.getValue().path("message");
                if (message.path("template").isTextual()) {
                    used.add(message.path("template").asText());
                }
                message.path("locales").elements().forEachRemaining(locale -> used.add(locale.asText()));
            });
        } else {
            SignalCatalog.BUILT_IN.types().forEach(type -> kinds.add(type.name()));
        }
        for (String kind : kinds) {
            JsonNode named = messages == null ? null : messages.root().path("signals").path(kind).path("template");
            boolean catalogNames = signals != null
                    && signals.root().path("kinds").path(kind).path("message").path("template").isTextual();
            if (named != null && named.isTextual()) {
                used.add(named.asText());
            } else if (!catalogNames) {
                used.add(kind.toLowerCase(Locale.ROOT));
            }
        }
        List<ConfigProblem> problems = new ArrayList<>();
        templates.forEach((name, text) -> {
            String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            problems.addAll(MustacheCheck.check("templates/" + name + ".mustache", text,
                    used.contains(base) && !notes.contains(base) ? MessageTemplates.TEMPLATE_VARIABLES
                            : MessageTemplates.NOTE_VARIABLES));
        });
        return problems;
    }

    /**
     * Each language variant (templates/&lt;template&gt;.&lt;language&gt;.mustache) names a language tag, has its
     * template, and uses the same variables.
     */
    private static List<ConfigProblem> variantProblems(Map<String, String> templates) {
        List<ConfigProblem> problems = new ArrayList<>();
        templates.forEach((name, text) -> {
            int dot = name.indexOf('.');
            if (dot < 0) {
                return;
            }
            String file = "templates/" + name + ".mustache";
            String base = name.substring(0, dot);
            String language = name.substring(dot + 1);
            if (!language.equals(MessageLanguages.normalise(language))) {
                problems.add(new ConfigProblem(file, 0, "'" + language + "' is not a language tag as Kairos writes "
                        + "them (de, pt-BR): name the file " + base + "."
                        + (MessageLanguages.normalise(language) == null ? "<language>"
                        : MessageLanguages.normalise(language)) + ".mustache"));
            } else if (!templates.containsKey(base)) {
                problems.add(new ConfigProblem(file, 0, "a language variant of " + base + ", but templates/" + base
                        + ".mustache (the default language) does not exist"));
            } else {
                problems.addAll(MustacheCheck.checkVariant(file, text, base, templates.get(base)));
            }
        });
        return problems;
    }

    /** What the schema cannot say about a mapping: that it writes somewhere. */
    private static List<ConfigProblem> mappingProblems(String path, YamlDocument enrichment) {
        List<ConfigProblem> problems = new ArrayList<>();
        JsonNode mappings = enrichment.root().path("mappings");
        for (int i = 0; i < mappings.size(); i++) {
            JsonNode mapping = mappings.get(i);
            if (!mapping.has("custom-field") && !mapping.has("tag")) {
                problems.add(new ConfigProblem(path, enrichment.lineOf("/mappings/" + i), "/mappings/" + i + ": "
                        + mapping.path("salesforce").asText() + " is mapped to nothing: give it a custom-field, a "
                        + "tag, or both"));
            }
        }
        return problems;
    }

    /**
     * No two mappings, nor a mapping and a custom-fields entry (from the file or a property), fill the same Zendesk
     * field: one would silently overwrite the other.
     */
    private static void customFieldProblems(EnrichmentProperties enrichment, YamlDocument document,
                                            List<ConfigProblem> problems) {
        Map<Long, String> filledBy = new LinkedHashMap<>();
        new TreeMap<>(enrichment.customFields()).forEach((attribute, id) ->
                filledBy.putIfAbsent(id, "custom-fields." + attribute));
        for (int i = 0; i < enrichment.mappings().size(); i++) {
            FieldMapping mapping = enrichment.mappings().get(i);
            if (mapping.customField() == null) {
                continue;
            }
            String earlier = filledBy.putIfAbsent(mapping.customField(), "mappings/" + i + " ("
                    + mapping.salesforce() + ")");
            if (earlier != null) {
                String at = "/mappings/" + i + "/custom-field";
                problems.add(new ConfigProblem("config/enrichment.yaml", document == null ? 0 : document.lineOf(at),
                        at + ": Zendesk field " + mapping.customField() + " is already filled by " + earlier));
            }
        }
    }

    /** What the schema cannot say about a kind's send window: that it opens for some time (from differs from to). */
    private static void sendWindowProblems(String file, YamlDocument document, String kinds, String timing,
                                           List<ConfigProblem> problems) {
        document.root().at(kinds).fieldNames().forEachRemaining(kind -> {
            String pointer = kinds + "/" + kind + timing + "/send-window";
            JsonNode window = document.root().at(pointer);
            if (window.path("from").isTextual() && window.path("from").asText().equals(window.path("to").asText())) {
                problems.add(new ConfigProblem(file, document.lineOf(pointer + "/to"), pointer + ": from and to are "
                        + "both " + window.path("to").asText() + ", so the window never opens: give it some hours, or "
                        + "leave send-window out to allow every hour"));
            }
        });
    }

    /**
     * What the schema cannot say about a kind's control group: a share above 50 %, or a holdout on an obligatory kind,
     * each key taken from timing.yaml's types.&lt;KIND&gt; over the catalog kind's timing as when they are bound.
     */
    private static void holdoutProblems(YamlDocument timing, YamlDocument signals, List<ConfigProblem> problems) {
        Set<String> kinds = new TreeSet<>();
        if (timing != null) {
            timing.root().path("types").fieldNames().forEachRemaining(kinds::add);
        }
        if (signals != null) {
            signals.root().path("kinds").fieldNames().forEachRemaining(kinds::add);
        }
        for (String kind : kinds) {
            KindKey experiment = KindKey.find(kind, "send-time-holdout", timing, signals);
            if (experiment != null && experiment.value().isTextual() && aboveMax(experiment.value().asText())) {
                problems.add(experiment.problem("send-time-holdout " + experiment.value().asText().trim()
                        + " is above " + Holdout.MAX_PERCENT + " %: at most half of the contacts send-time applies "
                        + "to may be sent at once"));
            }
            KindKey holdout = KindKey.find(kind, "holdout", timing, signals);
            if (holdout == null || !holdout.value().isTextual()) {
                continue;
            }
            BigDecimal share;
            try {
                share = Holdout.parseShare(holdout.value().asText());
            } catch (IllegalArgumentException malformed) {
                continue; // the schema's pattern reports it
            }
            if (share.movePointRight(2).compareTo(BigDecimal.valueOf(Holdout.MAX_PERCENT)) > 0) {
                problems.add(holdout.problem("holdout " + holdout.value().asText().trim() + " is above "
                        + Holdout.MAX_PERCENT + " %: at most half of a kind's eligible contacts may be held out"));
                continue;
            }
            KindKey obligatory = KindKey.find(kind, "obligatory", timing, signals);
            if (share.signum() > 0 && obligatory != null && obligatory.value().asBoolean(false)) {
                problems.add(holdout.problem(kind + " is obligatory (" + obligatory.file() + " line "
                        + obligatory.line() + "): it reaches every eligible contact, so it takes no holdout; drop "
                        + "one of the two"));
            }
        }
    }

    /** A well-formed share above the maximum; a malformed one is the schema's to report. */
    private static boolean aboveMax(String text) {
        try {
            return Holdout.parseShare(text).movePointRight(2).compareTo(BigDecimal.valueOf(Holdout.MAX_PERCENT)) > 0;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** One key of a kind's timing, where the binding takes it from: timing.yaml's types over the catalog's block. */
    private record KindKey(String file, YamlDocument document, String pointer, JsonNode value) {

        static KindKey find(String kind, String key, YamlDocument timing, YamlDocument signals) {
            String inTiming = "/types/" + kind + "/" + key;
            if (timing != null && !timing.root().at(inTiming).isMissingNode()) {
                return new KindKey("config/timing.yaml", timing, inTiming, timing.root().at(inTiming));
            }
            String inCatalog = "/kinds/" + kind + "/timing/" + key;
            if (signals != null && !signals.root().at(inCatalog).isMissingNode()) {
                return new KindKey(SignalCatalogFile.PATH, signals, inCatalog, signals.root().at(inCatalog));
            }
            return null;
        }

        int line() {
            return document.lineOf(pointer);
        }

        ConfigProblem problem(String what) {
            return new ConfigProblem(file, line(), pointer + ": " + what);
        }
    }

    private static void zoneProblems(YamlDocument timing, List<ConfigProblem> problems) {
        List<String> pointers = new ArrayList<>(List.of("/default-zone"));
        timing.root().path("types").fieldNames().forEachRemaining(t -> pointers.add("/types/" + t + "/default-zone"));
        for (String pointer : pointers) {
            JsonNode zone = timing.root().at(pointer);
            if (zone.isTextual()) {
                try {
                    ZoneId.of(zone.asText());
                } catch (DateTimeException e) {
                    problems.add(new ConfigProblem("config/timing.yaml", timing.lineOf(pointer), pointer
                            + ": unknown time zone '" + zone.asText() + "'"));
                }
            }
        }
    }

    private static List<ConfigProblem> schemaProblems(String path, String name, YamlDocument document) {
        return problemsOf(path, document, SCHEMAS.get(name).validate(document.root()), UnaryOperator.identity(),
                "the schema does not allow it");
    }

    /**
     * Schema messages as problems at the document's lines, in pointer order; {@code relocate} maps a message's
     * pointer into the document (a catalog kind's timing is checked as timing.yaml's types.&lt;KIND&gt;).
     */
    private static List<ConfigProblem> problemsOf(String path, YamlDocument document,
                                                  Collection<ValidationMessage> found, UnaryOperator<String> relocate,
                                                  String whyUnknown) {
        List<ValidationMessage> messages = new ArrayList<>(found);
        messages.sort(Comparator.comparing(message -> message.getInstanceLocation().toString()));
        List<ConfigProblem> problems = new ArrayList<>();
        for (ValidationMessage message : messages) {
            String at = message.getInstanceLocation().toString();
            String pointer = relocate.apply(at);
            boolean unknown = message.getProperty() != null && ("additionalProperties".equals(message.getType())
                    || "unevaluatedProperties".equals(message.getType()));
            if (unknown) {
                problems.add(new ConfigProblem(path, document.lineOfKey(pointer + "/" + message.getProperty()),
                        "unknown field '" + message.getProperty() + "'" + (pointer.isEmpty() ? "" : " in " + pointer)
                                + ": " + whyUnknown));
            } else {
                problems.add(new ConfigProblem(path, document.lineOf(pointer), explained(pointer, message)
                        .orElse(at.equals(pointer) ? message.getMessage() : message.getMessage().replace(at, pointer))));
            }
        }
        return problems;
    }

    /** A pattern failure said in words where Kairos has them (a regex means nothing to ops), with the value. */
    private static Optional<String> explained(String pointer, ValidationMessage message) {
        if (!"pattern".equals(message.getType()) || message.getInstanceNode() == null
                || !message.getInstanceNode().isTextual()) {
            return Optional.empty();
        }
        String value = message.getInstanceNode().asText();
        if (pointer.matches(".*/(delay|expires-after|dedup-window|window)")) {
            return Optional.of(pointer + ": '" + value + "' is not a duration: a whole number with ms, s, m, h or d "
                    + "(e.g. 1d, 36h), not negative");
        }
        if (pointer.endsWith("/holdout") || pointer.endsWith("/send-time-holdout")) {
            return Optional.of(pointer + ": '" + value + "' is not a share: a percentage such as 10% (at most "
                    + Holdout.MAX_PERCENT + " %)");
        }
        Optional<String> why = pointer.matches("/mappings/\\d+/salesforce") ? FieldMapping.fieldProblem(value)
                : pointer.matches("/mappings/\\d+/tag") ? FieldMapping.tagProblem(value) : Optional.empty();
        return why.map(text -> pointer + ": " + text);
    }

    private static List<ConfigProblem> routeProblems(String path, String name, YamlDocument document) {
        List<ConfigProblem> problems = new ArrayList<>();
        String id = name.substring(0, name.length() - ".camel.yaml".length());
        JsonNode root = document.root();
        if (!root.isArray() || root.isEmpty()) {
            problems.add(new ConfigProblem(path, 1, "a route file is a YAML list holding one route"));
            return problems;
        }
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            if (item.has("templatedRoute")) {
                problems.addAll(templatedRouteProblems(path, id, document, i, item.get("templatedRoute")));
                continue;
            }
            String kind = Stream.of("route", "routeConfiguration", "routeTemplate").filter(item::has).findFirst()
                    .orElse(null);
            if (kind == null) {
                continue;
            }
            JsonNode definition = item.get(kind);
            String at = "/" + i + "/" + kind;
            if (!id.equals(definition.path("id").asText())) {
                problems.add(new ConfigProblem(path, document.lineOf(at + "/id"), "the id must be the file name, '"
                        + id + "'"));
            }
            if (definition.path("description").asText("").isBlank()) {
                problems.add(new ConfigProblem(path, document.lineOf(at), "the route needs a description"));
            }
        }
        return problems;
    }

    /** A channel's route made from a template: its routeId is the file name, and a description parameter says what. */
    private static List<ConfigProblem> templatedRouteProblems(String path, String id, YamlDocument document, int i,
                                                              JsonNode definition) {
        List<ConfigProblem> problems = new ArrayList<>();
        String at = "/" + i + "/templatedRoute";
        if (!id.equals(definition.path("routeId").asText())) {
            problems.add(new ConfigProblem(path, document.lineOf(at + "/routeId"), "the routeId must be the file name, '"
                    + id + "'"));
        }
        boolean described = false;
        for (JsonNode parameter : definition.path("parameters")) {
            described |= "description".equals(parameter.path("name").asText())
                    && !parameter.path("value").asText("").isBlank();
        }
        if (!described) {
            problems.add(new ConfigProblem(path, document.lineOf(at), "the route needs a description parameter"));
        }
        return problems;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> flat) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix + "." + e.getKey(), e.getValue(), flat));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), flat);
            }
        } else if (!node.isNull()) {
            flat.put(prefix, node.asText());
        }
    }

    private static Map<String, JsonSchema> loadSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true).build();
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        for (String file : KINDS.keySet()) {
            String schema = "/config-schemas/" + file.replace(".yaml", ".schema.json");
            try (InputStream in = ConfigValidator.class.getResourceAsStream(schema)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + schema);
                }
                schemas.put(file, factory.getSchema(in, config));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schemas;
    }

    /** For the templates an unchanged config refers to; exposed for the change log. */
    static Collection<String> kinds() {
        return KINDS.keySet();
    }
}
