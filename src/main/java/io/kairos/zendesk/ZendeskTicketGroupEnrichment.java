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
import io.kairos.platform.RateSlotWaitException;
import io.kairos.proactive.HelpdeskTicket;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    static final String ENRICHED = ZendeskTicketEnrichment.ENRICHED;

    private final Inbox inbox;
    private final InboxFailureHandler failures;
    private final ZendeskGate gate;
    private final ZendeskTicketEvents ticketEvents;
    private final ZendeskBulkTickets bulkTickets;
    private final TicketEnrichments enrichments;
    private final CustomerDirectory directory;
    private final EnrichmentRecords records;
    private final ZendeskEnrichmentLatency latency;
    private final TransactionOperations transactions;
    private final ZendeskBulkProperties bulk;
    private final ZendeskActivity activity;
    private final Clock clock;

    public ZendeskTicketGroupEnrichment(Inbox inbox, InboxFailureHandler failures, ZendeskGate gate,
                                        ZendeskTicketEvents ticketEvents, ZendeskBulkTickets bulkTickets,
                                        TicketEnrichments enrichments, CustomerDirectory directory,
                                        EnrichmentRecords records, ZendeskEnrichmentLatency latency,
                                        TransactionOperations transactions, ZendeskBulkProperties bulk,
                                        ZendeskActivity activity, Clock clock) {
        this.inbox = inbox;
        this.failures = failures;
        this.gate = gate;
        this.ticketEvents = ticketEvents;
        this.bulkTickets = bulkTickets;
        this.enrichments = enrichments;
        this.directory = directory;
        this.records = records;
        this.latency = latency;
        this.transactions = transactions;
        this.bulk = bulk;
        this.activity = activity;
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
        List<InboxEvent> awaiting = new ArrayList<>();
        List<InboxEvent> fresh = new ArrayList<>();
        for (InboxEvent event : group.events()) {
            (awaited.containsKey(event.eventId()) ? awaiting : fresh).add(event);
        }
        if (!awaiting.isEmpty()) {
            guarded(awaiting, pending -> follow(pending, awaited));
        }
        // Events parked for a send's slots go first, each slot paying for one request of up to 100 tickets; fresh
        // events ride along in it, so a spike's tickets fill whole requests instead of taking slots per poll.
        fresh.sort(Comparator.comparing(InboxEvent::rateSlot, Comparator.nullsLast(Comparator.naturalOrder())));
        Set<Instant> spent = new HashSet<>();
        for (int from = 0; from < fresh.size(); from += bulk.maxTickets()) {
            List<InboxEvent> chunk = new ArrayList<>(fresh.subList(from, Math.min(fresh.size(),
                    from + bulk.maxTickets())));
            Instant paid = chunk.stream().map(InboxEvent::rateSlot).filter(slot -> slot != null && spent.add(slot))
                    .findFirst().orElse(null);
            guarded(chunk, pending -> send(pending, paid != null));
        }
    }

    /**
     * The slots for a send of these events: they join a send already waiting for its slot when it has room for them
     * (parked until the same slot, no slot of their own), else take the slots of the send's requests at the gate.
     */
    private void slotsFor(List<InboxEvent> pending, int requests) {
        Set<String> sources = new HashSet<>();
        pending.forEach(event -> sources.add(event.source()));
        Optional<Instant> waiting = inbox.parkedSlotWithRoom(sources, false, bulk.maxTickets() - pending.size());
        if (waiting.isPresent()) {
            throw new RateSlotWaitException(ZendeskGate.WORK, waiting.get());
        }
        gate.slotFor(pending, requests);
    }

    /**
     * A failure of the whole step (a 429, a rate-slot wait, Zendesk or Salesforce down) applies to each event left;
     * one moment for all, so they fall due together and are claimed again as a group.
     */
    private void guarded(List<InboxEvent> pending, Consumer<List<InboxEvent>> step) {
        try {
            step.accept(pending);
        } catch (RuntimeException failure) {
            failures.handleGroup(pending, failure);
        }
    }

    private void send(List<InboxEvent> pending, boolean paid) {
        Map<InboxEvent, TicketEvent> read = new LinkedHashMap<>();
        for (InboxEvent event : List.copyOf(pending)) {
            try {
                TicketEvent ticketEvent = ticketEvents.read(event);
                if (ticketEvents.isOwnChange(ticketEvent)) {
                    inbox.markSkipped(event, ZendeskTicketEnrichment.OWN_CHANGE);
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
        // Every Zendesk request of this step takes its slot before the first one is made: a ticket the delivery
        // describes is not read again, and requesters named only by id cost one Show Many Users.
        Map<Long, HelpdeskTicket> tickets = new LinkedHashMap<>();
        read.values().forEach(e -> {
            if (e.snapshot() != null) {
                tickets.put(e.ticketId(), e.snapshot());
            }
        });
        List<Long> unread = read.values().stream().map(TicketEvent::ticketId).filter(id -> !tickets.containsKey(id))
                .distinct().toList();
        boolean namesOnlyIds = read.values().stream().anyMatch(e -> blank(e.requesterEmail()));
        if (!paid) {
            slotsFor(pending, (unread.isEmpty() ? 0 : 1) + (namesOnlyIds ? 1 : 0) + 1);
        }
        tickets.putAll(bulkTickets.tickets(unread));
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
            activity.seen(event, email, email == null ? null : customers.get(email));
            TicketEnrichment enrichment = toWrite.computeIfAbsent(ticketId,
                    id -> enrichments.build(id, email, email == null ? null : customers.get(email)));
            if (records.alreadyWritten(enrichment)) {
                inbox.markSkipped(event, ZendeskTicketEnrichment.UNCHANGED);
                pending.remove(event);
                toWrite.remove(ticketId);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
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
                        : ZendeskTicketEnrichment.UNKNOWN_CUSTOMER);
            }
        });
        pending.clear();
    }

    /** Asks Zendesk once for every job these events await, and records each finished job's per-ticket outcome. */
    private void follow(List<InboxEvent> pending, Map<String, Inbox.AwaitedJob> awaited) {
        Map<String, List<InboxEvent>> byJob = new LinkedHashMap<>();
        pending.forEach(event -> byJob.computeIfAbsent(awaited.get(event.eventId()).jobId(), id -> new ArrayList<>())
                .add(event));
        if (pending.stream().allMatch(event -> event.rateSlot() == null)) {
            // A poll already waiting for its slot asks about these jobs too (Show Many Job Statuses); when some of
            // these events waited for one, it is theirs.
            Set<String> sources = new HashSet<>();
            pending.forEach(event -> sources.add(event.source()));
            Optional<Instant> waiting = inbox.parkedSlotWithRoom(sources, true, Integer.MAX_VALUE - pending.size());
            if (waiting.isPresent()) {
                throw new RateSlotWaitException(ZendeskGate.WORK, waiting.get());
            }
            gate.slotFor(pending, ZendeskBulkTickets.jobStatusCalls(byJob.size()));
        }
        Map<String, ZendeskBulkTickets.JobStatus> jobs = bulkTickets.jobStatuses(byJob.keySet());
        byJob.forEach((jobId, events) -> {
            ZendeskBulkTickets.JobStatus job = jobs.get(jobId);
            for (InboxEvent event : events) {
                pending.remove(event);
                try {
                    outcome(event, jobId, job, awaited.get(event.eventId()).outcomeOnceDone());
                } catch (RuntimeException failure) {
                    failures.handle(event, failure);
                }
            }
        });
    }

    /** One event's outcome once its job was asked about: still running, written, gone or failed. */
    private void outcome(InboxEvent event, String jobId, ZendeskBulkTickets.JobStatus job, String outcomeOnceDone) {
        long ticketId = ticketEvents.read(event).ticketId();
        if (job == null) {
            // Zendesk keeps a job's status for a day: without it, whether the ticket was written cannot be known.
            inbox.leaveJob(event);
            records.notWritten(ticketId);
            failures.handle(event, new BulkTicketFailedException("Zendesk no longer knows job " + jobId
                    + " (job statuses are kept a day); ticket " + ticketId + " is sent again"));
            return;
        }
        if (!job.finished()) {
            inbox.retryAt(event, clock.instant().plus(bulk.pollDelay()), "Zendesk job " + jobId + " is "
                    + job.status() + "; asked again shortly", false);
            return;
        }
        BulkJobResults results = new BulkJobResults(job.results());
        switch (results.of(ticketId)) {
            case WRITTEN -> {
                boolean known = ENRICHED.equals(outcomeOnceDone);
                latency.written(event, known);
                if (known) {
                    inbox.markDone(event, "enriched (Zendesk job " + jobId + ")");
                } else {
                    inbox.markSkipped(event, outcomeOnceDone);
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

    /** Each ticket's requester email: from the delivery when it carries one, else one lookup for the rest. */
    private Map<Long, String> requesterEmails(List<InboxEvent> pending, Map<InboxEvent, TicketEvent> read,
                                              Map<Long, HelpdeskTicket> tickets) {
        Map<Long, String> emails = new LinkedHashMap<>();
        Map<Long, Long> requesters = new LinkedHashMap<>();
        for (InboxEvent event : pending) {
            TicketEvent ticketEvent = read.get(event);
            if (!blank(ticketEvent.requesterEmail())) {
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
            Map<Long, String> byUser = bulkTickets.emailsOf(Set.copyOf(requesters.values()));
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

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
