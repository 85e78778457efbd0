package io.kairos.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.admin.CustomerTimeline;
import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.CustomerContextCache;
import io.kairos.enrichment.CustomerDirectory;
import io.kairos.enrichment.EnrichmentRules;
import io.kairos.enrichment.TicketEnricher;
import io.kairos.ledger.LedgerEntry;
import io.kairos.platform.SecretMask;
import io.kairos.proactive.UserLocales;
import io.kairos.salesforce.SalesforceProperties;
import io.kairos.zendesk.ZendeskProperties;
import io.kairos.zendesk.ZendeskTicketRequesters.Requester;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The sidebar's answer for one ticket, from the store and the context cache (Salesforce only on a refresh or when
 * nothing fresh is cached): who the requester is, their account, orders at risk and known issues, what Kairos
 * decided for them (the admin's customer timeline), what is planned, and whether an agent holds their messages.
 */
@Component
class AgentContexts {

    /** The most decisions the sidebar shows. */
    static final int TIMELINE = 20;

    private static final Logger LOG = LoggerFactory.getLogger(AgentContexts.class);

    private final TicketRequesters requesters;
    private final CustomerContextCache cache;
    private final CustomerDirectory directory;
    private final CustomerTimeline timelines;
    private final UserLocales locales;
    private final EnrichmentRules rules;
    private final AgentLinks links;
    private final ObjectMapper json;
    private final Clock clock;

    AgentContexts(TicketRequesters requesters, CustomerContextCache cache, CustomerDirectory directory,
                  CustomerTimeline timelines, UserLocales locales, EnrichmentRules rules, AgentProperties agent,
                  ZendeskProperties zendesk, SalesforceProperties salesforce, ObjectMapper json, Clock clock) {
        this.requesters = requesters;
        this.cache = cache;
        this.directory = directory;
        this.timelines = timelines;
        this.locales = locales;
        this.rules = rules;
        this.links = new AgentLinks(AgentLinks.salesforceBase(agent.salesforceUrl(), salesforce.loginUrl()),
                zendesk.baseUrl());
        this.json = json;
        this.clock = clock;
    }

    ObjectNode of(long ticket, boolean refresh, String subdomain) {
        Requester requester = requesters.of(ticket, subdomain);
        Instant now = clock.instant();
        ObjectNode body = json.createObjectNode();
        body.put("ticket", ticket);
        if (requester.email() == null) {
            // Kairos knows customers by email: a requester without one has no context, history or hold.
            body.set("requester", requesterJson(requester, null));
            body.put("known", false);
            body.putNull("customer");
            body.putArray("ordersAtRisk");
            body.putArray("knownIssues");
            body.putArray("timeline");
            body.putArray("planned");
            body.putNull("hold");
            body.set("source", sourceJson(CustomerReading.UNAVAILABLE, null, null));
            return body;
        }
        String email = requester.email();
        CustomerReading reading = CustomerReading.read(refresh, cache.latest(email), cache::isFresh,
                () -> directory.findByEmail(email), now);
        if (reading.failure() != null) {
            LOG.warn("Agent API: Salesforce could not be read for ticket {}; answering {}: {}", ticket,
                    reading.stale() ? "the cached context" : "without a customer",
                    SecretMask.mask(String.valueOf(reading.failure().getMessage())));
        } else if (CustomerReading.LIVE.equals(reading.source()) && reading.customer() != null) {
            cache.put(email, reading.customer());
        }
        CustomerContext customer = reading.customer();
        body.set("requester", requesterJson(requester, customer));
        if (reading.known() == null) {
            body.putNull("known");
        } else {
            body.put("known", reading.known());
        }
        body.set("customer", customer == null ? null : customerJson(customer, email));
        ArrayNode orders = body.putArray("ordersAtRisk");
        ArrayNode issues = body.putArray("knownIssues");
        if (customer != null) {
            new TicketEnricher(rules.current(), clock).ordersAtRisk(customer.orders()).forEach(order -> orders.addObject()
                    .put("orderNumber", order.orderNumber()).put("status", order.status())
                    .put("expectedDelivery", order.expectedDelivery() == null ? null
                            : order.expectedDelivery().toString())
                    .put("url", links.record("Order", order.id())));
            customer.knownIssues().forEach(issue -> {
                ObjectNode item = issues.addObject().put("name", issue.name()).put("status", issue.status())
                        .put("product", issue.product()).put("summary", issue.publicSummary());
                if (issue.zendeskProblemId() == null) {
                    item.putNull("problemTicket");
                } else {
                    item.put("problemTicket", issue.zendeskProblemId());
                }
                item.put("problemTicketUrl", links.ticket(issue.zendeskProblemId()));
            });
        }
        CustomerTimeline.Timeline timeline = timelines.of(email, TIMELINE);
        ArrayNode decisions = body.putArray("timeline");
        timeline.decisions().stream().limit(TIMELINE).forEach(d -> decisions.add(decisionJson(d)));
        ArrayNode planned = body.putArray("planned");
        timeline.signals().stream()
                .filter(s -> "PLANNED".equals(s.status()) && !"zendesk_note".equals(s.channel()) && s.sendAt() != null)
                .sorted(Comparator.comparing(CustomerTimeline.SignalOutcome::sendAt))
                .forEach(s -> planned.addObject().put("at", s.sendAt().toString()).put("kind", s.type())
                        .put("channel", s.channel())
                        .put("sentence", s.reason() == null || s.reason().isBlank() ? s.verdict() : s.reason()));
        body.set("hold", AgentHolds.holdJson(json, timeline.suppression()));
        body.set("source", sourceJson(reading.source(), reading.asOf(), reading.ageSeconds(now)));
        if (reading.stale()) {
            body.put("stale", true);
        }
        return body;
    }

    private ObjectNode requesterJson(Requester requester, CustomerContext customer) {
        return json.createObjectNode().put("email", requester.email())
                .put("name", requester.name() != null ? requester.name() : customer == null ? null : customer.name());
    }

    private ObjectNode customerJson(CustomerContext customer, String email) {
        // The helpdesk's locale of the requester, kept whenever Kairos reads a Zendesk user.
        String language = locales.of(List.of(email)).get(email.strip().toLowerCase(Locale.ROOT));
        return json.createObjectNode().put("name", customer.name())
                .put("email", customer.email() == null ? email : customer.email())
                .put("timeZone", customer.timeZone()).put("language", language)
                .put("account", customer.accountName()).put("tier", customer.tier())
                .put("owner", customer.ownerName())
                .put("contactUrl", links.record("Contact", customer.contactId()))
                .put("accountUrl", links.record("Account", customer.accountId()));
    }

    private ObjectNode decisionJson(LedgerEntry entry) {
        return json.createObjectNode().put("at", entry.occurredAt().toString())
                .put("decision", entry.decision().name()).put("kind", entry.signalType())
                .put("channel", entry.channel()).put("reasonCode", entry.reasonCode())
                .put("sentence", entry.reason() != null && !entry.reason().isBlank() ? entry.reason()
                        : entry.summary());
    }

    private ObjectNode sourceJson(String source, Instant asOf, Long ageSeconds) {
        ObjectNode node = json.createObjectNode().put("salesforce", source)
                .put("asOf", asOf == null ? null : asOf.toString());
        if (ageSeconds == null) {
            node.putNull("ageSeconds");
        } else {
            node.put("ageSeconds", ageSeconds);
        }
        return node;
    }
}
