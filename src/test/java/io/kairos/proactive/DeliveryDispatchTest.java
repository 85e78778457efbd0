package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kairos.ledger.LedgerStore;
import io.kairos.platform.SharedRateLimits;
import io.kairos.timing.Decision;
import io.kairos.timing.OpenTicket;
import io.kairos.timing.ReasonCode;
import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one dispatch's decisions on a real outbox, whatever the channel: its channel only, opt-outs, the 429 pause
 * shared by replicas without spending attempts, backoffs, final answers, notes on open tickets.
 */
class DeliveryDispatchTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final int MAX_ATTEMPTS = 3;
    /** Two notes a second: a claim takes what one second allows, so both notes of a test come in one claim. */
    private static final double NOTES_PER_MINUTE = 120;
    private static final double PER_SECOND = 10;

    private final MutableClock clock = new MutableClock(T0);

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void claimsNothingWhileTheChannelIsNotReady(Database db) {
        Outbox outbox = outbox(db);
        DeliveryDispatch dispatch = dispatch(db, outbox);
        outbox.plan(signal(db), recipients("jane@acme.example"), T0, "zendesk");

        assertThat(dispatch.claimDue("zendesk", PER_SECOND, 1000, false)).isEmpty();

        assertThat(statuses(db)).containsExactly("PLANNED");
        assertThat(dispatch.claimDue("zendesk", PER_SECOND, 1000, true)).extracting(OutboxMessage::contactEmail)
                .containsExactly("jane@acme.example");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void claimsOnlyZendeskMessagesAndSuppressesContactsWhoOptedOutOfEmail(Database db) {
        Outbox outbox = outbox(db);
        Signal signal = signal(db);
        outbox.plan(signal, List.of(recipient("jane@acme.example", false), recipient("max@acme.example", true)), T0,
                "zendesk");
        outbox.plan(signal, recipients("intercom@acme.example"), T0, "intercom");

        List<OutboxMessage> claimed = dispatch(db, outbox).claimDue("zendesk", PER_SECOND, 1000, true);

        assertThat(claimed).extracting(OutboxMessage::contactEmail).containsExactly("jane@acme.example");
        assertThat(db.jdbc().queryForList("select contact_email, status, reason_code from outbox_message "
                + "order by contact_email"))
                .extracting(r -> r.get("contact_email"), r -> r.get("status"), r -> r.get("reason_code"))
                .containsExactly(tuple("intercom@acme.example", "PLANNED", null),
                        tuple("jane@acme.example", "CLAIMED", null),
                        tuple("max@acme.example", "SUPPRESSED", "OPTED_OUT"));
        assertThat(db.jdbc().queryForList("select decision from ledger_entry where contact_email = ?", String.class,
                "max@acme.example")).containsExactly("SUPPRESSED");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRateLimitPausesTheChannelOnEveryReplicaAndGivesTheAttemptsBack(Database db) {
        Outbox outbox = outbox(db);
        DeliveryDispatch replica = dispatch(db, outbox);
        DeliveryDispatch otherReplica = dispatch(db, outbox);
        outbox.plan(signal(db), recipients("first@acme.example", "second@acme.example"), T0, "intercom");
        outbox.plan(signal(db), recipients("zendesk@acme.example"), T0, "zendesk");
        List<OutboxMessage> claimed = replica.claimDue("intercom", PER_SECOND, 1000, true);
        OutboxMessage first = claimed.get(0);
        OutboxMessage second = claimed.get(1);
        Instant until = T0.plusSeconds(17);

        assertThat(replica.startSending(first)).isTrue();
        replica.apply(first, new DeliveryOutcome.RetryAt(until, "429"));

        assertThat(otherReplica.startSending(second)).as("nothing goes out before Retry-After").isFalse();
        assertThat(otherReplica.claimDue("intercom", PER_SECOND, 1000, true)).as("the pause is shared").isEmpty();
        assertThat(otherReplica.claimDue("zendesk", PER_SECOND, 1000, true)).as("other channels go on")
                .hasSize(1);
        assertThat(db.jdbc().queryForList("select status, attempts, send_at from outbox_message "
                + "where channel = 'intercom' order by id"))
                .allSatisfy(row -> {
                    assertThat(row).containsEntry("status", "PLANNED").containsEntry("attempts", 0);
                    assertThat(instant(row.get("send_at"))).isEqualTo(until);
                });
        clock.set(until);
        assertThat(otherReplica.claimDue("intercom", PER_SECOND, 1000, true)).extracting(OutboxMessage::attempts)
                .containsExactly(1, 1);
        assertThat(db.jdbc().queryForObject("select count(*) from ledger_entry", Integer.class)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aServerErrorSpendsItsAttemptAndWaitsForItsRetryAfterWithoutPausingTheChannel(Database db) {
        Outbox outbox = outbox(db);
        DeliveryDispatch dispatch = dispatch(db, outbox);
        outbox.plan(signal(db), recipients("first@acme.example", "second@acme.example"), T0, "intercom");
        List<OutboxMessage> claimed = dispatch.claimDue("intercom", PER_SECOND, 1000, true);
        Instant retryAfter = T0.plusSeconds(120);

        assertThat(dispatch.startSending(claimed.get(0))).isTrue();
        dispatch.apply(claimed.get(0), new DeliveryOutcome.Backoff("Intercom answered 503", retryAfter));

        assertThat(dispatch.startSending(claimed.get(1))).as("the channel is not paused").isTrue();
        assertThat(db.jdbc().queryForMap("select status, attempts, send_at from outbox_message where id = ?",
                claimed.get(0).id())).containsEntry("status", "PLANNED").containsEntry("attempts", 1)
                .satisfies(row -> assertThat(instant(row.get("send_at"))).isEqualTo(retryAfter));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void backsOffUntilTheLastAttemptThenFails(Database db) {
        Outbox outbox = outbox(db);
        DeliveryDispatch dispatch = dispatch(db, outbox);
        outbox.plan(signal(db), recipients("jane@acme.example"), T0, "zendesk");

        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            OutboxMessage m = dispatch.claimDue("zendesk", PER_SECOND, 1000, true).get(0);
            assertThat(m.attempts()).isEqualTo(attempt);
            assertThat(dispatch.startSending(m)).isTrue();
            dispatch.apply(m, new DeliveryOutcome.Backoff("Zendesk answered 503 Service Unavailable"));
            if (attempt < MAX_ATTEMPTS) {
                assertThat(dispatch.claimDue("zendesk", PER_SECOND, 1000, true)).as("not before the backoff")
                        .isEmpty();
                clock.advance(outbox.backoffAfter(attempt));
            }
        }

        assertThat(db.jdbc().queryForMap("select status, reason_code, reason from outbox_message"))
                .containsEntry("status", "FAILED").containsEntry("reason_code", "ATTEMPTS_EXHAUSTED")
                .containsEntry("reason",
                        "gave up after 3 attempts; the last: Zendesk answered 503 Service Unavailable");
        assertThat(db.jdbc().queryForObject("select count(*) from dead_letter where source = 'outbox'",
                Integer.class)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eachFinalAnswerEndsTheMessageWithItsLedgerEntry(Database db) {
        Outbox outbox = outbox(db);
        DeliveryDispatch dispatch = dispatch(db, outbox);
        outbox.plan(signal(db), recipients("sent@acme.example", "failed@acme.example", "unknown@acme.example"), T0,
                "zendesk");
        Map<String, OutboxMessage> claimed = new HashMap<>();
        dispatch.claimDue("zendesk", PER_SECOND, 1000, true).forEach(m -> claimed.put(m.contactEmail(), m));
        claimed.values().forEach(m -> assertThat(dispatch.startSending(m)).isTrue());

        dispatch.apply(claimed.get("sent@acme.example"), new DeliveryOutcome.Sent("35440"));
        dispatch.apply(claimed.get("failed@acme.example"), new DeliveryOutcome.Failed("HTTP_422",
                "Zendesk answered 422 Unprocessable Entity: RecordInvalid"));
        dispatch.apply(claimed.get("unknown@acme.example"), new DeliveryOutcome.NeedsReconcile("timeout"));

        assertThat(db.jdbc().queryForList("select contact_email, status, external_id, reason_code from outbox_message "
                + "order by contact_email"))
                .extracting(r -> r.get("contact_email"), r -> r.get("status"), r -> r.get("external_id"),
                        r -> r.get("reason_code"))
                .containsExactly(tuple("failed@acme.example", "FAILED", null, "HTTP_422"),
                        tuple("sent@acme.example", "SENT", "35440", null),
                        tuple("unknown@acme.example", "NEEDS_RECONCILE", null, "OUTCOME_UNKNOWN"));
        assertThat(db.jdbc().queryForList("select contact_email, channel, decision from ledger_entry "
                + "order by contact_email"))
                .extracting(r -> r.get("contact_email"), r -> r.get("channel"), r -> r.get("decision"))
                .containsExactly(tuple("failed@acme.example", "zendesk", "FAILED"),
                        tuple("sent@acme.example", "zendesk", "SENT"),
                        tuple("unknown@acme.example", "zendesk", "NEEDS_RECONCILE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void notesOnOpenTicketsGoOutWhateverTheChannelAndWaitOutARateLimit(Database db) {
        Outbox outbox = outbox(db);
        DeliveryDispatch dispatch = dispatch(db, outbox);
        outbox.plan(signal(db), recipients("jane@acme.example", "bob@acme.example"), Map.of(
                "jane@acme.example", held(35436), "bob@acme.example", held(35437)), "intercom");

        List<OutboxMessage> notes = dispatch.claimDue(Outbox.TICKET_NOTE, NOTES_PER_MINUTE, 60_000, true);
        assertThat(notes).extracting(OutboxMessage::ticketId).containsExactlyInAnyOrder(35436L, 35437L);
        OutboxMessage first = notes.get(0);
        OutboxMessage second = notes.get(1);
        assertThat(dispatch.startSending(first)).isTrue();
        dispatch.apply(first, new DeliveryOutcome.Sent(first.ticketId().toString()));
        dispatch.apply(second, new DeliveryOutcome.RetryAt(T0.plusSeconds(30), "429"));

        assertThat(dispatch.claimDue(Outbox.TICKET_NOTE, NOTES_PER_MINUTE, 60_000, true)).as("paused by the 429")
                .isEmpty();
        assertThat(db.jdbc().queryForMap("select status, external_id from outbox_message where id = ?", first.id()))
                .containsEntry("status", "NOTED").containsEntry("external_id", first.ticketId().toString());
        assertThat(db.jdbc().queryForObject("select status from outbox_message where id = ?", String.class,
                second.id())).isEqualTo("PLANNED");
        assertThat(db.jdbc().queryForList("select decision from ledger_entry where contact_email = ? order by id",
                String.class, first.contactEmail())).containsExactly("SUPPRESSED", "NOTED");
        clock.set(T0.plusSeconds(31));
        assertThat(dispatch.claimDue(Outbox.TICKET_NOTE, NOTES_PER_MINUTE, 60_000, true))
                .extracting(OutboxMessage::id).containsExactly(second.id());
    }

    private static Decision held(long ticketId) {
        return new Decision(Decision.Outcome.HOLD_FOR_TICKET, null, ReasonCode.OPEN_TICKET,
                "Held back: ticket #" + ticketId + " is open", new OpenTicket(ticketId, "Where is my order?"));
    }

    private Outbox outbox(Database db) {
        OutboxProperties properties = new OutboxProperties(50, Duration.ofMinutes(2), MAX_ATTEMPTS,
                Duration.ofSeconds(2), Duration.ofMinutes(10));
        return db.transactional(new Outbox(db.jdbc(), clock, properties, new LedgerStore(db.jdbc())));
    }

    private DeliveryDispatch dispatch(Database db, Outbox outbox) {
        return new DeliveryDispatch(outbox, TimingDecisionsTest.timing(db, clock, outbox),
                new ChannelPauses(new SharedRateLimits(db.jdbc(), db.transaction(), clock)), clock);
    }

    private static Signal signal(Database db) {
        return new SignalStore(db.jdbc()).save(new Signal("sig-1", "evt:sig-1", "manual", Signal.Type.ORDER_DELAY,
                "801A", Signal.Severity.HIGH, "Order 00123 is late", "New ETA Friday", null, null, null, null, T0));
    }

    private static List<Recipient> recipients(String... emails) {
        return Stream.of(emails).map(email -> recipient(email, false)).toList();
    }

    private static Recipient recipient(String email, boolean optedOut) {
        return new Recipient("003" + Math.abs(email.hashCode()), email, "Name of " + email, "UTC", optedOut,
                Map.of());
    }

    private static List<String> statuses(Database db) {
        return db.jdbc().queryForList("select status from outbox_message order by id", String.class);
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime odt ? odt.toInstant() : ((Timestamp) value).toInstant();
    }
}
