package io.kairos.proactive;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Kairos looks in the helpdesk for open tickets about a signal that it never enriched (README "The open-ticket
 * rule"). Tags and terms are templates: {@code {record}} is the signal's record, {@code {orderNumber}} the order
 * number of an order delay, {@code {product}} the signal's product; a template whose value is blank is left out.
 *
 * @param search      off: only the tickets Kairos enriched hold messages back
 * @param tags        per signal type, tags an agent (or a macro) puts on a ticket about the signal
 * @param terms       per signal type, phrases a ticket about the signal mentions (subject, description, comments)
 * @param pageSize    tickets per page of a search or of a problem's incidents (Zendesk allows up to 100)
 * @param maxTickets  tickets read per signal at most, over all searches and incident lists; reaching it is logged
 * @param maxProblems problem tickets found by the searches whose incidents are listed
 * @param timeout     how long one helpdesk request may take before the lookup gives up for the signal
 * @param cacheFor    how long a signal's lookup is reused, e.g. by the later pages of its audience
 */
@ConfigurationProperties("kairos.open-tickets")
public record OpenTicketProperties(
        @DefaultValue("true") boolean search,
        Map<Signal.Type, List<String>> tags,
        Map<Signal.Type, List<String>> terms,
        @DefaultValue("100") int pageSize,
        @DefaultValue("2000") int maxTickets,
        @DefaultValue("3") int maxProblems,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("10m") Duration cacheFor) {

    public OpenTicketProperties {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        terms = terms == null ? Map.of() : Map.copyOf(terms);
        pageSize = Math.max(1, Math.min(100, pageSize));
        maxTickets = Math.max(1, maxTickets);
        maxProblems = Math.max(0, maxProblems);
    }

    /** These settings with a kind's own tags and terms (from the signal catalog) in place of the properties'. */
    public OpenTicketProperties withKind(Signal.Type type, SignalKind.TicketHints hints) {
        Map<Signal.Type, List<String>> kindTags = new java.util.HashMap<>(tags);
        Map<Signal.Type, List<String>> kindTerms = new java.util.HashMap<>(terms);
        kindTags.put(type, hints.tags());
        kindTerms.put(type, hints.terms());
        return new OpenTicketProperties(search, kindTags, kindTerms, pageSize, maxTickets, maxProblems, timeout,
                cacheFor);
    }

    /** The defaults of application.yaml, for tests and tools that run without Spring. */
    public static OpenTicketProperties defaults() {
        return new OpenTicketProperties(true,
                Map.of(Signal.Type.ORDER_DELAY, List.of("order_{orderNumber}"),
                        Signal.Type.KNOWN_ISSUE, List.of("{record}")),
                Map.of(Signal.Type.ORDER_DELAY, List.of("{orderNumber}"),
                        Signal.Type.KNOWN_ISSUE, List.of("{record}")),
                100, 2000, 3, Duration.ofSeconds(10), Duration.ofMinutes(10));
    }
}
