package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.ledger.LedgerStore;
import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import io.kairos.timing.Decision;
import io.kairos.timing.Decision.Outcome;
import io.kairos.timing.ReasonCode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;

/** The outbox on H2 (PostgreSQL mode) and on a real PostgreSQL: planning, claims and leases, fencing, the ledger. */
class OutboxTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int MAX_ATTEMPTS = 3;

    private final MutableClock clock = new MutableClock(T0);

    static Stream<Database> databases() {
        return DATABASES.stream();
    }


    static Outbox outbox(Database db, MutableClock clock, int batchSize) {
        OutboxProperties properties = new OutboxProperties(batchSize, LEASE, MAX_ATTEMPTS, Duration.ofSeconds(2),
                Duration.ofMinutes(10));
        return db.transactional(new Outbox(db.jdbc(), clock, properties, new LedgerStore(db.jdbc())));
    }

    static List<Recipient> recipients(String... emails) {
        return Arrays.stream(emails).map(email -> new Recipient("003" + Math.abs(email.hashCode()), email,
                "Name of " + email, "Europe/Berlin", false, Map.of("orderNumber", "00123"))).toList();
    }

    private Outbox outbox(Database db) {
        return outbox(db, clock, 50);
    }

    private static Signal signal(Database db, String id, String title) {
        return new SignalStore(db.jdbc()).save(new Signal(id, "evt:" + id, "platform-event", Signal.Type.ORDER_DELAY,
                "801A", Signal.Severity.HIGH, title, "New ETA Friday", null, null, null, null, T0));
    }

    private static Signal signal(Database db) {
        return signal(db, "sig-1", "Order 00123 is late");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void planningIsIdempotentPerSignalAndEmail(Database db) {
        Outbox outbox = outbox(db);
        Signal signal = signal(db);
        List<Recipient> page = new ArrayList<>(recipients("jane@acme.example", "  Bob@Acme.Example "));
        page.add(new Recipient("003none", null, "No Email", null, false, null));
        page.add(new Recipient("003blank", " ", "Blank Email", null, false, null));
        page.add(new Recipient("003dup", "JANE@acme.example", "Jane again", null, false, null));

        assertThat(outbox.plan(signal, page, T0.plusSeconds(60), "intercom")).isEqualTo(2);
        assertThat(outbox.plan(signal, page, T0.plusSeconds(60), "intercom")).as("re-planned after a crash")
                .isZero();
        assertThat(outbox.plan(signal, recipients("bob@acme.example", "carol@acme.example"), T0, "intercom"))
                .isEqualTo(1);
        assertThat(outbox.plan(signal(db, "sig-2", "Other"), recipients("jane@acme.example"), T0, "intercom"))
                .as("another signal for the same contact").isEqualTo(1);

        assertThat(db.jdbc().queryForList("select contact_email from outbox_message where signal_id = 'sig-1' "
                + "order by contact_email", String.class))
                .containsExactly("bob@acme.example", "carol@acme.example", "jane@acme.example");
        Map<String, Object> jane = row(db, "sig-1", "jane@acme.example");
        assertThat(jane).containsEntry("status", "PLANNED").containsEntry("attempts", 0)
                .containsEntry("channel", "intercom").containsEntry("contact_name", "Name of jane@acme.example")
                .containsEntry("time_zone", "Europe/Berlin").containsEntry("variables", "{\"orderNumber\":\"00123\"}");
        assertThat(instant(jane, "send_at")).isEqualTo(T0.plusSeconds(60));
        assertThat(instant(jane, "created_at")).isEqualTo(T0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDispatcherClaimsNoMoreThanItCanSendAndNeverMoreThanABatch(Database db) {
        Outbox outbox = outbox(db, clock, 3);
        Signal signal = signal(db);
        outbox.plan(signal, recipients("a@x.example", "b@x.example", "c@x.example", "d@x.example", "e@x.example",
                "f@x.example", "g@x.example"), T0, "intercom");

        assertThat(outbox.claimDue("intercom", 2)).hasSize(2);
        assertThat(outbox.claimDue("intercom", 0)).as("at least one, or a slow rate would never send").hasSize(1);
        assertThat(outbox.claimDue("intercom", 100)).as("the batch size still bounds a claim").hasSize(3);
        assertThat(outbox.claimDue("intercom", 100)).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void claimTakesDueMessagesOldestFirstLeasesThemAndLoadsTheSignal(Database db) {
        Outbox outbox = outbox(db, clock, 2);
        Signal signal = signal(db);
        outbox.plan(signal, recipients("later@x.example"), T0.plusSeconds(3600), "intercom");
        outbox.plan(signal, recipients("second@x.example"), T0.minusSeconds(10), "intercom");
        outbox.plan(signal, recipients("first@x.example"), T0.minusSeconds(20), "intercom");
        outbox.plan(signal, recipients("third@x.example"), T0, "intercom");

        List<OutboxMessage> claimed = outbox.claimDue("intercom");

        assertThat(claimed).extracting(OutboxMessage::contactEmail)
                .containsExactly("first@x.example", "second@x.example");
        OutboxMessage first = claimed.get(0);
        assertThat(first.signal()).isEqualTo(signal);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.variables()).containsEntry("orderNumber", "00123");
        assertThat(first.sendAt()).isEqualTo(T0.minusSeconds(20));
        assertThat(first.channel()).isEqualTo("intercom");
        assertThat(first.contactName()).isEqualTo("Name of first@x.example");
        assertThat(row(db, "sig-1", "first@x.example")).containsEntry("status", "CLAIMED")
                .containsEntry("attempts", 1);
        assertThat(instant(row(db, "sig-1", "first@x.example"), "lease_until")).isEqualTo(T0.plus(LEASE));

        assertThat(outbox.claimDue("intercom")).extracting(OutboxMessage::contactEmail)
                .containsExactly("third@x.example");
        assertThat(outbox.claimDue("intercom")).as("the rest is not due yet").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(outbox.claimDue("intercom")).as("leases last").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anExpiredClaimIsPlannedAgainButAnExpiredSendNeedsReconciling(Database db) {
        Outbox outbox = outbox(db);
        Signal signal = signal(db);
        outbox.plan(signal, recipients("claimed@x.example", "sending@x.example"), T0, "intercom");
        List<OutboxMessage> claimed = outbox.claimDue("intercom");
        assertThat(outbox.markSending(message(claimed, "sending@x.example"))).isTrue();

        clock.advance(LEASE);
        assertThat(outbox.claimDue("intercom")).as("the lease lasts until lease_until inclusive").isEmpty();
        clock.advance(Duration.ofMillis(1));

        List<OutboxMessage> again = outbox.claimDue("intercom");

        assertThat(again).extracting(OutboxMessage::contactEmail, OutboxMessage::attempts)
                .containsExactly(tuple("claimed@x.example", 2));
        Map<String, Object> sending = row(db, "sig-1", "sending@x.example");
        assertThat(sending).containsEntry("status", "NEEDS_RECONCILE")
                .containsEntry("reason_code", "LEASE_EXPIRED_WHILE_SENDING").containsEntry("lease_until", null);
        assertThat(ledger(db)).extracting(e -> e.get("contact_email"), e -> e.get("decision"),
                        e -> e.get("reason_code"))
                .containsExactly(tuple("sending@x.example", "NEEDS_RECONCILE", "LEASE_EXPIRED_WHILE_SENDING"));
        clock.advance(LEASE.multipliedBy(10));
        assertThat(outbox.claimDue("intercom")).extracting(OutboxMessage::contactEmail)
                .as("an unknown outcome is never sent again by itself").containsExactly("claimed@x.example");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aMessageWhoseLeaseExpiresOnItsLastAttemptFails(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("poison@x.example"), T0, "intercom");
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            assertThat(outbox.claimDue("intercom")).extracting(OutboxMessage::attempts).containsExactly(attempt);
            clock.advance(LEASE.plusMillis(1));
        }

        assertThat(outbox.claimDue("intercom")).isEmpty();

        assertThat(row(db, "sig-1", "poison@x.example")).containsEntry("status", "FAILED")
                .containsEntry("reason_code", "LEASE_EXPIRED");
        assertThat(db.jdbc().queryForMap("select source, event_type, attempts from dead_letter"))
                .containsEntry("source", "outbox").containsEntry("event_type", "ORDER_DELAY")
                .containsEntry("attempts", MAX_ATTEMPTS);
        assertThat(ledger(db)).extracting(e -> e.get("decision")).containsExactly("FAILED");
    }

    /** Each channel's dispatcher claims only its own messages, so neither can fail the other's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eachChannelClaimsOnlyItsOwnMessages(Database db) {
        Outbox outbox = outbox(db);
        Signal signal = signal(db);
        outbox.plan(signal, recipients("intercom@x.example"), T0.minusSeconds(10), "intercom");
        outbox.plan(signal, recipients("zendesk@x.example"), T0.minusSeconds(20), "zendesk");

        assertThat(outbox.claimDue("intercom")).extracting(OutboxMessage::contactEmail, OutboxMessage::channel)
                .containsExactly(tuple("intercom@x.example", "intercom"));
        assertThat(outbox.claimDue("intercom")).as("the zendesk message is never the intercom claim's").isEmpty();
        assertThat(row(db, "sig-1", "zendesk@x.example")).containsEntry("status", "PLANNED")
                .containsEntry("attempts", 0);

        outbox.plan(signal, recipients("later@x.example"), T0, "intercom");
        assertThat(outbox.claimDue("zendesk")).extracting(OutboxMessage::contactEmail, OutboxMessage::channel)
                .containsExactly(tuple("zendesk@x.example", "zendesk"));
        assertThat(outbox.claimDue("zendesk")).as("the intercom message is never the zendesk claim's").isEmpty();
        assertThat(row(db, "sig-1", "later@x.example")).containsEntry("status", "PLANNED");
        assertThat(outbox.claimDue("sms")).as("a channel nobody plans for").isEmpty();
        assertThat(count(db, "select count(*) from dead_letter")).isZero();
        assertThat(ledger(db)).isEmpty();
    }

    /** Recovery is the same for every channel: another channel's claim only hands an expired lease back. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anotherChannelsClaimRecoversAnExpiredLeaseForItsOwnChannel(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("zendesk@x.example"), T0, "zendesk");
        assertThat(outbox.claimDue("zendesk")).hasSize(1);
        clock.advance(LEASE.plusMillis(1));

        assertThat(outbox.claimDue("intercom")).isEmpty();

        assertThat(row(db, "sig-1", "zendesk@x.example")).containsEntry("status", "PLANNED")
                .containsEntry("reason_code", "LEASE_EXPIRED").containsEntry("channel", "zendesk");
        assertThat(outbox.claimDue("zendesk")).extracting(OutboxMessage::contactEmail, OutboxMessage::attempts)
                .containsExactly(tuple("zendesk@x.example", 2));
    }

    /** Both transactions stay open until both have claimed: without SKIP LOCKED they would collide or block. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoConcurrentClaimersNeverShareAMessage(Database db) throws Exception {
        Outbox outbox = outbox(db, clock, 5);
        // Two signals: the claim must not lock the shared signal row, or the second claimer would skip them all.
        outbox.plan(signal(db, "sig-1", "one"), recipients(emails(0, 5)), T0, "intercom");
        outbox.plan(signal(db, "sig-2", "two"), recipients(emails(5, 10)), T0, "intercom");
        CountDownLatch firstClaimed = new CountDownLatch(1);
        CountDownLatch secondClaimed = new CountDownLatch(1);

        CompletableFuture<List<OutboxMessage>> first = CompletableFuture.supplyAsync(() ->
                db.transaction().execute(tx -> {
                    List<OutboxMessage> claimed = outbox.claimDue("intercom");
                    firstClaimed.countDown();
                    await(secondClaimed);
                    return claimed;
                }));
        CompletableFuture<List<OutboxMessage>> second = CompletableFuture.supplyAsync(() ->
                db.transaction().execute(tx -> {
                    await(firstClaimed);
                    List<OutboxMessage> claimed = outbox.claimDue("intercom");
                    secondClaimed.countDown();
                    return claimed;
                }));

        List<OutboxMessage> a = first.get(20, TimeUnit.SECONDS);
        List<OutboxMessage> b = second.get(20, TimeUnit.SECONDS);
        Set<Long> ids = new HashSet<>();
        a.forEach(m -> ids.add(m.id()));
        b.forEach(m -> assertThat(ids.add(m.id())).as("%s claimed twice", m.contactEmail()).isTrue());
        assertThat(a).hasSize(5);
        if (db.isPostgres()) {
            assertThat(b).hasSize(5);
            assertThat(count(db, "select count(*) from outbox_message where status = 'CLAIMED' and attempts = 1"))
                    .isEqualTo(10);
        } else {
            // H2 (dev store only) applies the limit before skipping locked rows: its second claimer may get less.
            assertThat(b).hasSizeLessThanOrEqualTo(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDispatcherWhoseLeaseWasTakenOverCannotOverwriteTheNewOwner(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("jane@x.example"), T0, "intercom");
        OutboxMessage stale = outbox.claimDue("intercom").get(0);
        clock.advance(LEASE.plusMillis(1));
        OutboxMessage current = outbox.claimDue("intercom").get(0);
        assertThat(current.attempts()).isEqualTo(2);

        assertThat(outbox.markSending(stale)).isFalse();
        assertThat(outbox.retryAt(stale, T0, "late", true)).isFalse();
        assertThat(outbox.markFailed(stale, "HTTP_400", "late")).isFalse();
        assertThat(outbox.markSuppressed(stale, "OPTED_OUT", "late")).isFalse();
        assertThat(outbox.markNeedsReconcile(stale, "late")).isFalse();
        assertThat(outbox.markSent(stale, "late")).isFalse();
        assertThat(row(db, "sig-1", "jane@x.example")).containsEntry("status", "CLAIMED")
                .containsEntry("attempts", 2);

        assertThat(outbox.markSent(current, "msg-1")).as("SENT only from SENDING").isFalse();
        assertThat(outbox.markSending(current)).isTrue();
        assertThat(outbox.markSending(current)).as("already SENDING").isFalse();
        assertThat(outbox.markSent(stale, "late")).isFalse();
        assertThat(outbox.markSent(current, "msg-1")).isTrue();
        assertThat(outbox.markSent(current, "msg-1")).as("only once").isFalse();
        assertThat(outbox.markFailed(current, "HTTP_400", "after the fact")).isFalse();

        assertThat(row(db, "sig-1", "jane@x.example")).containsEntry("status", "SENT")
                .containsEntry("external_id", "msg-1");
        assertThat(ledger(db)).extracting(e -> e.get("decision")).containsExactly("SENT");
        assertThat(count(db, "select count(*) from dead_letter")).isZero();
    }

    /**
     * An answer marks only a SENT message of the channel with that external id; the earliest answer stays whatever
     * order the notifications come in, and a message not yet sent or another channel's is untouched.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anAnswerMarksTheSentMessageWithThatIdAndKeepsTheEarliest(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("jane@x.example", "max@x.example"), T0, "intercom");
        List<OutboxMessage> claimed = outbox.claimDue("intercom");
        OutboxMessage jane = claimed.stream().filter(m -> m.contactEmail().equals("jane@x.example")).findFirst()
                .orElseThrow();
        assertThat(outbox.markSending(jane)).isTrue();
        assertThat(outbox.markAnswered("intercom", "msg-1", T0)).as("not sent yet").isFalse();
        assertThat(outbox.markSent(jane, "msg-1")).isTrue();
        Instant first = T0.plus(Duration.ofHours(2));

        assertThat(outbox.markAnswered("zendesk", "msg-1", first)).as("another channel's id").isFalse();
        assertThat(outbox.markAnswered("intercom", "msg-2", first)).as("a message Kairos did not send").isFalse();
        assertThat(outbox.markAnswered("intercom", null, first)).isFalse();
        assertThat(outbox.markAnswered("intercom", "msg-1", first.plus(Duration.ofHours(1)))).isTrue();
        assertThat(outbox.markAnswered("intercom", "msg-1", first)).as("an earlier answer, late").isTrue();
        assertThat(outbox.markAnswered("intercom", "msg-1", first.plus(Duration.ofDays(1)))).as("a later one")
                .isFalse();

        assertThat(instant(row(db, "sig-1", "jane@x.example"), "answered_at")).isEqualTo(first);
        assertThat(row(db, "sig-1", "max@x.example").get("answered_at")).isNull();
    }

    /** The message a conversation answers, for its ticket: kind, subject as sent, and when it was recorded SENT. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSentMessageIsFoundByItsChannelAndExternalIdWithItsKindSubjectAndTime(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("jane@x.example"), T0, "intercom");
        OutboxMessage jane = outbox.claimDue("intercom").get(0);
        assertThat(outbox.markSending(jane)).isTrue();
        assertThat(outbox.sent("intercom", "msg-1")).as("not sent yet").isEmpty();
        clock.advance(Duration.ofMinutes(3));
        assertThat(outbox.markSent(jane, "msg-1")).isTrue();
        clock.advance(Duration.ofHours(1));
        outbox.markAnswered("intercom", "msg-1", clock.instant());

        assertThat(outbox.sent("intercom", "msg-1")).contains(new SentMessage("ORDER_DELAY", "Order 00123 is late",
                T0.plus(Duration.ofMinutes(3))));
        assertThat(outbox.sent("zendesk", "msg-1")).as("another channel's id").isEmpty();
        assertThat(outbox.sent("intercom", "msg-2")).isEmpty();
        assertThat(outbox.sent("intercom", null)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void markSendingRenewsTheLeaseForTheRequest(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("jane@x.example"), T0, "intercom");
        OutboxMessage m = outbox.claimDue("intercom").get(0);
        clock.advance(Duration.ofMinutes(1));

        assertThat(outbox.markSending(m)).isTrue();

        assertThat(instant(row(db, "sig-1", "jane@x.example"), "lease_until"))
                .isEqualTo(T0.plus(Duration.ofMinutes(1)).plus(LEASE));
        clock.advance(LEASE);
        assertThat(outbox.claimDue("intercom")).isEmpty();
        assertThat(row(db, "sig-1", "jane@x.example")).containsEntry("status", "SENDING");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eachDecisionWritesItsLedgerEntry(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("sent@x.example", "held@x.example", "unknown@x.example"), T0, "intercom");
        outbox.plan(signal(db, "sig-2", null), recipients("failed@x.example"), T0, "zendesk");
        List<OutboxMessage> claimed = new ArrayList<>(outbox.claimDue("intercom"));
        claimed.addAll(outbox.claimDue("zendesk"));
        clock.advance(Duration.ofSeconds(5));

        OutboxMessage sent = message(claimed, "sent@x.example");
        outbox.markSending(sent);
        assertThat(outbox.markSent(sent, "intercom-msg-9")).isTrue();
        assertThat(outbox.markSuppressed(message(claimed, "held@x.example"), "OPTED_OUT", "opted out of email"))
                .isTrue();
        OutboxMessage unknown = message(claimed, "unknown@x.example");
        outbox.markSending(unknown);
        assertThat(outbox.markNeedsReconcile(unknown, "timed out after the request went out")).isTrue();
        assertThat(outbox.markFailed(message(claimed, "failed@x.example"), "HTTP_404", "contact not found"))
                .isTrue();

        assertThat(ledger(db)).extracting(e -> e.get("contact_email"), e -> e.get("signal_id"),
                        e -> e.get("signal_type"), e -> e.get("record_id"), e -> e.get("channel"),
                        e -> e.get("decision"), e -> e.get("reason_code"), e -> e.get("reason"), e -> e.get("summary"))
                .containsExactlyInAnyOrder(
                        tuple("sent@x.example", "sig-1", "ORDER_DELAY", "801A", "intercom", "SENT", null, null,
                                "Order 00123 is late"),
                        tuple("held@x.example", "sig-1", "ORDER_DELAY", "801A", "intercom", "SUPPRESSED",
                                "OPTED_OUT", "opted out of email", "Order 00123 is late"),
                        tuple("unknown@x.example", "sig-1", "ORDER_DELAY", "801A", "intercom", "NEEDS_RECONCILE",
                                "OUTCOME_UNKNOWN", "timed out after the request went out", "Order 00123 is late"),
                        tuple("failed@x.example", "sig-2", "ORDER_DELAY", "801A", "zendesk", "FAILED", "HTTP_404",
                                "contact not found", "ORDER_DELAY 801A"));
        assertThat(ledger(db)).allSatisfy(e -> assertThat(instant(e, "occurred_at")).isEqualTo(T0.plusSeconds(5)));
        assertThat(new LedgerStore(db.jdbc()).sentTo("SENT@x.example", 5)).singleElement()
                .satisfies(e -> assertThat(e.summary()).isEqualTo("Order 00123 is late"));
        assertThat(row(db, "sig-1", "sent@x.example")).containsEntry("status", "SENT")
                .containsEntry("external_id", "intercom-msg-9");
        assertThat(row(db, "sig-1", "held@x.example")).containsEntry("status", "SUPPRESSED")
                .containsEntry("reason_code", "OPTED_OUT").containsEntry("reason", "opted out of email");
        assertThat(row(db, "sig-1", "unknown@x.example")).containsEntry("status", "NEEDS_RECONCILE");
        assertThat(row(db, "sig-2", "failed@x.example")).containsEntry("status", "FAILED")
                .containsEntry("reason_code", "HTTP_404");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aContactHeldOutGetsAHeldOutRowNeverClaimedAndItsLedgerEntry(Database db) {
        Outbox outbox = outbox(db);
        Signal signal = signal(db);
        String heldOut = "Held out: drawn into the control group of ORDER_DELAY (10 % of eligible contacts); not "
                + "messaged, so the message's effect can be measured.";
        Map<String, Decision> decisions = Map.of(
                "held@x.example", new Decision(Outcome.HOLD_OUT, null, ReasonCode.CONTROL_GROUP, heldOut),
                "sent@x.example", new Decision(Outcome.SEND, T0, ReasonCode.OK, "Send now."),
                "suppressed@x.example", new Decision(Outcome.SUPPRESS, null, ReasonCode.OPTED_OUT, "Opted out."));
        List<Recipient> page = recipients("held@x.example", "sent@x.example", "suppressed@x.example");

        assertThat(outbox.plan(signal, page, decisions, "intercom")).isEqualTo(3);
        assertThat(outbox.plan(signal, page, decisions, "intercom")).as("re-planned after a crash").isZero();

        assertThat(row(db, "sig-1", "held@x.example")).containsEntry("status", "HELD_OUT")
                .containsEntry("channel", "intercom").containsEntry("reason_code", "CONTROL_GROUP")
                .containsEntry("reason", heldOut).containsEntry("attempts", 0);
        assertThat(ledger(db)).extracting(e -> e.get("contact_email"), e -> e.get("decision"),
                        e -> e.get("reason_code"), e -> e.get("reason"), e -> e.get("channel"))
                .as("written once, with the other non-SEND decisions")
                .containsExactlyInAnyOrder(
                        tuple("held@x.example", "HELD_OUT", "CONTROL_GROUP", heldOut, "intercom"),
                        tuple("suppressed@x.example", "SUPPRESSED", "OPTED_OUT", "Opted out.", "intercom"));
        clock.advance(Duration.ofDays(30));
        assertThat(outbox.claimDue("intercom")).extracting(OutboxMessage::contactEmail)
                .as("never claimed, however long it waits").containsExactly("sent@x.example");
        assertThat(outbox.pendingSends(List.of("held@x.example"), "other", clock.instant()))
                .as("no send for the caps of later signals").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aHoldoutAndItsLedgerEntryArePlannedInOneTransaction(Database db) {
        Outbox outbox = outbox(db);
        Signal signal = signal(db);
        Map<String, Decision> decisions = Map.of("held@x.example",
                new Decision(Outcome.HOLD_OUT, null, ReasonCode.CONTROL_GROUP, "Held out."));
        db.jdbc().execute("alter table ledger_entry add constraint no_ledger_for_this_test check (decision = 'x')");
        try {
            assertThatThrownBy(() -> outbox.plan(signal, recipients("held@x.example"), decisions, "intercom"))
                    .isInstanceOf(DataIntegrityViolationException.class);
        } finally {
            db.jdbc().execute("alter table ledger_entry drop constraint no_ledger_for_this_test");
        }

        assertThat(count(db, "select count(*) from outbox_message")).as("rolled back").isZero();
        assertThat(outbox.plan(signal, recipients("held@x.example"), decisions, "intercom")).isEqualTo(1);
        assertThat(count(db, "select count(*) from ledger_entry where decision = 'HELD_OUT'")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aClaimedMessageHeldOutAtDispatchIsFinishedWithItsLedgerEntry(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("held@x.example"), T0, "intercom");
        OutboxMessage m = outbox.claimDue("intercom").get(0);

        assertThat(outbox.markHeldOut(m, "CONTROL_GROUP", "Held out.")).isTrue();
        assertThat(outbox.markHeldOut(m, "CONTROL_GROUP", "Held out.")).as("fenced on the claim").isFalse();

        assertThat(row(db, "sig-1", "held@x.example")).containsEntry("status", "HELD_OUT")
                .containsEntry("reason_code", "CONTROL_GROUP").containsEntry("lease_until", null);
        assertThat(ledger(db)).singleElement().satisfies(e -> assertThat(e).containsEntry("decision", "HELD_OUT")
                .containsEntry("reason", "Held out."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void markFailedWritesADeadLetterWithTheMessage(Database db) throws Exception {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("jane@x.example"), T0, "intercom");
        OutboxMessage m = outbox.claimDue("intercom").get(0);
        clock.advance(Duration.ofSeconds(5));

        assertThat(outbox.markFailed(m, "HTTP_400", "Intercom answered 400: bad sender")).isTrue();

        Map<String, Object> dead = db.jdbc().queryForMap("select * from dead_letter");
        assertThat(dead).containsEntry("source", "outbox").containsEntry("event_id", Long.toString(m.id()))
                .containsEntry("event_type", "ORDER_DELAY").containsEntry("attempts", 1)
                .containsEntry("reason", "HTTP_400: Intercom answered 400: bad sender")
                .containsEntry("replayed_at", null);
        assertThat(instant(dead, "failed_at")).isEqualTo(T0.plusSeconds(5));
        JsonNode payload = new ObjectMapper().readTree((String) dead.get("payload"));
        assertThat(payload.get("outboxId").asLong()).isEqualTo(m.id());
        assertThat(payload.get("signalId").asText()).isEqualTo("sig-1");
        assertThat(payload.get("contactEmail").asText()).isEqualTo("jane@x.example");
        assertThat(payload.get("channel").asText()).isEqualTo("intercom");
        assertThat(payload.get("variables").get("orderNumber").asText()).isEqualTo("00123");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDecisionAndItsLedgerEntryAreOneTransaction(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("sent@x.example", "failed@x.example"), T0, "intercom");
        List<OutboxMessage> claimed = outbox.claimDue("intercom");
        OutboxMessage sent = message(claimed, "sent@x.example");
        outbox.markSending(sent);
        // Makes the ledger insert fail after the outbox update succeeded.
        db.jdbc().execute("alter table ledger_entry add constraint no_ledger_for_this_test check (decision = 'x')");
        try {
            assertThatThrownBy(() -> outbox.markSent(sent, "msg-1"))
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> outbox.markFailed(message(claimed, "failed@x.example"), "HTTP_400", "bad"))
                    .isInstanceOf(DataIntegrityViolationException.class);
        } finally {
            db.jdbc().execute("alter table ledger_entry drop constraint no_ledger_for_this_test");
        }

        assertThat(row(db, "sig-1", "sent@x.example")).containsEntry("status", "SENDING")
                .containsEntry("external_id", null);
        assertThat(row(db, "sig-1", "failed@x.example")).containsEntry("status", "CLAIMED");
        assertThat(count(db, "select count(*) from dead_letter")).as("rolled back").isZero();
        assertThat(outbox.markSent(sent, "msg-1")).as("the claim is still intact").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void retryPlansAgainAndMayGiveTheAttemptBack(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("waited@x.example", "counted@x.example", "refused@x.example"), T0,
                "intercom");
        List<OutboxMessage> claimed = outbox.claimDue("intercom");
        OutboxMessage refused = message(claimed, "refused@x.example");
        outbox.markSending(refused);

        assertThat(outbox.retryAt(message(claimed, "waited@x.example"), T0.plusSeconds(30), "429 until reset",
                false)).isTrue();
        assertThat(outbox.retryAt(message(claimed, "counted@x.example"), T0.plusSeconds(30), "503", true)).isTrue();
        assertThat(outbox.retryAt(refused, T0.plusSeconds(30), "connection refused before sending", true)).isTrue();

        Map<String, Object> waited = row(db, "sig-1", "waited@x.example");
        assertThat(waited).containsEntry("status", "PLANNED").containsEntry("attempts", 0)
                .containsEntry("reason", "429 until reset").containsEntry("lease_until", null);
        assertThat(instant(waited, "send_at")).isEqualTo(T0.plusSeconds(30));
        assertThat(outbox.claimDue("intercom")).as("not before the retry time").isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(outbox.claimDue("intercom")).extracting(OutboxMessage::contactEmail, OutboxMessage::attempts)
                .containsExactlyInAnyOrder(tuple("waited@x.example", 1), tuple("counted@x.example", 2),
                        tuple("refused@x.example", 2));
        assertThat(ledger(db)).as("a retry is no decision").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void replayPlansAFailedOrUnreconciledMessageAgainWithAFreshBudget(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("failed@x.example", "unknown@x.example", "sent@x.example"), T0,
                "intercom");
        List<OutboxMessage> claimed = outbox.claimDue("intercom");
        OutboxMessage failed = message(claimed, "failed@x.example");
        outbox.markFailed(failed, "HTTP_400", "bad");
        outbox.markNeedsReconcile(message(claimed, "unknown@x.example"), "timeout");
        OutboxMessage sent = message(claimed, "sent@x.example");
        outbox.markSending(sent);
        outbox.markSent(sent, "msg-1");
        clock.advance(Duration.ofHours(1));

        assertThat(outbox.replay(failed.id())).isTrue();
        assertThat(outbox.replay(message(claimed, "unknown@x.example").id())).isTrue();
        assertThat(outbox.replay(failed.id())).as("already planned").isFalse();
        assertThat(outbox.replay(sent.id())).as("a sent message is never replayed").isFalse();
        assertThat(outbox.replay(9_999_999L)).isFalse();

        Map<String, Object> row = row(db, "sig-1", "failed@x.example");
        assertThat(row).containsEntry("status", "PLANNED").containsEntry("attempts", 0)
                .containsEntry("reason_code", "REPLAYED");
        assertThat(instant(row, "send_at")).isEqualTo(clock.instant());
        assertThat(instant(db.jdbc().queryForMap("select replayed_at from dead_letter"), "replayed_at"))
                .isEqualTo(clock.instant());
        assertThat(outbox.claimDue("intercom")).extracting(OutboxMessage::contactEmail, OutboxMessage::attempts)
                .containsExactlyInAnyOrder(tuple("failed@x.example", 1), tuple("unknown@x.example", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aReplayIsWrittenToTheLedgerNamingWhoAndWhatItReplaced(Database db) {
        Outbox outbox = outbox(db);
        outbox.plan(signal(db), recipients("unknown@x.example"), T0, "intercom");
        OutboxMessage unknown = message(outbox.claimDue("intercom"), "unknown@x.example");
        outbox.markSending(unknown);
        outbox.markNeedsReconcile(unknown, "read timeout");
        clock.advance(Duration.ofMinutes(30));

        assertThat(outbox.replay(unknown.id(), "admin 'ops'")).isTrue();

        List<Map<String, Object>> entries = db.jdbc().queryForList("""
                select decision, reason_code, reason, channel, signal_id from ledger_entry
                where contact_email = 'unknown@x.example' order by occurred_at desc""");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)).containsEntry("decision", "REPLAYED").containsEntry("reason_code", "ADMIN_REPLAY")
                .containsEntry("channel", "intercom").containsEntry("signal_id", "sig-1")
                .containsEntry("reason", "Replayed by admin 'ops': the message was NEEDS_RECONCILE (OUTCOME_UNKNOWN) "
                        + "and is planned to be sent again.");
        assertThat(entries.get(1)).containsEntry("decision", "NEEDS_RECONCILE");
        assertThat(outbox.replay(unknown.id(), "admin 'ops'")).as("planned already: nothing to replay").isFalse();
        assertThat(db.jdbc().queryForObject("select count(*) from ledger_entry where decision = 'REPLAYED'",
                Integer.class)).isEqualTo(1);
    }

    /** A dispatcher dies after 20 sends and one request in flight: nothing lost, nothing sent twice. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCrashMidBatchLosesNothingAndDuplicatesNothing(Database db) {
        Outbox outbox = outbox(db, clock, 50);
        Signal signal = signal(db);
        assertThat(outbox.plan(signal, recipients(emails(0, 50)), T0, "intercom")).isEqualTo(50);
        List<OutboxMessage> batch = outbox.claimDue("intercom");
        assertThat(batch).hasSize(50);
        for (OutboxMessage m : batch.subList(0, 20)) {
            assertThat(outbox.markSending(m)).isTrue();
            assertThat(outbox.markSent(m, "msg-" + m.id())).isTrue();
        }
        OutboxMessage inFlight = batch.get(20);
        assertThat(outbox.markSending(inFlight)).isTrue();
        // The dispatcher crashes here: its claims on the other 29 and the request in flight are abandoned.
        Set<Long> neverSent = new HashSet<>(batch.subList(21, 50).stream().map(OutboxMessage::id).toList());

        clock.advance(Duration.ofSeconds(30));
        assertThat(outbox.claimDue("intercom")).as("still leased to the dead dispatcher").isEmpty();
        clock.advance(LEASE);
        List<OutboxMessage> recovered = outbox.claimDue("intercom");

        assertThat(recovered).extracting(OutboxMessage::id).containsExactlyInAnyOrderElementsOf(neverSent);
        assertThat(recovered).allSatisfy(m -> assertThat(m.attempts()).isEqualTo(2));
        assertThat(count(db, "select count(*) from outbox_message where status = 'SENT'")).isEqualTo(20);
        assertThat(db.jdbc().queryForObject("select status from outbox_message where id = ?", String.class,
                inFlight.id())).isEqualTo("NEEDS_RECONCILE");
        for (OutboxMessage m : batch.subList(0, 20)) {
            assertThat(db.jdbc().queryForObject("select external_id from outbox_message where id = ?",
                    String.class, m.id())).isEqualTo("msg-" + m.id());
        }

        for (OutboxMessage m : recovered) {
            assertThat(outbox.markSending(m)).isTrue();
            assertThat(outbox.markSent(m, "msg-" + m.id())).isTrue();
        }
        clock.advance(LEASE.multipliedBy(5));
        assertThat(outbox.claimDue("intercom")).isEmpty();
        assertThat(count(db, "select count(*) from outbox_message where status = 'SENT'")).isEqualTo(49);
        assertThat(count(db, "select count(*) from ledger_entry where decision = 'SENT'")).isEqualTo(49);
        assertThat(count(db, "select count(distinct contact_email) from ledger_entry where decision = 'SENT'"))
                .as("at most one send per contact").isEqualTo(49);
        assertThat(db.jdbc().queryForList("select decision from ledger_entry where contact_email = ?", String.class,
                inFlight.contactEmail())).containsExactly("NEEDS_RECONCILE");
    }

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheCap() {
        Outbox outbox = new Outbox(null, clock, new OutboxProperties(50, LEASE, 6, Duration.ofSeconds(2),
                Duration.ofMinutes(10)), null);

        assertThat(outbox.backoffAfter(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(outbox.backoffAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(outbox.backoffAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(outbox.backoffAfter(9)).isEqualTo(Duration.ofSeconds(512));
        assertThat(outbox.backoffAfter(10)).isEqualTo(Duration.ofMinutes(10));
        assertThat(outbox.backoffAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
        assertThat(outbox.maxAttempts()).isEqualTo(6);
    }

    private static String[] emails(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "contact" + i + "@x.example").toArray(String[]::new);
    }

    private static OutboxMessage message(List<OutboxMessage> messages, String email) {
        return messages.stream().filter(m -> m.contactEmail().equals(email)).findFirst().orElseThrow();
    }

    private static Map<String, Object> row(Database db, String signalId, String email) {
        return db.jdbc().queryForMap("select * from outbox_message where signal_id = ? and contact_email = ?",
                signalId, email);
    }

    private static List<Map<String, Object>> ledger(Database db) {
        return db.jdbc().queryForList("select * from ledger_entry order by id");
    }

    private static int count(Database db, String sql) {
        return db.jdbc().queryForObject(sql, Integer.class);
    }

    private static Instant instant(Map<String, Object> row, String column) {
        Object value = row.get(column);
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other claimer never claimed: blocked on a locked row?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
