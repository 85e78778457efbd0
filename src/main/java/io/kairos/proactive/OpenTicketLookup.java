package io.kairos.proactive;

import io.kairos.timing.OpenTicket;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds the helpdesk's open tickets about a signal that Kairos never enriched, with a bounded number of calls per
 * signal, never per recipient: one search per phrase and one for the tags ({@link OpenTicketTerms}), the incidents
 * of the known issue's problem ticket as the CRM names it ({@link KnownIssueProblems}) and of the problem tickets
 * those searches find, and the requesters' emails by the hundred. The answer is kept for the
 * signal's planning (every page of its audience). A failure or time-out is logged once for the signal and answers
 * nothing, so Kairos's own links decide alone.
 */
@Component
public class OpenTicketLookup {

    private static final Logger LOG = LoggerFactory.getLogger(OpenTicketLookup.class);
    /** Zendesk's statuses before a ticket is solved: the customer is still waiting on it. */
    static final Set<String> OPEN_STATUSES = Set.of("new", "open", "pending", "hold");
    private static final int CACHED_SIGNALS = 64;

    private final HelpdeskTickets helpdesk;
    private final KnownIssueProblems knownIssues;
    private final OpenTicketProperties settings;
    private final Clock clock;
    private volatile java.util.function.Supplier<SignalCatalog> catalog = () -> SignalCatalog.BUILT_IN;
    private final Map<Signal, Found> cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Signal, Found> eldest) {
            return size() > CACHED_SIGNALS;
        }
    });

    @Autowired
    public OpenTicketLookup(ObjectProvider<HelpdeskTickets> helpdesk, ObjectProvider<KnownIssueProblems> knownIssues,
                            OpenTicketProperties settings, Clock clock) {
        this(helpdesk.getIfAvailable(), knownIssues.getIfAvailable(), settings, clock);
    }

    public OpenTicketLookup(HelpdeskTickets helpdesk, OpenTicketProperties settings, Clock clock) {
        this(helpdesk, null, settings, clock);
    }

    public OpenTicketLookup(HelpdeskTickets helpdesk, KnownIssueProblems knownIssues, OpenTicketProperties settings,
                            Clock clock) {
        this.helpdesk = helpdesk;
        this.knownIssues = knownIssues;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The open helpdesk tickets about the signal, newest per requester.
     *
     * @param recipients recipients of the signal seen so far: the first page's decide what an order delay's search
     *                   looks for
     * @return by normalised requester email, for every requester found (not only these recipients)
     */
    public Map<String, OpenTicket> about(Signal signal, Collection<Recipient> recipients) {
        if (helpdesk == null || !settings.search()) {
            return Map.of();
        }
        Instant now = clock.instant();
        Found cached = cache.get(signal);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.tickets();
        }
        Map<String, OpenTicket> tickets = lookUp(signal, recipients);
        cache.put(signal, new Found(tickets, now.plus(settings.cacheFor())));
        return tickets;
    }

    /** The signal kinds in force: a kind's own tags and terms (the catalog's) replace the properties'. */
    @Autowired
    void useCatalog(ProactiveRules rules) {
        this.catalog = rules::catalog;
    }

    private Map<String, OpenTicket> lookUp(Signal signal, Collection<Recipient> recipients) {
        OpenTicketProperties kindSettings = catalog.get().kind(signal.type()).map(SignalKind::tickets)
                .map(hints -> settings.withKind(signal.type(), hints)).orElse(settings);
        OpenTicketTerms terms = OpenTicketTerms.of(signal, recipients, kindSettings);
        if (terms.isEmpty()) {
            return Map.of();
        }
        try {
            Map<Long, HelpdeskTicket> found = new LinkedHashMap<>();
            int cap = settings.maxTickets();
            for (String phrase : terms.phrases()) {
                addUpTo(found, helpdesk.mentioning(phrase, cap - found.size()), cap);
                if (found.size() >= cap) {
                    break;
                }
            }
            if (!terms.tags().isEmpty() && found.size() < cap) {
                addUpTo(found, helpdesk.taggedWithAny(terms.tags(), cap - found.size()), cap);
            }
            List<Long> problems = new ArrayList<>(named(signal).stream().toList());
            problems(found.values(), settings.maxProblems()).stream().filter(p -> !problems.contains(p))
                    .forEach(problems::add);
            for (long problem : problems) {
                if (found.size() >= cap) {
                    break;
                }
                addUpTo(found, helpdesk.incidentsOf(problem, cap - found.size()), cap);
            }
            if (found.size() >= cap) {
                LOG.warn("Open-ticket lookup for signal {} stopped at {} tickets (kairos.open-tickets.max-tickets): "
                        + "requesters of tickets beyond them are held back only by Kairos's own ticket links",
                        name(signal), cap);
            }
            List<HelpdeskTicket> holding = holding(found.values());
            Map<Long, String> emails = holding.isEmpty() ? Map.of()
                    : helpdesk.emailsOf(holding.stream().map(HelpdeskTicket::requesterId).distinct().toList());
            return newestByEmail(holding, emails);
        } catch (RuntimeException failed) {
            LOG.warn("Open-ticket lookup for signal {} failed, deciding from Kairos's own ticket links: {}",
                    name(signal), failed.toString());
            return Map.of();
        }
    }

    /**
     * The problem ticket the CRM names for a known issue: one query, and a failure of it only leaves the searches to
     * find problem tickets (logged, the lookup goes on).
     */
    private Optional<Long> named(Signal signal) {
        if (knownIssues == null || !Signal.Type.KNOWN_ISSUE.equals(signal.type()) || signal.recordId() == null) {
            return Optional.empty();
        }
        try {
            return knownIssues.problemTicketOf(signal.recordId());
        } catch (RuntimeException failed) {
            LOG.warn("The problem ticket of known issue {} could not be read from the CRM; the searches' problem "
                    + "tickets are used: {}", signal.recordId(), failed.toString());
            return Optional.empty();
        }
    }

    /** The problem tickets among those found, newest first: their incidents are about the signal too. */
    static List<Long> problems(Collection<HelpdeskTicket> found, int max) {
        return found.stream().filter(t -> "problem".equalsIgnoreCase(t.type()))
                .map(HelpdeskTicket::id).sorted(Collections.reverseOrder()).limit(max).toList();
    }

    /**
     * The tickets that hold their requester's message back: unsolved, with a requester, and not a problem ticket
     * (that is the helpdesk's record of the bug, filed by whoever first saw it, not a customer's conversation).
     */
    static List<HelpdeskTicket> holding(Collection<HelpdeskTicket> found) {
        return found.stream()
                .filter(t -> t.status() != null && OPEN_STATUSES.contains(t.status().trim().toLowerCase(Locale.ROOT)))
                .filter(t -> !"problem".equalsIgnoreCase(t.type()))
                .filter(t -> t.requesterId() != null)
                .toList();
    }

    /** The newest (highest id) holding ticket per requester email, as the own links answer. */
    static Map<String, OpenTicket> newestByEmail(List<HelpdeskTicket> holding, Map<Long, String> emails) {
        Map<String, HelpdeskTicket> newest = new HashMap<>();
        for (HelpdeskTicket ticket : holding) {
            String email = Outbox.normalise(emails.get(ticket.requesterId()));
            if (email != null && !email.isEmpty()) {
                newest.merge(email, ticket, (a, b) -> a.id() >= b.id() ? a : b);
            }
        }
        Map<String, OpenTicket> open = new HashMap<>();
        newest.forEach((email, t) -> open.put(email, new OpenTicket(t.id(), t.subject() == null ? "" : t.subject())));
        return Map.copyOf(open);
    }

    private static void addUpTo(Map<Long, HelpdeskTicket> found, List<HelpdeskTicket> page, int cap) {
        for (HelpdeskTicket ticket : page) {
            if (found.size() >= cap) {
                return;
            }
            found.putIfAbsent(ticket.id(), ticket);
        }
    }

    private static String name(Signal signal) {
        return signal.id() != null ? signal.id() : signal.type() + " " + signal.recordId();
    }

    private record Found(Map<String, OpenTicket> tickets, Instant until) {
        private Found {
            tickets = Map.copyOf(tickets);
        }
    }
}
