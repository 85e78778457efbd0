package io.kairos.zendesk;

import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.CustomerDirectory;
import io.kairos.enrichment.EnrichmentRecords;
import io.kairos.enrichment.TicketEnrichment;
import io.kairos.enrichment.TicketEnrichments;
import io.kairos.platform.Inbox;
import io.kairos.platform.InboxEvent;
import io.kairos.platform.InboxFailureHandler;
import io.kairos.platform.InboxGroup;
import io.kairos.platform.SharedRateLimits;
import io.kairos.proactive.HelpdeskTicket;
import io.kairos.proactive.HelpdeskTickets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Enriches a backlog of tickets in groups (README "Spike enrichment"): one read of the group's tickets, one grouped
 * Salesforce lookup of the requesters the cache lacks, one Update Many Tickets request per 100 tickets, then the
 * job followed to each ticket's result. The job id is stored with the group's inbox rows before the job is
 * followed, so a restarted Kairos follows it instead of sending the tickets again. Each event's outcome is recorded
 * here, never thrown: one bad event does not fail its group.
 */
@Component("ticketGroupEnrichment")
public class ZendeskTicketGroupEnrichment {

    private static final Logger LOG = LoggerFactory.getLogger(ZendeskTicketGroupEnrichment.class);

    static final String RATE_LIMIT = "zendesk-ticket-updates";
    static final String ENRICHED = "enriched";

    private final Inbox inbox;
    private final InboxFailureHandler failures;
    private final SharedRateLimits rateLimits;
    private final ZendeskTicketEvents ticketEvents;
    private final ZendeskBulkTickets bulkTickets;
    private final HelpdeskTickets helpdesk;
    private final TicketEnrichments enrichments;
    private final CustomerDirectory directory;
    private final EnrichmentRecords records;
    private final ZendeskEnrichmentLatency latency;
    private final TransactionOperations transactions;
    private final ZendeskProperties zendesk;
    private final ZendeskBulkProperties bulk;
    private final Clock clock;

    public ZendeskTicketGroupEnrichment(Inbox inbox, InboxFailureHandler failures, SharedRateLimits rateLimits,
                                        ZendeskTicketEvents ticketEvents, ZendeskBulkTickets bulkTickets,
                                        HelpdeskTickets helpdesk, TicketEnrichments enrichments,
                                        CustomerDirectory directory, EnrichmentRecords records,
                                        ZendeskEnrichmentLatency latency, TransactionOperations transactions,
                                        ZendeskProperties zendesk, ZendeskBulkProperties bulk, Clock clock) {
        this.inbox = inbox;
        this.failures = failures;
        this.rateLimits = rateLimits;
        this.ticketEvents = ticketEvents;
        this.bulkTickets = bulkTickets;
        this.helpdesk = helpdesk;
        this.enrichments = enrichments;
        this.directory = directory;
        this.records = records;
        this.latency = latency;
        this.transactions = transactions;
        this.zendesk = zendesk;
        this.bulk = bulk;
        this.clock = clock;
    }

    /** Route step: follows the jobs some of the group's events await, and sends the others in new jobs. */
    public void enrich(InboxGroup group) {
        Map<String, Inbox.AwaitedJob> awaited;
        try {
            awaited = inbox.awaitedJobs(group.events());
        } catch (DataAccessException storeDown) {
            // As InboxFailureHandler does when the store cannot take a decision: the leases run out, and the events
            // are claimed again then.
            LOG.warn("A group of {} ticket events could not be read from the store; they are taken again when "
                    + "their leases expire: {}", group.events().size(), storeDown.getMostSpecificCause().getMessage());
            return;
        }
        Map<String, List<InboxEvent>> byJob = new LinkedHashMap<>();
        List<InboxEvent> fresh = new ArrayList<>();
        for (InboxEvent event : group.events()) {
            Inbox.AwaitedJob job = awaited.get(event.eventId());
            if (job == null) {
                fresh.add(event);
            } else {
                byJob.computeIfAbsent(job.jobId(), id -> new ArrayList<>()).add(event);
            }
        }
        byJob.forEach((jobId, events) -> guarded(new ArrayList<>(events),
                pending -> follow(jobId, pending, awaited)));
        for (int from = 0; from < fresh.size(); from += bulk.maxTickets()) {
            guarded(new ArrayList<>(fresh.subList(from, Math.min(fresh.size(), from + bulk.maxTickets()))),
                    this::send);
        }
    }

    /** A failure of the whole step (a 429, a rate-slot wait, Zendesk or Salesforce down) applies to each event left. */
    private void guarded(List<InboxEvent> pending, Consumer<List<InboxEvent>> step) {
        try {
            step.accept(pending);
        } catch (RuntimeException failure) {
            failures.handleGroup(pending, failure);
        }
    }

