package io.kairos.proactive;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which language each recipient's message is written in. The wanted language is the first known of: the Contact's
 * language field, the locale of the contact's helpdesk user, the Account's language field; the message then uses
 * the template's variant in that language ({@code known_issue.de.mustache}, or {@code pt} for {@code pt-BR}), else
 * the default template, which is written in {@code kairos.proactive.default-language}. The catalog's
 * {@code message.locales} name a kind's template for a language instead of the file name. A wanted language
 * without a variant is a fallback, said in the ledger.
 */
@Component
public class MessageLanguages {

    /** Recipient variables Kairos fills while planning: the language used, why, and whether it fell back. */
    public static final String LANGUAGE = "language";
    public static final String LANGUAGE_NOTE = "languageNote";
    public static final String LANGUAGE_FALLBACK = "languageFallback";

    /** Recipient variables the audience fills when the org keeps such fields. */
    public static final String CONTACT_LANGUAGE = "contactLanguage";
    public static final String ACCOUNT_LANGUAGE = "accountLanguage";

    private final UserLocales userLocales;
    private final ProactiveRules rules;
    private final String defaultLanguage;

    public MessageLanguages(UserLocales userLocales, ProactiveRules rules,
                            @Value("${kairos.proactive.default-language:en}") String defaultLanguage) {
        this.userLocales = userLocales;
        this.rules = rules;
        String normalised = normalise(defaultLanguage);
        this.defaultLanguage = normalised == null ? "en" : normalised;
    }

    /** What one recipient's message is written in, and the sentence that says why. */
    public record Choice(String language, String note, boolean fallback) { }

    /** The page's recipients with their language chosen for this signal's template (one store query per page). */
    public List<Recipient> assign(Signal signal, List<Recipient> page) {
        String template = rules.templateFor(signal.type());
        Set<String> variants = rules.variantsOf(signal.type()).keySet();
        Map<String, String> helpdesk = userLocales.of(page.stream().map(Recipient::email).toList());
        List<Recipient> assigned = new ArrayList<>(page.size());
        for (Recipient r : page) {
            Choice choice = choose(r.variables().get(CONTACT_LANGUAGE),
                    r.email() == null ? null : helpdesk.get(r.email().strip().toLowerCase(Locale.ROOT)),
                    r.variables().get(ACCOUNT_LANGUAGE), defaultLanguage, template, variants);
            Map<String, String> variables = new LinkedHashMap<>(r.variables());
            variables.put(LANGUAGE, choice.language());
            variables.put(LANGUAGE_NOTE, choice.note());
            if (choice.fallback()) {
                variables.put(LANGUAGE_FALLBACK, "true");
            }
            assigned.add(new Recipient(r.contactId(), r.email(), r.name(), r.timeZone(), r.optedOutOfEmail(),
                    variables));
        }
        return assigned;
    }

    /**
     * The language of one message: the first known of the contact's, the helpdesk user's and the account's
     * language, matched against the template's variants (the exact tag, then its language alone).
     */
    static Choice choose(String contact, String helpdesk, String account, String defaultLanguage, String template,
                         Set<String> variants) {
        String[][] candidates = {{normalise(contact), "the contact's language"},
                {normalise(helpdesk), "the helpdesk user's locale"}, {normalise(account), "the account's language"}};
        for (String[] candidate : candidates) {
            String wanted = candidate[0];
            if (wanted == null) {
                continue;
            }
            String primary = primary(wanted);
            if (variants.contains(wanted)) {
                return new Choice(wanted, "in " + wanted + ", " + candidate[1], false);
            }
            if (variants.contains(primary)) {
                return new Choice(primary, "in " + primary + ", " + candidate[1] + " " + wanted, false);
            }
            if (primary.equals(primary(defaultLanguage))) {
                return new Choice(defaultLanguage, "in " + defaultLanguage + ", " + candidate[1] + " " + wanted,
                        false);
            }
            return new Choice(defaultLanguage, "in " + defaultLanguage + " (fallback): " + candidate[1] + " is "
                    + wanted + ", and templates/" + template + " has no " + primary + " variant", true);
        }
        return new Choice(defaultLanguage, "in " + defaultLanguage + ", the default: no language known for the "
                + "contact", false);
    }

    /** A language tag as Kairos compares them ({@code pt_br} → {@code pt-BR}), or null when there is none. */
    public static String normalise(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag.strip().replace('_', '-')).build();
            String normalised = locale.toLanguageTag();
            return normalised.isEmpty() || "und".equals(normalised) ? null : normalised;
        } catch (IllformedLocaleException notATag) {
            return null;
        }
    }

    private static String primary(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }
}
