package io.kairos.proactive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a helpdesk ticket about a signal carries: a tag from {@link #tags} or a phrase from {@link #phrases}. Built
 * from the configured templates, the signal and its audience (an order delay's order number is a recipient variable).
 */
public record OpenTicketTerms(List<String> phrases, List<String> tags) {

    /** Each phrase is one search: Zendesk ANDs the words of a query, so phrases cannot share one. */
    static final int MAX_PHRASES = 3;
    /** All tags go in one search ({@code tags:a tags:b} matches either); this keeps its query short. */
    static final int MAX_TAGS = 20;
    private static final int MAX_LENGTH = 200;

    public OpenTicketTerms {
        phrases = List.copyOf(phrases);
        tags = List.copyOf(tags);
    }

    public boolean isEmpty() {
        return phrases.isEmpty() && tags.isEmpty();
    }

    /**
     * The terms of a signal. A known issue without a record is searched by its product, as its own links match it.
     *
     * @param recipients recipients of the signal seen so far (the order number of an order delay is theirs)
     */
    public static OpenTicketTerms of(Signal signal, Collection<Recipient> recipients, OpenTicketProperties settings) {
        List<String> orderNumbers = Signal.Type.ORDER_DELAY.equals(signal.type())
                ? recipients.stream().map(r -> r.variables().get("orderNumber")).filter(Objects::nonNull)
                        .map(String::trim).filter(s -> !s.isEmpty()).distinct().limit(MAX_PHRASES).toList()
                : List.of();
        List<String> phraseTemplates = new ArrayList<>(settings.terms().getOrDefault(signal.type(), List.of()));
        if (Signal.Type.KNOWN_ISSUE.equals(signal.type()) && blank(signal.recordId())) {
            phraseTemplates.add("{product}");
        }
        Set<String> phrases = new LinkedHashSet<>();
        for (String template : phraseTemplates) {
            expand(template, signal, orderNumbers).stream().map(OpenTicketTerms::phrase)
                    .filter(p -> !p.isEmpty()).forEach(phrases::add);
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String template : settings.tags().getOrDefault(signal.type(), List.of())) {
            expand(template, signal, orderNumbers).stream().map(OpenTicketTerms::tag)
                    .filter(t -> !t.isEmpty()).forEach(tags::add);
        }
        return new OpenTicketTerms(phrases.stream().limit(MAX_PHRASES).toList(),
                tags.stream().limit(MAX_TAGS).toList());
    }

    /** The template once per value of its placeholder; nothing when a placeholder has no value. */
    private static List<String> expand(String template, Signal signal, List<String> orderNumbers) {
        if (template == null || template.isBlank()) {
            return List.of();
        }
        String text = template.trim();
        if (text.contains("{record}")) {
            if (blank(signal.recordId())) {
                return List.of();
            }
            text = text.replace("{record}", signal.recordId().trim());
        }
        if (text.contains("{product}")) {
            if (blank(signal.product())) {
                return List.of();
            }
            text = text.replace("{product}", signal.product().trim());
        }
        if (text.contains("{orderNumber}")) {
            String withOrders = text;
            return orderNumbers.stream().map(n -> withOrders.replace("{orderNumber}", n)).toList();
        }
        return List.of(text);
    }

    /** A quoted phrase cannot hold a quote; whitespace is collapsed. */
    static String phrase(String text) {
        String cleaned = text.replace('"', ' ').replaceAll("\\s+", " ").trim();
        return cleaned.length() > MAX_LENGTH ? cleaned.substring(0, MAX_LENGTH) : cleaned;
    }

    /** Zendesk stores tags lower-case, with spaces turned into underscores; other separators are dropped. */
    static String tag(String text) {
        String slug = text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_")
                .replaceAll("[^\\p{L}\\p{N}_\\-:./]", "");
        return slug.length() > MAX_LENGTH ? slug.substring(0, MAX_LENGTH) : slug;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
