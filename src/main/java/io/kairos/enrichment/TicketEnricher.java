package io.kairos.enrichment;

import io.kairos.ledger.LedgerEntry;
import io.kairos.timing.UtcText;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns a customer's context and what Kairos already told them into a note an agent reads in five seconds. */
public class TicketEnricher {


    private final EnrichmentProperties properties;
    private final Clock clock;

    public TicketEnricher(EnrichmentProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** The enrichment for a requester Salesforce knows. */
    public TicketEnrichment enrich(long ticketId, CustomerContext customer, List<LedgerEntry> alreadyTold) {
        List<CustomerContext.Order> atRisk = ordersAtRisk(customer.orders());
        List<CustomerContext.KnownIssue> issues = customer.knownIssues();

        StringBuilder note = new StringBuilder("Kairos · Salesforce context\n");
        note.append("Who: ").append(orDash(customer.name())).append(" <").append(customer.email()).append(">")
                .append(" · ").append(orDash(customer.accountName()))
                .append(" · Tier: ").append(orDash(customer.tier()))
                .append(" · Owner: ").append(orDash(customer.ownerName())).append('\n');
        note.append("Orders at risk: ").append(atRisk.isEmpty() ? "none" : atRisk.stream()
                .map(this::describe).collect(Collectors.joining("; "))).append('\n');
        note.append("Known issue: ").append(issues.isEmpty() ? "none" : issues.stream()
                .map(this::describe).collect(Collectors.joining("; "))).append('\n');
        note.append("Already told: ").append(alreadyTold.isEmpty() ? "nothing yet" : alreadyTold.stream()
                .limit(properties.ledgerLines()).map(this::describe).collect(Collectors.joining("; ")));

        Set<String> tags = new LinkedHashSet<>();
        tags.add(tag("enriched"));
        if (customer.tier() != null && !customer.tier().isBlank()) {
            tags.add(tag("tier_" + FieldMapping.slug(customer.tier())));
        }
        if (!atRisk.isEmpty()) {
            tags.add(tag("order_at_risk"));
        }
        if (!issues.isEmpty()) {
            tags.add(tag("known_issue"));
        }
        if (!alreadyTold.isEmpty()) {
            tags.add(tag("notified"));
        }

        Map<Long, String> fields = new LinkedHashMap<>();
        putField(fields, "tier", customer.tier());
        putField(fields, "account", customer.accountName());
        putField(fields, "owner", customer.ownerName());
        for (FieldMapping mapping : properties.mappings()) {
            String value = customer.fields().get(mapping.salesforce());
            if (value == null || value.isBlank()) {
                continue;
            }
            if (mapping.customField() != null) {
                fields.put(mapping.customField(), value);
            }
            mapping.tagFor(value).ifPresent(suffix -> tags.add(tag(suffix)));
        }

        Long problemId = issues.stream().map(CustomerContext.KnownIssue::zendeskProblemId)
                .filter(id -> id != null && id > 0).findFirst().orElse(null);
        return new TicketEnrichment(ticketId, customer.email(), true, note.toString(), new ArrayList<>(tags), fields,
                problemId, TicketTopics.ofTicket(atRisk, issues));
    }

    /** The enrichment for a requester Salesforce does not know: said plainly, so agents do not wait for it. */
    public TicketEnrichment unknownCustomer(long ticketId, String email) {
        String note = "Kairos · no Salesforce contact found for " + (email == null ? "(no requester email)" : email)
                + "; this ticket was not enriched.";
        return new TicketEnrichment(ticketId, email, false, note, List.of(tag("unknown_customer")), Map.of(), null);
    }

    /** The orders an agent should see flagged: an at-risk status, or overdue and not delivered. */
    public List<CustomerContext.Order> ordersAtRisk(List<CustomerContext.Order> orders) {
        LocalDate today = LocalDate.now(clock);
        Set<String> atRiskStatuses = properties.atRiskStatuses().stream()
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return orders.stream()
                .filter(o -> (o.status() != null && atRiskStatuses.contains(o.status().toLowerCase(Locale.ROOT)))
                        || (o.expectedDelivery() != null && o.expectedDelivery().isBefore(today)
                            && !"delivered".equalsIgnoreCase(o.status()) && !"activated".equalsIgnoreCase(o.status())))
                .toList();
    }

    private String describe(CustomerContext.Order order) {
        return order.orderNumber() + " " + orDash(order.status())
                + (order.expectedDelivery() == null ? "" : " (ETA " + order.expectedDelivery() + ")");
    }

    private String describe(CustomerContext.KnownIssue issue) {
        return issue.name() + " on " + orDash(issue.product())
                + (issue.publicSummary() == null ? "" : ": " + issue.publicSummary())
                + (issue.zendeskProblemId() == null ? "" : " → problem #" + issue.zendeskProblemId());
    }

    private String describe(LedgerEntry entry) {
        String what = entry.summary() != null ? entry.summary()
                : entry.signalType() + (entry.recordId() == null ? "" : " " + entry.recordId());
        String verb = switch (entry.decision()) {
            case SENT -> "notified";
            case DEFERRED -> "deferred";
            case SUPPRESSED -> "held back";
            case FAILED -> "failed to notify";
            case NEEDS_RECONCILE -> "may have notified";
            case NOTED -> "held back (open ticket noted)";
            case REPLAYED -> "replayed by an admin";
            case HELD_OUT -> "not notified (control group)";
            case AGENT_HOLD -> "held by an agent";
            case HOLD_LIFTED -> "hold lifted by an agent";
        };
        return verb + " about " + what + " at " + UtcText.of(entry.occurredAt())
                + (entry.channel() == null ? "" : " (" + entry.channel() + ")");
    }

    private void putField(Map<Long, String> fields, String attribute, String value) {
        Long id = properties.customFields().get(attribute);
        if (id != null && value != null && !value.isBlank()) {
            fields.put(id, value);
        }
    }

    private String tag(String suffix) {
        return properties.tagPrefix() + suffix;
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "—" : value;
    }
}
