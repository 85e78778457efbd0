package io.kairos.enrichment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a ticket is about, in keys a signal can be matched against: the orders at risk and the known issues Kairos
 * put on the ticket. A signal about the same order (ORDER_DELAY with that Order id) or the same known issue
 * (KNOWN_ISSUE with that record id or name; without a record, its product) is "about" the ticket. Outages and
 * announcements name no record a ticket carries, so they never match.
 */
public final class TicketTopics {

    private TicketTopics() {
    }

    /** The topics of a ticket enriched with these orders at risk and known issues. */
    public static List<String> ofTicket(List<CustomerContext.Order> ordersAtRisk,
                                        List<CustomerContext.KnownIssue> knownIssues) {
        Set<String> topics = new LinkedHashSet<>();
        for (CustomerContext.Order order : ordersAtRisk) {
            add(topics, "ORDER_DELAY:", order.id(), false);
        }
        for (CustomerContext.KnownIssue issue : knownIssues) {
            add(topics, "KNOWN_ISSUE_ID:", issue.id(), false);
            add(topics, "KNOWN_ISSUE_NAME:", issue.name(), true);
            add(topics, "KNOWN_ISSUE_PRODUCT:", issue.product(), true);
        }
        return new ArrayList<>(topics);
    }

    /**
     * The topics a signal of this type matches; none for types no ticket topic can name.
     *
     * @param type a signal type name (ORDER_DELAY, KNOWN_ISSUE, OUTAGE, ANNOUNCEMENT)
     */
    public static List<String> ofSignal(String type, String recordId, String product) {
        Set<String> topics = new LinkedHashSet<>();
        if ("ORDER_DELAY".equals(type)) {
            add(topics, "ORDER_DELAY:", recordId, false);
        } else if ("KNOWN_ISSUE".equals(type)) {
            // A signal's record may be the known issue's Salesforce id or its name (KI-0042): match either.
            add(topics, "KNOWN_ISSUE_ID:", recordId, false);
            add(topics, "KNOWN_ISSUE_NAME:", recordId, true);
            if (topics.isEmpty()) {
                add(topics, "KNOWN_ISSUE_PRODUCT:", product, true);
            }
        }
        return new ArrayList<>(topics);
    }

    /** Salesforce ids are case-sensitive; names and products are typed by people, so those compare loosely. */
    private static void add(Set<String> topics, String prefix, String value, boolean loose) {
        if (value == null || value.isBlank()) {
            return;
        }
        String key = loose ? value.trim().toLowerCase(Locale.ROOT) : value.trim();
        if (key.length() <= 300 - prefix.length()) {
            topics.add(prefix + key);
        }
    }
}
