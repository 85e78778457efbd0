package io.kairos.proactive;

import io.kairos.timing.TimingPolicy;
import io.kairos.timing.TimingPolicySettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The proactive rules in force: the timing policy, and each signal type's channel and template with the template
 * texts. They start from the {@code kairos.timing} and {@code kairos.proactive} properties and the files in
 * templates/, and are replaced whole when checked configuration files are applied.
 */
@Component("proactiveRules")
public class ProactiveRules {

    private final Clock clock;
    private volatile Timing timing;
    private volatile Messages messages;
    private volatile SignalCatalog catalog = SignalCatalog.BUILT_IN;
    private final List<Consumer<SignalCatalog>> catalogListeners = new CopyOnWriteArrayList<>();

    @Autowired
    public ProactiveRules(TimingProperties timing, ProactiveProperties proactive, Clock clock) {
        this(timing.settings(), Messages.of(proactive.channel(), Map.of(), Map.of(), Map.of()), clock);
    }

    public ProactiveRules(TimingPolicySettings timing, Messages messages, Clock clock) {
        this.clock = clock;
        replaceTiming(timing);
        replaceMessages(messages);
    }

    public TimingPolicy policy() {
        return timing.policy();
    }

    /** How far back a contact's history matters to the caps and dedup windows of any type. */
    public Duration lookback() {
        return timing.lookback();
    }

    public TimingPolicySettings timingSettings() {
        return timing.settings();
    }

    public Messages messages() {
        return messages;
    }

    /** The signal kinds in force (config/signals.yaml, else the four Kairos ships). */
    public SignalCatalog catalog() {
        return catalog;
    }

    public void replaceCatalog(SignalCatalog replacement) {
        this.catalog = Objects.requireNonNull(replacement, "catalog");
        catalogListeners.forEach(listener -> listener.accept(replacement));
    }

    /** Called with each catalog applied from now on (the Salesforce subscriptions follow its change-event channels). */
    public void onCatalog(Consumer<SignalCatalog> listener) {
        catalogListeners.add(listener);
    }

    /** The channel this signal type's messages go through: {@code intercom} or {@code zendesk}. */
    public String channelFor(Signal.Type type) {
        return messages.channels().getOrDefault(type, messages.defaultChannel());
    }

    /** Whether any signal type's messages go through this channel. */
    public boolean usesChannel(String channel) {
        return messages.defaultChannel().equals(channel) || messages.channels().containsValue(channel);
    }

    /** The template this signal type's messages use: a file templates/&lt;name&gt;.mustache. */
    public String templateFor(Signal.Type type) {
        return messages.templates().getOrDefault(type, type.name().toLowerCase(Locale.ROOT));
    }

    /**
     * The languages a template has variants in: templates/&lt;name&gt;.&lt;language&gt;.mustache (e.g. {@code de},
     * {@code pt-BR}); the template itself is in the default language.
     */
    public Set<String> languagesOf(String template) {
        Set<String> languages = new TreeSet<>();
        String prefix = template + ".";
        messages.texts().keySet().stream().filter(name -> name.startsWith(prefix))
                .map(name -> name.substring(prefix.length())).filter(tag -> !tag.contains("."))
                .forEach(languages::add);
        return languages;
    }

    /**
     * The languages a kind's messages have a template in besides the default, each with that template: the
     * variants of {@link #templateFor} (templates/&lt;name&gt;.&lt;language&gt;.mustache), overridden language by
     * language by the catalog's {@code message.locales}.
     */
    public Map<String, String> variantsOf(Signal.Type type) {
        String template = templateFor(type);
        Map<String, String> variants = new TreeMap<>();
        languagesOf(template).forEach(language -> variants.put(language, template + "." + language));
        variants.putAll(messages.locales().getOrDefault(type, Map.of()));
        return variants;
    }

    /** The template of a kind's message in this language; the default one when it has none in it (or null). */
    public String templateFor(Signal.Type type, String language) {
        String template = language == null ? null : variantsOf(type).get(language);
        return template == null ? templateFor(type) : template;
    }

    /**
     * The template of the internal note that replaces a held-back message of this kind on the contact's open
     * ticket: the catalog's {@code open-tickets.note}, else {@link MessageTemplates#NOTE_TEMPLATE}; its variant in
     * this language when there is one.
     */
    public String noteTemplateFor(Signal.Type type, String language) {
        String note = messages.notes().getOrDefault(type, MessageTemplates.NOTE_TEMPLATE);
        return language != null && languagesOf(note).contains(language) ? note + "." + language : note;
    }

    /** The checked text of a template, or null when it was not loaded (then the file itself is read). */
    public String templateText(String name) {
        return messages.texts().get(name);
    }

    public void replaceTiming(TimingPolicySettings settings) {
        this.timing = new Timing(settings, new TimingPolicy(settings, clock), settings.lookback());
    }

    public void replaceMessages(Messages replacement) {
        this.messages = Objects.requireNonNull(replacement, "messages");
    }

    private record Timing(TimingPolicySettings settings, TimingPolicy policy, Duration lookback) { }

    /**
     * Channels and templates of the signal types.
     *
     * @param channels  per signal type, when it differs from {@code defaultChannel}
     * @param templates per signal type, when it is not the type's name in lower case
     * @param locales   per signal type, language → template, where the catalog names one (message.locales)
     * @param notes     per signal type, the template of its note on an open ticket (open-tickets.note)
     * @param texts     template name → checked Mustache text
     */
    public record Messages(String defaultChannel, Map<Signal.Type, String> channels,
                           Map<Signal.Type, String> templates, Map<Signal.Type, Map<String, String>> locales,
                           Map<Signal.Type, String> notes, Map<String, String> texts) {

        public Messages {
            Objects.requireNonNull(defaultChannel, "defaultChannel");
            channels = copy(channels);
            templates = copy(templates);
            Map<Signal.Type, Map<String, String>> byType = new java.util.LinkedHashMap<>();
            locales.forEach((type, byLanguage) -> byType.put(type, Map.copyOf(byLanguage)));
            locales = java.util.Collections.unmodifiableMap(byType);
            notes = copy(notes);
            texts = Map.copyOf(texts);
        }

        /** Without locales or note templates. */
        public static Messages of(String defaultChannel, Map<Signal.Type, String> channels,
                                  Map<Signal.Type, String> templates, Map<String, String> texts) {
            return new Messages(defaultChannel, channels, templates, Map.of(), Map.of(), texts);
        }

        private static Map<Signal.Type, String> copy(Map<Signal.Type, String> map) {
            return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
        }
    }
}
