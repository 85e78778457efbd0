package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kairos.platform.InboxEvent;
import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;

/** The conversation ↔ ticket link on H2 (PostgreSQL mode) and on a real PostgreSQL. */
class IntercomConversationLinksTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration LINK_WAIT = Duration.ofHours(1);

    private final MutableClock clock = new MutableClock(T0);

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    private IntercomConversationLinks links(Database db) {
        return new IntercomConversationLinks(db.jdbc(), clock, new IntercomBridgeProperties(true, false, LINK_WAIT));
    }

    private static ConversationEvent conversation(String topic, String id) {
        return new ConversationEvent("notif-" + id, topic, id, "jane@acme.example", "Jane Doe", "Hi", "<p>Hi</p>",
                null, "Sam Agent");
    }

    private static InboxEvent receivedAt(Instant at) {
        return new InboxEvent("intercom", "notif-r", ConversationEvent.REPLIED, "{}", 1, at);
    }

    private static InboxEvent createdEvent(String notificationId) {
        return new InboxEvent("intercom", notificationId, ConversationEvent.CREATED, "{}", 1, T0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theFirstAttemptCreatesALaterOneMayFindATicketAndALinkedConversationIsNeverCreatedAgain(Database db) {
        IntercomConversationLinks links = links(db);
        ConversationEvent created = conversation(ConversationEvent.CREATED, "c-1");

        assertThat(links.startCreating(created, createdEvent("notif-c")))
                .isEqualTo(new ConversationLink("c-1", null, null, false));
        assertThat(links.startCreating(created, createdEvent("notif-c")))
                .as("an earlier attempt may have created the ticket without recording it")
                .isEqualTo(new ConversationLink("c-1", null, null, true));

        assertThat(links.linked("c-1", 35501, 9001L)).isTrue();
        assertThat(links.linked("c-1", 35999, 9001L)).as("the first ticket stays").isFalse();

        assertThat(links.startCreating(created, createdEvent("notif-c")))
                .isEqualTo(new ConversationLink("c-1", 35501L, 9001L, false));
        Map<String, Object> row = db.jdbc().queryForMap("select * from intercom_conversation_link");
        assertThat(row).containsEntry("conversation_id", "c-1").containsEntry("ticket_id", 35501L)
                .containsEntry("requester_id", 9001L).containsEntry("contact_email", "jane@acme.example");
        assertThat(db.jdbc().queryForObject("select count(*) from intercom_conversation_link", Integer.class))
                .isEqualTo(1);
    }

    /**
     * Two first replies in a conversation an admin's message opened both found no claim; one made the ticket before
     * the other claimed: the other must not be skipped as a second creation (its text would be lost) but wait, and
     * then take the reply steps.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aReplyStartFindingTheTicketMadeByAnotherNotificationWaitsInsteadOfBeingSkipped(Database db) {
        IntercomConversationLinks links = links(db);
        ConversationEvent first = new ConversationEvent("notif-a", ConversationEvent.REPLIED, "c-1",
                "jane@acme.example", "Jane Doe", "Hi", "<p>Hi</p>", "p-1", null, "m-1", "admin_initiated").asStart();
        ConversationEvent second = new ConversationEvent("notif-b", ConversationEvent.REPLIED, "c-1",
                "jane@acme.example", "Jane Doe", "Hi", "<p>And more</p>", "p-2", null, "m-1", "admin_initiated")
                .asStart();
        assertThat(links.startCreating(first, createdEvent("notif-a")).ticketId()).isNull();
        assertThat(links.linked("c-1", 35501, 9001L)).isTrue();

        ConversationNotLinkedException waiting = catchThrowableOfType(
                () -> links.startCreating(second, createdEvent("notif-b")), ConversationNotLinkedException.class);

        assertThat(waiting.getMessage()).contains("created meanwhile by notif-a");
        assertThat(waiting.retryIn()).isNotNull();
        assertThat(links.claimedBy("c-1")).contains("notif-a");
        assertThat(links.startCreating(first, createdEvent("notif-a")))
                .as("the claiming reply retried finds its ticket, as a created notification does")
                .isEqualTo(new ConversationLink("c-1", 35501L, 9001L, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anotherNotificationForAConversationBeingCreatedWaitsAndThenFindsTheTicket(Database db) {
        IntercomConversationLinks links = links(db);
        ConversationEvent created = conversation(ConversationEvent.CREATED, "c-1");
        links.startCreating(created, createdEvent("notif-first"));

        ConversationNotLinkedException waiting = catchThrowableOfType(ConversationNotLinkedException.class,
                () -> links.startCreating(created, createdEvent("notif-second")));
        assertThat(waiting.retryIn()).isEqualTo(Duration.ofSeconds(1));
        assertThat(waiting).hasMessage("waiting for the Zendesk ticket of Intercom conversation c-1 (being created "
                + "by notif-first)");

        links.linked("c-1", 35501, 9001L);
        assertThat(links.startCreating(created, createdEvent("notif-second")))
                .isEqualTo(new ConversationLink("c-1", 35501L, 9001L, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void oneTicketIsLinkedToOneConversationOnly(Database db) {
        IntercomConversationLinks links = links(db);
        links.startCreating(conversation(ConversationEvent.CREATED, "c-1"), createdEvent("notif-c"));
        links.startCreating(conversation(ConversationEvent.CREATED, "c-2"), createdEvent("notif-c2"));
        links.linked("c-1", 35501, 9001L);

        assertThatThrownBy(() -> links.linked("c-2", 35501, 9001L))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aReplyForALinkedConversationGetsItsTicket(Database db) {
        IntercomConversationLinks links = links(db);
        links.startCreating(conversation(ConversationEvent.CREATED, "c-1"), createdEvent("notif-c"));
        links.linked("c-1", 35501, 9001L);

        assertThat(links.linkedTicket(conversation(ConversationEvent.REPLIED, "c-1"), receivedAt(T0)))
                .isEqualTo(new ConversationLink("c-1", 35501L, 9001L, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aReplyBeforeItsTicketWaitsAboutAsLongAsItWaitedSoFarThenGivesUp(Database db) {
        IntercomConversationLinks links = links(db);
        ConversationEvent reply = conversation(ConversationEvent.REPLIED, "c-1");
        InboxEvent event = receivedAt(T0);

        ConversationNotLinkedException first = catchThrowableOfType(ConversationNotLinkedException.class,
                () -> links.linkedTicket(reply, event));
        assertThat(first.retryIn()).isEqualTo(Duration.ofSeconds(1));
        assertThat(first).hasMessage("waiting for the Zendesk ticket of Intercom conversation c-1 (not created yet)");

        links.startCreating(conversation(ConversationEvent.CREATED, "c-1"), createdEvent("notif-c"));
        clock.advance(Duration.ofSeconds(20));
        ConversationNotLinkedException later = catchThrowableOfType(ConversationNotLinkedException.class,
                () -> links.linkedTicket(reply, event));
        assertThat(later.retryIn()).isEqualTo(Duration.ofSeconds(20));
        assertThat(later).hasMessageEndingWith("(being created)");

        clock.advance(Duration.ofMinutes(30));
        assertThat(catchThrowableOfType(ConversationNotLinkedException.class, () -> links.linkedTicket(reply, event))
                .retryIn()).as("at most a minute between looks").isEqualTo(Duration.ofMinutes(1));

        clock.set(T0.plus(LINK_WAIT).minusSeconds(10));
        assertThat(catchThrowableOfType(ConversationNotLinkedException.class, () -> links.linkedTicket(reply, event))
                .retryIn()).as("the last look is at the end of the wait").isEqualTo(Duration.ofSeconds(10));

        clock.set(T0.plus(LINK_WAIT));
        ConversationNotLinkedException gaveUp = catchThrowableOfType(ConversationNotLinkedException.class,
                () -> links.linkedTicket(reply, event));
        assertThat(gaveUp.retryIn()).as("dead-lettered").isNull();
        assertThat(gaveUp).hasMessage("no Zendesk ticket for Intercom conversation c-1 after waiting PT1H: its "
                + "conversation.user.created never arrived or failed; replay this event once the ticket exists");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCloseIsRecordedWithTheAdminAndALaterCloseReplacesIt(Database db) {
        IntercomConversationLinks links = links(db);
        links.startCreating(conversation(ConversationEvent.CREATED, "c-1"), createdEvent("notif-c"));
        links.linked("c-1", 35501, 9001L);

        links.closed(conversation(ConversationEvent.CLOSED, "c-1"));
        clock.advance(Duration.ofHours(2));
        links.closed(new ConversationEvent("notif-2", ConversationEvent.CLOSED, "c-1", null, null, null, null, null,
                "Ana Admin"));

        Map<String, Object> row = db.jdbc().queryForMap(
                "select closed_at, closed_by from intercom_conversation_link where conversation_id = 'c-1'");
        assertThat(row).containsEntry("closed_by", "Ana Admin");
        assertThat(db.jdbc().queryForObject("select closed_at from intercom_conversation_link",
                java.time.OffsetDateTime.class).toInstant()).isEqualTo(T0.plus(Duration.ofHours(2)));
    }
}
