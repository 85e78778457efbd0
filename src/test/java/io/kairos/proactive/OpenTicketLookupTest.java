package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kairos.support.MutableClock;
import io.kairos.timing.OpenTicket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The open-ticket rule for tickets Kairos never enriched, with a fake helpdesk: which found tickets hold their
 * requester's message back, the bounded calls per signal, the cap, the cache and the fallback on failure.
 */
class OpenTicketLookupTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final FakeHelpdesk helpdesk = new FakeHelpdesk();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(OpenTicketLookup.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    @Test
    void anIncidentLinkedToTheKnownIssuesProblemTicketHoldsItsRequesterBack() {
        helpdesk.mentioning.put("KI-0042", List.of(
                new HelpdeskTicket(99, "Problem: Sync stalls (KI-0042)", "open", "problem", 7L)));
        helpdesk.incidents.put(99L, List.of(
                new HelpdeskTicket(20011, "Sync broken since update", "open", "incident", 9001L),
                new HelpdeskTicket(20012, "Sync?", "solved", "incident", 9002L)));
        helpdesk.emails.putAll(Map.of(7L, "agent@kairos.example", 9001L, "Omar@Globex.example",
                9002L, "max@acme.example"));

        Map<String, OpenTicket> open = lookup(OpenTicketProperties.defaults())
                .about(OpenTicketTermsTest.signal(Signal.Type.KNOWN_ISSUE, "KI-0042", "Sync App"), List.of());

        assertThat(open).as("the problem ticket itself and a solved incident hold nobody back")
                .containsOnly(Map.entry("omar@globex.example", new OpenTicket(20011, "Sync broken since update")));
        assertThat(helpdesk.calls).containsExactly("mentioning KI-0042", "tagged [ki-0042]", "incidents 99",
                "emails [9001]");
    }

    @Test
    void theProblemTicketTheCrmNamesForTheKnownIssueHasItsIncidentsListedThoughNoSearchFindsIt() {
        helpdesk.incidents.put(77L, List.of(new HelpdeskTicket(20021, "Sync broken", "open", "incident", 9001L)));
        helpdesk.emails.put(9001L, "omar@globex.example");
        List<String> asked = new ArrayList<>();
        KnownIssueProblems crm = knownIssueId -> {
            asked.add(knownIssueId);
            return java.util.Optional.of(77L);
        };

        Map<String, OpenTicket> open = new OpenTicketLookup(helpdesk, crm, OpenTicketProperties.defaults(), clock)
                .about(OpenTicketTermsTest.signal(Signal.Type.KNOWN_ISSUE, "a0K000000000042AAA", "Sync App"),
                        List.of());

        assertThat(open).containsOnly(Map.entry("omar@globex.example", new OpenTicket(20021, "Sync broken")));
        assertThat(asked).containsExactly("a0K000000000042AAA");
        assertThat(helpdesk.calls).contains("incidents 77");
    }

    @Test
    void aCrmThatCannotSayTheProblemTicketLeavesTheSearchesToFindIt() {
        helpdesk.mentioning.put("a0K000000000042AAA", List.of(
                new HelpdeskTicket(99, "Problem: Sync stalls", "open", "problem", 7L)));
        helpdesk.incidents.put(99L, List.of(new HelpdeskTicket(20011, "Sync broken", "open", "incident", 9001L)));
        helpdesk.emails.put(9001L, "omar@globex.example");
        KnownIssueProblems down = knownIssueId -> {
            throw new IllegalStateException("Salesforce unreachable");
        };

        Map<String, OpenTicket> open = new OpenTicketLookup(helpdesk, down, OpenTicketProperties.defaults(), clock)
                .about(OpenTicketTermsTest.signal(Signal.Type.KNOWN_ISSUE, "a0K000000000042AAA", "Sync App"),
                        List.of());

        assertThat(open).containsOnly(Map.entry("omar@globex.example", new OpenTicket(20011, "Sync broken")));
        assertThat(log.list).anySatisfy(line -> assertThat(line.getFormattedMessage())
                .contains("problem ticket of known issue a0K000000000042AAA could not be read"));
    }

    @Test
    void aTicketAnAgentTaggedHoldsItsRequesterBackNewestFirst() {
        helpdesk.tagged.put(List.of("ki-0042"), List.of(
                new HelpdeskTicket(30001, "App keeps spinning", "pending", null, 9001L),
                new HelpdeskTicket(30005, "Still spinning", "hold", "question", 9001L)));
        helpdesk.emails.put(9001L, "omar@globex.example");

        Map<String, OpenTicket> open = lookup(OpenTicketProperties.defaults())
                .about(OpenTicketTermsTest.signal(Signal.Type.KNOWN_ISSUE, "KI-0042", "Sync App"), List.of());

        assertThat(open).containsOnly(Map.entry("omar@globex.example", new OpenTicket(30005, "Still spinning")));
    }

    @Test
    void anOrderDelayFindsATicketThatNamesTheOrderNumberOnlyInItsSubject() {
        helpdesk.mentioning.put("00000102", List.of(new HelpdeskTicket(20007, "Where is 00000102?", "new", null,
                9001L)));
        helpdesk.emails.put(9001L, "jane@acme.example");

        Map<String, OpenTicket> open = lookup(OpenTicketProperties.defaults()).about(
                OpenTicketTermsTest.signal(Signal.Type.ORDER_DELAY, "801000000000102AAA", null),
                List.of(OpenTicketTermsTest.recipient("00000102")));

        assertThat(open).containsOnly(Map.entry("jane@acme.example", new OpenTicket(20007, "Where is 00000102?")));
        assertThat(helpdesk.calls).containsExactly("mentioning 00000102", "tagged [order_00000102]",
                "emails [9001]");
    }

    @Test
    void aSignalIsLookedUpOnceForAllItsPagesUntilTheCacheExpires() {
        OpenTicketLookup lookup = lookup(OpenTicketProperties.defaults());
        Signal signal = OpenTicketTermsTest.signal(Signal.Type.KNOWN_ISSUE, "KI-0042", "Sync App");

        lookup.about(signal, List.of());
        lookup.about(signal, List.of());
        assertThat(helpdesk.calls).hasSize(2);

        clock.advance(Duration.ofMinutes(11));
        lookup.about(signal, List.of());
        assertThat(helpdesk.calls).hasSize(4);
    }

    @Test
    void aFailingSearchFallsBackToTheOwnLinksWithOneWarnPerSignal() {
        helpdesk.failure = new IllegalStateException("Zendesk /api/v2/search/export.json failed: Read timed out");
        OpenTicketLookup lookup = lookup(OpenTicketProperties.defaults());
        Signal signal = OpenTicketTermsTest.signal(Signal.Type.KNOWN_ISSUE, "KI-0042", "Sync App");

        assertThat(lookup.about(signal, List.of())).isEmpty();
        assertThat(lookup.about(signal, List.of())).as("the second page of the same signal").isEmpty();

        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("sig-KNOWN_ISSUE")
                        .contains("failed, deciding from Kairos's own ticket links").contains("Read timed out"));
        assertThat(helpdesk.calls).containsExactly("mentioning KI-0042");
    }

    @Test
    void aProblemWithThousandsOfIncidentsIsReadUpToTheCapAndSaysSo() {
        helpdesk.mentioning.put("KI-0042", List.of(new HelpdeskTicket(99, "Problem", "open", "problem", 7L)));
        List<HelpdeskTicket> thousands = new ArrayList<>();
        for (long id = 1; id <= 5000; id++) {
            thousands.add(new HelpdeskTicket(100_000 + id, "Sync", "open", "incident", id));
        }
        helpdesk.incidents.put(99L, thousands);
        OpenTicketProperties capped = new OpenTicketProperties(true, Map.of(), OpenTicketProperties.defaults()
                .terms(), 100, 250, 3, Duration.ofSeconds(5), Duration.ofMinutes(10));

        lookup(capped).about(OpenTicketTermsTest.signal(Signal.Type.KNOWN_ISSUE, "KI-0042", "Sync App"), List.of());

        assertThat(helpdesk.limits).containsExactly(250, 249);
        assertThat(helpdesk.calls.get(helpdesk.calls.size() - 1)).startsWith("emails [");
        assertThat(helpdesk.emailLookups).singleElement().satisfies(ids -> assertThat(ids).hasSize(249));
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("stopped at 250 tickets")
                        .contains("kairos.open-tickets.max-tickets"));
    }

    @Test
    void switchedOffOrWithoutAHelpdeskNothingIsAsked() {
        OpenTicketProperties off = new OpenTicketProperties(false, Map.of(), Map.of(), 100, 2000, 3,
                Duration.ofSeconds(5), Duration.ofMinutes(10));
        Signal signal = OpenTicketTermsTest.signal(Signal.Type.KNOWN_ISSUE, "KI-0042", "Sync App");

        assertThat(lookup(off).about(signal, List.of())).isEmpty();
        assertThat(new OpenTicketLookup((HelpdeskTickets) null, OpenTicketProperties.defaults(), clock)
                .about(signal, List.of())).isEmpty();
        assertThat(helpdesk.calls).isEmpty();
    }

    private OpenTicketLookup lookup(OpenTicketProperties settings) {
        return new OpenTicketLookup(helpdesk, settings, clock);
    }

    /** Answers from maps, truncated to the limit asked, and records every call. */
    private static final class FakeHelpdesk implements HelpdeskTickets {

        final Map<String, List<HelpdeskTicket>> mentioning = new HashMap<>();
        final Map<List<String>, List<HelpdeskTicket>> tagged = new HashMap<>();
        final Map<Long, List<HelpdeskTicket>> incidents = new HashMap<>();
        final Map<Long, String> emails = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        final List<Integer> limits = new ArrayList<>();
        final List<Collection<Long>> emailLookups = new ArrayList<>();
        RuntimeException failure;

        @Override
        public List<HelpdeskTicket> mentioning(String phrase, int limit) {
            return answer("mentioning " + phrase, limit, mentioning.getOrDefault(phrase, List.of()));
        }

        @Override
        public List<HelpdeskTicket> taggedWithAny(List<String> tags, int limit) {
            return answer("tagged " + tags, limit, tagged.getOrDefault(tags, List.of()));
        }

        @Override
        public List<HelpdeskTicket> incidentsOf(long problemId, int limit) {
            return answer("incidents " + problemId, limit, incidents.getOrDefault(problemId, List.of()));
        }

        @Override
        public Map<Long, String> emailsOf(Collection<Long> userIds) {
            calls.add("emails " + userIds.stream().limit(3).toList());
            emailLookups.add(List.copyOf(userIds));
            Map<Long, String> found = new HashMap<>();
            userIds.forEach(id -> {
                if (emails.containsKey(id)) {
                    found.put(id, emails.get(id));
                }
            });
            return found;
        }

        private List<HelpdeskTicket> answer(String call, int limit, List<HelpdeskTicket> tickets) {
            calls.add(call);
            limits.add(limit);
            if (failure != null) {
                throw failure;
            }
            return tickets.subList(0, Math.min(limit, tickets.size()));
        }
    }
}