    private void send(List<InboxEvent> pending) {
        Map<InboxEvent, TicketEvent> read = new LinkedHashMap<>();
        for (InboxEvent event : List.copyOf(pending)) {
            try {
                TicketEvent ticketEvent = ticketEvents.read(event);
                if (ticketEvents.isOwnChange(ticketEvent)) {
                    inbox.markSkipped(event, "own change: Kairos is the actor");
                    pending.remove(event);
                } else {
                    read.put(event, ticketEvent);
                }
            } catch (RuntimeException unreadable) {
                failures.handle(event, unreadable);
                pending.remove(event);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        Map<Long, HelpdeskTicket> tickets = bulkTickets.tickets(read.values().stream().map(TicketEvent::ticketId)
                .toList());
        for (InboxEvent event : List.copyOf(pending)) {
            long ticketId = read.get(event).ticketId();
            HelpdeskTicket ticket = tickets.get(ticketId);
            if (ticket == null) {
                inbox.deadLetter(event, "Zendesk has no ticket " + ticketId + " (deleted, or never there)");
                pending.remove(event);
            } else {
                records.seen(ticketId, ticket.status(), ticket.subject());
            }
        }
        Map<Long, String> emails = requesterEmails(pending, read, tickets);
        Map<String, CustomerContext> customers = customers(emails.values());

        Map<Long, TicketEnrichment> toWrite = new LinkedHashMap<>();
        for (InboxEvent event : List.copyOf(pending)) {
            long ticketId = read.get(event).ticketId();
            String email = emails.get(ticketId);
            TicketEnrichment enrichment = toWrite.computeIfAbsent(ticketId,
                    id -> enrichments.build(id, email, email == null ? null : customers.get(email)));
            if (records.alreadyWritten(enrichment)) {
                inbox.markSkipped(event, "unchanged: this enrichment is already on the ticket");
                pending.remove(event);
                toWrite.remove(ticketId);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        rateLimits.slotFor(pending, RATE_LIMIT, zendesk.updatesPerMinute(), 60_000);
        List<TicketEnrichment> batch = List.copyOf(toWrite.values());
        String jobId = bulkTickets.updateMany(batch, tickets);
        transactions.executeWithoutResult(status -> {
            for (TicketEnrichment enrichment : batch) {
                HelpdeskTicket ticket = tickets.get(enrichment.ticketId());
                records.written(enrichment, ticket.status(), ticket.subject());
            }
            for (InboxEvent event : pending) {
                TicketEnrichment enrichment = toWrite.get(read.get(event).ticketId());
                inbox.awaitJob(event, jobId, clock.instant().plus(bulk.pollDelay()), enrichment.customerKnown()
                        ? ENRICHED
                        : "unknown customer: no Salesforce contact for the requester; noted on the ticket");
            }
        });
        pending.clear();
    }

    private void follow(String jobId, List<InboxEvent> pending, Map<String, Inbox.AwaitedJob> awaited) {
        rateLimits.slotFor(pending, RATE_LIMIT, zendesk.updatesPerMinute(), 60_000);
        ZendeskBulkTickets.JobStatus job = bulkTickets.jobStatus(jobId);
        if (!job.finished()) {
            for (InboxEvent event : pending) {
                inbox.retryAt(event, clock.instant().plus(bulk.pollDelay()), "Zendesk job " + jobId + " is "
                        + job.status() + "; asked again shortly", false);
            }
            pending.clear();
            return;
        }
        BulkJobResults results = new BulkJobResults(job.results());
        for (InboxEvent event : List.copyOf(pending)) {
            long ticketId = ticketEvents.read(event).ticketId();
            pending.remove(event);
            switch (results.of(ticketId)) {
                case WRITTEN -> {
                    String outcome = awaited.get(event.eventId()).outcomeOnceDone();
                    boolean known = ENRICHED.equals(outcome);
                    latency.written(event, known);
                    if (known) {
                        inbox.markDone(event, "enriched (Zendesk job " + jobId + ")");
                    } else {
                        inbox.markSkipped(event, outcome);
                    }
                }
                case GONE -> {
                    inbox.leaveJob(event);
                    records.notWritten(ticketId);
                    inbox.deadLetter(event, results.reason(ticketId, jobId));
                }
                case FAILED -> {
                    inbox.leaveJob(event);
                    records.notWritten(ticketId);
                    failures.handle(event, new BulkTicketFailedException(results.reason(ticketId, jobId)));
                }
            }
        }
    }

    /** Each ticket's requester email: from the delivery when it carries one, else one lookup for the rest. */
    private Map<Long, String> requesterEmails(List<InboxEvent> pending, Map<InboxEvent, TicketEvent> read,
                                              Map<Long, HelpdeskTicket> tickets) {
        Map<Long, String> emails = new LinkedHashMap<>();
        Map<Long, Long> requesters = new LinkedHashMap<>();
        for (InboxEvent event : pending) {
            TicketEvent ticketEvent = read.get(event);
            if (ticketEvent.requesterEmail() != null && !ticketEvent.requesterEmail().isBlank()) {
                emails.putIfAbsent(ticketEvent.ticketId(), ticketEvent.requesterEmail());
            } else {
                Long requester = ticketEvent.requesterId() != null ? ticketEvent.requesterId()
                        : tickets.get(ticketEvent.ticketId()).requesterId();
                if (requester != null) {
                    requesters.put(ticketEvent.ticketId(), requester);
                }
            }
        }
        requesters.keySet().removeAll(emails.keySet());
        if (!requesters.isEmpty()) {
            Map<Long, String> byUser = helpdesk.emailsOf(Set.copyOf(requesters.values()));
            requesters.forEach((ticketId, user) -> {
                if (byUser.get(user) != null) {
                    emails.put(ticketId, byUser.get(user));
                }
            });
        }
        return emails;
    }

    /** The cached context of each email, and one grouped lookup of those the cache lacks. */
    private Map<String, CustomerContext> customers(Iterable<String> emails) {
        Map<String, CustomerContext> found = new LinkedHashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (String email : emails) {
            CustomerContext cached = enrichments.cached(email);
            if (cached != null) {
                found.put(email, cached);
            } else if (email != null && !email.isBlank()) {
                missing.add(email);
            }
        }
        if (!missing.isEmpty()) {
            directory.findByEmails(missing).forEach((email, context) ->
                    found.put(email, enrichments.remember(email, context)));
        }
        return found;
    }
}
