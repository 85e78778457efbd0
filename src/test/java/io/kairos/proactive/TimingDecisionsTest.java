package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.activity.ContactActivity;
import io.kairos.enrichment.EnrichmentRecords;
import io.kairos.enrichment.TicketEnrichment;
import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import io.kairos.timing.Decision;
import io.kairos.timing.ReasonCode;
import io.kairos.timing.TimingRules;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The timing policy on the proactive path: history per page or batch, and the re-check right before sending. */
public class TimingDecisionsTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    /** The defaults of {@code kairos.timing}: quiet 20:00–08:00, 1 per 24 h and 3 per 7 days, deferred. */
    public static final TimingProperties DEFAULTS = new TimingProperties("20:00", "08:00", "UTC", null,
            TimingRules.OverCap.DEFER, true, false, null);

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);

    /** A fresh inbox event key: each call is another event. */
    private static String event() {
        return "test:" + UUID.randomUUID();
    }

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    /** Timing decisions with the default rules, Intercom messages going out as email. */
    public static TimingDecisions timing(Database db, Clock clock, Outbox outbox) {
        return timing(db, clock, outbox, DEFAULTS, "email");
    }

    static TimingDecisions timing(Database db, Clock clock, Outbox outbox, TimingProperties properties,
                                  String intercomMessageType) {
        return new TimingDecisions(new ProactiveRules(properties, new ProactiveProperties("intercom", 10, null, null),
                clock), new LedgerStore(db.jdbc()), outbox, new OpenTickets(new EnrichmentRecords(db.jdbc(), clock)),
                new SuppressionList(db.jdbc(), clock), new ContactActivity(db.jdbc()), clock, intercomMessageType);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aContactAtTheCapWhenDispatchedIsDeferredWithTheAttemptGivenBack(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        Signal signal = signal(db, "sig-1", "801A");
        outbox.plan(signal, OutboxTest.recipients("jane@acme.example"), T0, "intercom");
        sent(db, "jane@acme.example", T0.minusSeconds(3600));

        List<OutboxMessage> admitted = timing(db, clock, outbox).admit(outbox.claimDue("intercom"));

        assertThat(admitted).isEmpty();
        Map<String, Object> row = db.jdbc().queryForMap(
                "select status, send_at, reason_code, attempts from outbox_message");
        assertThat(row).containsEntry("status", "PLANNED").containsEntry("reason_code", "CAP_REACHED")
                .containsEntry("attempts", 0);
        assertThat(instant(row.get("send_at"))).isEqualTo(Instant.parse("2026-11-27T09:00:00Z"));
        assertThat(db.jdbc().queryForMap("select decision, reason_code, reason, channel from ledger_entry "
                + "where signal_id = 'sig-1'"))
                .containsEntry("decision", "DEFERRED").containsEntry("reason_code", "CAP_REACHED")
                .containsEntry("channel", "intercom")
                .hasEntrySatisfying("reason", r -> assertThat((String) r).contains("cap of 1 message per 24 h"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void quietHoursThatBeganSincePlanningDeferTheMessageToTheirEnd(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        outbox.plan(signal(db, "sig-1", "801A"), OutboxTest.recipients("jane@acme.example"), T0, "intercom");
        clock.set(Instant.parse("2026-11-26T20:30:00Z"));

        assertThat(timing(db, clock, outbox).admit(outbox.claimDue("intercom"))).isEmpty();

        assertThat(instant(db.jdbc().queryForObject("select send_at from outbox_message", Object.class)))
                .as("08:00 in Berlin").isEqualTo(Instant.parse("2026-11-27T07:00:00Z"));
        assertThat(db.jdbc().queryForObject("select reason_code from ledger_entry", String.class))
                .isEqualTo("QUIET_HOURS");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSecondMessageForTheSameContactInOneBatchWaitsForTheCap(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        outbox.plan(signal(db, "sig-1", "801A"), OutboxTest.recipients("jane@acme.example"), T0, "intercom");
        outbox.plan(signal(db, "sig-2", "801B"), OutboxTest.recipients("jane@acme.example"), T0, "intercom");

        List<OutboxMessage> admitted = timing(db, clock, outbox).admit(outbox.claimDue("intercom"));

        assertThat(admitted).extracting(m -> m.signal().id()).containsExactly("sig-1");
        assertThat(db.jdbc().queryForMap("select status, reason_code from outbox_message where signal_id = 'sig-2'"))
                .containsEntry("status", "PLANNED").containsEntry("reason_code", "CAP_REACHED");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void optOutIsDecidedByThePolicyPerChannel(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        Recipient optedOut = new Recipient("003X", "max@acme.example", "Max", "UTC", true, Map.of());
        outbox.plan(signal(db, "sig-1", "801A"), List.of(optedOut), T0, "intercom");
        outbox.plan(signal(db, "sig-2", "801B"), List.of(optedOut), T0, "zendesk");

        assertThat(timing(db, clock, outbox, DEFAULTS, "in_app").admit(outbox.claimDue("intercom")))
                .as("in-app ignores the email opt-out by default").hasSize(1);
        assertThat(timing(db, clock, outbox, DEFAULTS, "in_app").admit(outbox.claimDue("zendesk")))
                .as("a Zendesk ticket emails").isEmpty();
        assertThat(db.jdbc().queryForMap("select status, reason_code from outbox_message where channel = 'zendesk'"))
                .containsEntry("status", "SUPPRESSED").containsEntry("reason_code", "OPTED_OUT");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void planningCountsAnotherSignalsMessageAlreadyDueForTheContact(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        outbox.plan(signal(db, "sig-1", "801A"), OutboxTest.recipients("jane@acme.example"), T0, "intercom");
        Signal second = signal(db, "sig-2", "801B");

        Map<String, Decision> decisions = timing(db, clock, outbox)
                .forPage(second, OutboxTest.recipients("Jane@Acme.example", "bob@acme.example"), "intercom");

        assertThat(decisions.get("jane@acme.example").outcome()).isEqualTo(Decision.Outcome.DEFER);
        assertThat(decisions.get("jane@acme.example").sendAt()).isEqualTo(T0.plusSeconds(24 * 3600));
        assertThat(decisions.get("bob@acme.example").outcome()).isEqualTo(Decision.Outcome.SEND);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aContactWithAnOpenTicketAboutTheOrderGetsANoteOnItInsteadOfAMessage(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        enrichedTicket(db, 35436, "jane@acme.example", "open", "ORDER_DELAY:801A");
        enrichedTicket(db, 35437, "bob@acme.example", "solved", "ORDER_DELAY:801A");
        enrichedTicket(db, 35438, "eve@acme.example", "open", "ORDER_DELAY:801B");
        Signal signal = signal(db, "sig-1", "801A");
        List<Recipient> page = OutboxTest.recipients("jane@acme.example", "bob@acme.example", "eve@acme.example");

        Map<String, Decision> decisions = timing(db, clock, outbox).forPage(signal, page, "intercom");
        outbox.plan(signal, page, decisions, "intercom");

        assertThat(decisions.get("jane@acme.example").outcome()).isEqualTo(Decision.Outcome.HOLD_FOR_TICKET);
        assertThat(decisions.get("jane@acme.example").heldFor().ticketId()).isEqualTo(35436L);
        assertThat(decisions.get("bob@acme.example").outcome()).as("a solved ticket holds nothing back")
                .isEqualTo(Decision.Outcome.SEND);
        assertThat(decisions.get("eve@acme.example").outcome()).as("an open ticket about another order")
                .isEqualTo(Decision.Outcome.SEND);
        assertThat(db.jdbc().queryForMap("select status, channel, ticket_id, reason_code from outbox_message "
                + "where contact_email = 'jane@acme.example'"))
                .containsEntry("status", "PLANNED").containsEntry("channel", Outbox.TICKET_NOTE)
                .containsEntry("ticket_id", 35436L).containsEntry("reason_code", "OPEN_TICKET");
        assertThat(db.jdbc().queryForMap("select decision, reason_code, reason from ledger_entry "
                + "where contact_email = 'jane@acme.example'"))
                .containsEntry("decision", "SUPPRESSED").containsEntry("reason_code", "OPEN_TICKET")
                .hasEntrySatisfying("reason", r -> assertThat((String) r).contains("ticket #35436"));
        assertThat(outbox.claimDue("intercom")).extracting(OutboxMessage::contactEmail)
                .containsExactlyInAnyOrder("bob@acme.example", "eve@acme.example");
        assertThat(outbox.claimDue(Outbox.TICKET_NOTE)).singleElement()
                .satisfies(note -> assertThat(note.ticketId()).isEqualTo(35436L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTicketOpenedSincePlanningTurnsTheClaimedMessageIntoANote(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        outbox.plan(signal(db, "sig-1", "801A"), OutboxTest.recipients("jane@acme.example"), T0, "intercom");
        enrichedTicket(db, 35436, "jane@acme.example", "new", "ORDER_DELAY:801A");

        assertThat(timing(db, clock, outbox).admit(outbox.claimDue("intercom"))).isEmpty();

        assertThat(db.jdbc().queryForMap("select status, channel, ticket_id, attempts from outbox_message"))
                .containsEntry("status", "PLANNED").containsEntry("channel", Outbox.TICKET_NOTE)
                .containsEntry("ticket_id", 35436L).containsEntry("attempts", 0);
        OutboxMessage note = outbox.claimDue(Outbox.TICKET_NOTE).get(0);
        assertThat(outbox.markSending(note)).isTrue();
        assertThat(outbox.markNoted(note)).isTrue();
        assertThat(db.jdbc().queryForList("select decision from ledger_entry order by id", String.class))
                .containsExactly("SUPPRESSED", "NOTED");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNotedSignalIsNotSentAgainByALaterSignalAboutTheSameOrder(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        new LedgerStore(db.jdbc()).record(new LedgerEntry("jane@acme.example", "sig-1", "ORDER_DELAY", "801A",
                "intercom", LedgerEntry.Decision.NOTED, "OPEN_TICKET", "noted", null, T0.minusSeconds(60)));

        Decision decision = timing(db, clock, outbox).forPage(signal(db, "sig-2", "801A"),
                OutboxTest.recipients("jane@acme.example"), "intercom").get("jane@acme.example");

        assertThat(decision.code().name()).isEqualTo("DUPLICATE");
        assertThat(decision.sentence()).contains("internal note");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aContactOnTheSuppressionListGetsNothingOnAnyChannel(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        SuppressionList suppressions = new SuppressionList(db.jdbc(), clock);
        outbox.plan(signal(db, "sig-1", "801A"), OutboxTest.recipients("jane@acme.example"), T0, "intercom");
        suppressions.add(" Jane@Acme.example ", "asked us by phone, 2026-11-20", "test");

        assertThat(timing(db, clock, outbox, DEFAULTS, "in_app").admit(outbox.claimDue("intercom"))).isEmpty();
        Decision planned = timing(db, clock, outbox).forPage(signal(db, "sig-2", "801B"),
                OutboxTest.recipients("jane@acme.example"), "intercom").get("jane@acme.example");

        assertThat(db.jdbc().queryForMap("select status, reason_code from outbox_message"))
                .containsEntry("status", "SUPPRESSED").containsEntry("reason_code", "SUPPRESSION_LIST");
        assertThat(planned.code().name()).isEqualTo("SUPPRESSION_LIST");
        assertThat(planned.sentence()).contains("asked us by phone");
        assertThat(suppressions.remove("jane@acme.example")).isTrue();
        assertThat(timing(db, clock, outbox).forPage(signal(db, "sig-3", "801C"),
                OutboxTest.recipients("jane@acme.example"), "intercom").get("jane@acme.example").outcome())
                .isEqualTo(Decision.Outcome.SEND);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aContactWithoutAZoneHasQuietHoursInTheAccountsZone(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        clock.set(Instant.parse("2026-11-26T23:30:00Z")); // 18:30 in New York, 23:30 in UTC (the default zone)
        Recipient noZone = new Recipient("003N", "nina@globex.example", "Nina", null, false,
                Map.of(Recipient.ACCOUNT_TIME_ZONE, "America/New_York"));
        Recipient noZoneAnywhere = new Recipient("003O", "otto@globex.example", "Otto", " ", false, Map.of());

        Map<String, Decision> decisions = timing(db, clock, outbox)
                .forPage(signal(db, "sig-1", "801A"), List.of(noZone, noZoneAnywhere), "intercom");

        assertThat(decisions.get("nina@globex.example").outcome()).isEqualTo(Decision.Outcome.SEND);
        assertThat(decisions.get("nina@globex.example").sentence()).contains("America/New_York");
        assertThat(decisions.get("otto@globex.example").outcome()).as("quiet in UTC")
                .isEqualTo(Decision.Outcome.DEFER);
    }

    /**
     * With a 50 % holdout on ORDER_DELAY, sig-1 (key evt:sig-1) draws out@x.example into the control group (0.248 of
     * 2^64) and not jane@acme.example (0.689): a planned message re-decided at dispatch, after the kind got its holdout, is held out.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aKindWithAHoldoutHoldsOutTheDrawnContactsWhenPlanningAndAtDispatch(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        Signal signal = signal(db, "sig-1", "801A");
        TimingProperties half = new Binder(new MapConfigurationPropertySource(Map.of(
                "kairos.timing.types.ORDER_DELAY.holdout", "50%"))).bindOrCreate("kairos.timing",
                TimingProperties.class);
        TimingDecisions timing = timing(db, clock, outbox, half, "email");

        Map<String, Decision> decisions = timing.forPage(signal,
                OutboxTest.recipients("Out@X.example", "jane@acme.example"), "intercom");
        assertThat(decisions.get("out@x.example").outcome()).isEqualTo(Decision.Outcome.HOLD_OUT);
        assertThat(decisions.get("jane@acme.example").outcome()).isEqualTo(Decision.Outcome.SEND);

        outbox.plan(signal, OutboxTest.recipients("out@x.example", "jane@acme.example"), T0, "intercom");
        List<OutboxMessage> admitted = timing.admit(outbox.claimDue("intercom"));

        assertThat(admitted).extracting(OutboxMessage::contactEmail).containsExactly("jane@acme.example");
        assertThat(db.jdbc().queryForMap("select status, reason_code, reason from outbox_message "
                + "where contact_email = 'out@x.example'")).containsEntry("status", "HELD_OUT")
                .containsEntry("reason_code", "CONTROL_GROUP")
                .containsEntry("reason", decisions.get("out@x.example").sentence());
        assertThat(db.jdbc().queryForMap("select decision, reason_code from ledger_entry"))
                .containsEntry("decision", "HELD_OUT").containsEntry("reason_code", "CONTROL_GROUP");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aPageWaitsForEachContactsActiveHourOrTheirAccountsAndTheOthersGoNow(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        ContactActivity activity = new ContactActivity(db.jdbc());
        for (int day = 1; day <= 5; day++) {
            // 14:20 in Berlin on each of the last five days; Carla's account is busy at 12:00.
            activity.seen(event(), "jane@acme.example", null, "Europe/Berlin", null, T0.minus(Duration.ofDays(day))
                    .plus(Duration.ofMinutes(200)));
            activity.seen(event(), "someone@globex.example", "001G", "Europe/Berlin", null,
                    T0.minus(Duration.ofDays(day)).plus(Duration.ofMinutes(60)));
        }
        Recipient carla = new Recipient("003C", "carla@globex.example", "Carla", "Europe/Berlin", false,
                Map.of(Recipient.ACCOUNT_ID, "001G"));
        List<Recipient> page = new ArrayList<>(OutboxTest.recipients("jane@acme.example", "bob@acme.example"));
        page.add(carla);

        Map<String, Decision> decisions = timing(db, clock, outbox).forPage(signal(db, "sig-1", "801A"), page,
                "intercom");

        assertThat(decisions.get("jane@acme.example").code()).isEqualTo(ReasonCode.SEND_TIME);
        assertThat(decisions.get("jane@acme.example").sendAt()).as("14:00 in Berlin")
                .isEqualTo(Instant.parse("2026-11-26T13:00:00Z"));
        assertThat(decisions.get("jane@acme.example").sentence())
                .contains("usually active 14:00–15:00 Europe/Berlin; sending at 14:00");
        assertThat(decisions.get("carla@globex.example").sendAt()).as("her account's 12:00 in Berlin")
                .isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));
        assertThat(decisions.get("bob@acme.example").code()).as("never seen: as before").isEqualTo(ReasonCode.OK);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aClaimedMessageWaitsForTheActiveHourAndGoesWhenItComes(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        ContactActivity activity = new ContactActivity(db.jdbc());
        for (int day = 1; day <= 5; day++) {
            activity.seen(event(), "jane@acme.example", null, "Europe/Berlin", null, T0.minus(Duration.ofDays(day))
                    .plus(Duration.ofMinutes(200)));
        }
        outbox.plan(signal(db, "sig-1", "801A"), OutboxTest.recipients("jane@acme.example"), T0, "intercom");

        assertThat(timing(db, clock, outbox).admit(outbox.claimDue("intercom"))).isEmpty();
        assertThat(instant(db.jdbc().queryForObject("select send_at from outbox_message", Object.class)))
                .isEqualTo(Instant.parse("2026-11-26T13:00:00Z"));
        assertThat(db.jdbc().queryForObject("select reason_code from ledger_entry", String.class))
                .isEqualTo("SEND_TIME");

        clock.set(Instant.parse("2026-11-26T13:00:05Z"));
        assertThat(timing(db, clock, outbox).admit(outbox.claimDue("intercom"))).hasSize(1);
    }

    /**
     * With a 50 % send-time-holdout on ORDER_DELAY, sig-1 (key evt:sig-1) draws jane@acme.example into the "at once"
     * arm (SHA-256 of "send-time:evt:sig-1:jane@acme.example" gives 0.177 of 2^64) and not carl@acme.example (0.660):
     * both usually active at 14:00 Berlin, Jane goes now, Carl at 14:00, and each SENT entry names the arm in its
     * own column: Jane's, in a fallback language, keeps LANGUAGE_FALLBACK as its reason code and its language note.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSendTimeExperimentSendsOneArmAtOnceAndRecordsTheArmOnTheSentEntry(Database db) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        ContactActivity activity = new ContactActivity(db.jdbc());
        for (int day = 1; day <= 5; day++) {
            for (String email : List.of("jane@acme.example", "carl@acme.example")) {
                activity.seen(event(), email, null, "Europe/Berlin", null, T0.minus(Duration.ofDays(day))
                        .plus(Duration.ofMinutes(200)));
            }
        }
        TimingProperties experiment = new Binder(new MapConfigurationPropertySource(Map.of(
                "kairos.timing.types.ORDER_DELAY.send-time-holdout", "50%"))).bindOrCreate("kairos.timing",
                TimingProperties.class);
        Recipient carl = OutboxTest.recipients("carl@acme.example").get(0);
        Recipient jane = new Recipient("003JANE", "jane@acme.example", "Jane", "Europe/Berlin", false, Map.of(
                MessageLanguages.LANGUAGE, "en", MessageLanguages.LANGUAGE_FALLBACK, "true",
                MessageLanguages.LANGUAGE_NOTE, "in en: no de template"));
        outbox.plan(signal(db, "sig-1", "801A"), List.of(jane, carl), T0, "intercom");

        List<OutboxMessage> now = timing(db, clock, outbox, experiment, "email").admit(outbox.claimDue("intercom"));
        assertThat(now).extracting(OutboxMessage::contactEmail).containsExactly("jane@acme.example");
        sendAll(outbox, now);
        clock.set(Instant.parse("2026-11-26T13:00:05Z"));
        List<OutboxMessage> later = timing(db, clock, outbox, experiment, "email")
                .admit(outbox.claimDue("intercom"));
        assertThat(later).extracting(OutboxMessage::contactEmail).containsExactly("carl@acme.example");
        sendAll(outbox, later);

        assertThat(db.jdbc().queryForList("select contact_email || ' ' || coalesce(reason_code, '-') || ' ' "
                + "|| experiment_arm || ' ' || coalesce(reason, '-') from ledger_entry where decision = 'SENT' "
                + "order by contact_email", String.class))
                .containsExactly("carl@acme.example - send-time:active -",
                        "jane@acme.example LANGUAGE_FALLBACK send-time:at-once in en: no de template");
        assertThat(new LedgerStore(db.jdbc()).sentTo("jane@acme.example", 1)).singleElement()
                .extracting(LedgerEntry::reasonCode, LedgerEntry::experimentArm)
                .containsExactly("LANGUAGE_FALLBACK", "send-time:at-once");
    }

    private static void sendAll(Outbox outbox, List<OutboxMessage> messages) {
        for (OutboxMessage m : messages) {
            assertThat(outbox.markSending(m)).isTrue();
            assertThat(outbox.markSent(m, "msg-" + m.id())).isTrue();
        }
    }

    private void enrichedTicket(Database db, long ticketId, String email, String status, String topic) {
        new EnrichmentRecords(db.jdbc(), clock).written(new TicketEnrichment(ticketId, email, true, "note",
                List.of(), Map.of(), null, List.of(topic)), status, "Ticket " + ticketId + ", about my order");
    }

    private static Signal signal(Database db, String id, String recordId) {
        return new SignalStore(db.jdbc()).save(new Signal(id, "evt:" + id, "platform-event", Signal.Type.ORDER_DELAY,
                recordId, Signal.Severity.HIGH, "Order " + recordId + " is late", null, null, null, null, null, T0));
    }

    private static void sent(Database db, String email, Instant at) {
        new LedgerStore(db.jdbc()).record(new LedgerEntry(email, "sig-0", "ANNOUNCEMENT", null, "intercom",
                LedgerEntry.Decision.SENT, null, null, "Spring release", at));
    }

    static Instant instant(Object value) {
        return value instanceof OffsetDateTime odt ? odt.toInstant() : ((Timestamp) value).toInstant();
    }
}
