package io.kairos.proactive;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One kind of proactive signal as the catalog defines it: where it may come from and whom it concerns.
 *
 * @param description what ops wrote it is for
 * @param changeRules its change-event sources (empty unless {@link Source#CHANGE_EVENT} is among its sources)
 * @param audienceRole for {@link Audience#ACCOUNT_CONTACTS}: only contacts with this role on the account, or null
 * @param schedules   queries run on a schedule, each record they return a signal of the kind
 * @param tickets     what an open ticket about a signal of the kind carries (the open-ticket rule), or null when
 *                    the catalog does not say: then kairos.open-tickets.tags/terms.&lt;KIND&gt;
 * @param events      the org's own platform event channels it comes from, each with the mapping of its fields
 *                    (empty unless {@link Source#MAPPED_EVENT} is among its sources)
 */
public record SignalKind(Signal.Type type, String description, Audience audience, Set<Source> sources,
                         List<ChangeRule> changeRules, String audienceRole, List<Schedule> schedules,
                         TicketHints tickets, List<EventSource> events) {

    public SignalKind {
        sources = Set.copyOf(sources);
        changeRules = List.copyOf(changeRules);
        schedules = List.copyOf(schedules);
        events = List.copyOf(events);
    }

    /** A kind without platform event channels of its own. */
    public SignalKind(Signal.Type type, String description, Audience audience, Set<Source> sources,
                      List<ChangeRule> changeRules, String audienceRole, List<Schedule> schedules,
                      TicketHints tickets) {
        this(type, description, audience, sources, changeRules, audienceRole, schedules, tickets, List.of());
    }

    /** A kind without change-event rules, audience role, schedules or ticket hints. */
    public SignalKind(Signal.Type type, String description, Audience audience, Set<Source> sources) {
        this(type, description, audience, sources, List.of(), null, List.of(), null);
    }

    /** A kind without schedules or ticket hints. */
    public SignalKind(Signal.Type type, String description, Audience audience, Set<Source> sources,
                      List<ChangeRule> changeRules, String audienceRole) {
        this(type, description, audience, sources, changeRules, audienceRole, List.of(), null);
    }

    /** A kind with schedules, without change-event rules, audience role or ticket hints. */
    public SignalKind(Signal.Type type, String description, Audience audience, Set<Source> sources,
                      List<Schedule> schedules) {
        this(type, description, audience, sources, List.of(), null, schedules, null);
    }

    /**
     * The tags an agent (or a macro) puts on a ticket about a signal of the kind, and the phrases such a ticket
     * mentions; templates as kairos.open-tickets.tags/terms take them ({@code {record}}, {@code {product}}, ...).
     */
    public record TicketHints(List<String> tags, List<String> terms) {

        public TicketHints {
            tags = List.copyOf(tags);
            terms = List.copyOf(terms);
        }
    }

    /**
     * A scheduled source: every {@code every}, {@code soql} (SELECT Id FROM ... WHERE ...) is run in Salesforce and
     * each record it returns becomes a signal of the kind (its record id), with this title and severity; the same
     * record yields at most one signal per {@code oncePer}.
     */
    public record Schedule(Duration every, String soql, String title, Signal.Severity severity, Duration oncePer) { }

    /**
     * A platform event channel of the org's own (e.g. /event/Order_Delayed__e) whose every event is a signal of the
     * kind: which event field gives which signal value (null: none), and the severity when no field gives one.
     */
    public record EventSource(String channel, EventFields fields, Signal.Severity severity) {

        public EventSource {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(fields, "fields");
            Objects.requireNonNull(severity, "severity");
        }
    }

    /** The API names of the event fields that give a signal's values; null where the event gives none. */
    public record EventFields(String recordId, String title, String body, String severity, String product,
                              String startsAt, String endsAt) {

        public static final EventFields NONE = new EventFields(null, null, null, null, null, null, null);
    }

    /** Whom a signal of the kind concerns. */
    public enum Audience {
        /** The contact of the Order the signal's record id names. */
        ORDER_CONTACT,
        /** The contacts of accounts owning an Asset of the signal's product. */
        PRODUCT_OWNERS,
        /** The contacts matching the signal's audience (a WHERE clause on allow-listed Contact fields). */
        CONTACTS_WHERE,
        /**
         * The contacts of the Account of the record the signal's record id names (the Account itself, or the
         * record's AccountId), optionally only those whose AccountContactRelation.Roles include the kind's role.
         */
        ACCOUNT_CONTACTS;

        /** As config/signals.yaml writes it: {@code order-contact}. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Where a signal of the kind may come from. */
    public enum Source {
        /** A Kairos_Signal__e platform event whose type field is the kind's name. */
        PLATFORM_EVENT,
        /** POST /api/signals. */
        API,
        /** An Order change event whose status becomes kairos.signals.delayed-status. */
        ORDER_CHANGE,
        /** A change event meeting one of the kind's {@link ChangeRule}s. */
        CHANGE_EVENT,
        /** A platform event on a channel of one of the kind's {@link EventSource}s, its fields mapped. */
        MAPPED_EVENT;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public boolean accepts(Source source) {
        return sources.contains(source);
    }

    /**
     * The object whose record a signal of an account-contacts kind names: the one entity of its change rules, else
     * Account (a signal by API or platform event names the Account).
     */
    public String recordEntity() {
        return changeRules.stream().map(ChangeRule::entity).distinct().reduce((a, b) -> a).orElse("Account");
    }
}
