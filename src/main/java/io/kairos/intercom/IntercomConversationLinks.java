package io.kairos.intercom;

import io.kairos.platform.InboxEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The durable link between an Intercom conversation and its Zendesk ticket. The row is written before the ticket
 * is created (the primary key makes one conversation one row, across replicas), so a retry knows an earlier attempt
 * may have created the ticket, and a reply arriving first knows to wait rather than create a second one.
 */
@Component("intercomConversationLinks")
public class IntercomConversationLinks {

    private static final Duration MIN_WAIT = Duration.ofSeconds(1);
    private static final Duration MAX_WAIT = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final IntercomBridgeProperties properties;

    public IntercomConversationLinks(JdbcTemplate jdbc, Clock clock, IntercomBridgeProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Claims the conversation for ticket creation by this notification; the link says whether a ticket exists, or
     * may exist because this notification's earlier attempt went out. While another notification is creating the
     * ticket, this one waits as a reply does (see {@link #linkedTicket}); so does a reply handled as the creation
     * when another notification claimed it first.
     */
    public ConversationLink startCreating(ConversationEvent conversation, InboxEvent event) {
        boolean inserted = jdbc.update("""
                insert into intercom_conversation_link (conversation_id, creating_event, contact_email, created_at)
                values (?, ?, ?, ?)
                on conflict do nothing""", conversation.conversationId(), event.eventId(),
                conversation.contactEmail(), now()) == 1;
        Row row = query(conversation.conversationId()).orElseThrow(() -> new IllegalStateException(
                "no link row for conversation " + conversation.conversationId()));
        if (row.link().ticketId() == null && !row.creatingEvent().equals(event.eventId())) {
            throw waiting(conversation, event, " (being created by " + row.creatingEvent() + ")");
        }
        // A reply that found no claim, but another notification made the ticket since: it must be appended, not
        // skipped as a second creation; its next attempt sees the claim and takes the reply steps.
        if (conversation.replyStart() && !row.creatingEvent().equals(event.eventId())) {
            throw waiting(conversation, event, " (created meanwhile by " + row.creatingEvent()
                    + "; the reply is added next)");
        }
        return new ConversationLink(row.link().conversationId(), row.link().ticketId(), row.link().requesterId(),
                !inserted && row.link().ticketId() == null);
    }

    /** The notification that claimed the conversation's ticket creation; empty while none has. */
    public Optional<String> claimedBy(String conversationId) {
        return query(conversationId).map(Row::creatingEvent);
    }

    /** Records the ticket; false if the conversation was already linked (its first ticket stays). */
    public boolean linked(String conversationId, long ticketId, Long requesterId) {
        return jdbc.update("""
                update intercom_conversation_link set ticket_id = ?, requester_id = ?, linked_at = ?
                where conversation_id = ? and ticket_id is null""", ticketId, requesterId, now(), conversationId) == 1;
    }

    /**
     * The conversation's ticket, for a reply or close. Until it exists the event waits: retried after about as
     * long as it has waited so far (1 s to 1 min), and dead-lettered once it has waited
     * {@code kairos.intercom-bridge.link-wait}.
     */
    public ConversationLink linkedTicket(ConversationEvent conversation, InboxEvent event) {
        Optional<Row> row = query(conversation.conversationId());
        if (row.isPresent() && row.get().link().ticketId() != null) {
            return row.get().link();
        }
        throw waiting(conversation, event, row.isEmpty() ? " (not created yet)" : " (being created)");
    }

    /** Wait about as long as waited so far, within bounds, or give up once the link wait is over. */
    private ConversationNotLinkedException waiting(ConversationEvent conversation, InboxEvent event, String state) {
        Duration waited = Duration.between(event.receivedAt(), clock.instant());
        Duration left = properties.linkWait().minus(waited);
        if (left.isNegative() || left.isZero()) {
            return new ConversationNotLinkedException("no Zendesk ticket for Intercom conversation "
                    + conversation.conversationId() + " after waiting " + properties.linkWait() + ": its "
                    + ConversationEvent.CREATED + " never arrived or failed; replay this event once the ticket "
                    + "exists", null);
        }
        Duration retryIn = min(max(waited, MIN_WAIT), MAX_WAIT, max(left, MIN_WAIT));
        return new ConversationNotLinkedException("waiting for the Zendesk ticket of Intercom conversation "
                + conversation.conversationId() + state, retryIn);
    }

    /** Records who closed the conversation and when; a conversation reopened and closed again keeps the last. */
    public void closed(ConversationEvent conversation) {
        jdbc.update("update intercom_conversation_link set closed_at = ?, closed_by = ? where conversation_id = ?",
                now(), conversation.actor(), conversation.conversationId());
    }

    private Optional<Row> query(String conversationId) {
        return jdbc.query("""
                select conversation_id, creating_event, ticket_id, requester_id from intercom_conversation_link
                where conversation_id = ?""", (rs, i) -> new Row(new ConversationLink(rs.getString(1),
                rs.getObject(3, Long.class), rs.getObject(4, Long.class), false), rs.getString(2)), conversationId)
                .stream().findFirst();
    }

    /** A stored link and the notification that creates its ticket. */
    private record Row(ConversationLink link, String creatingEvent) { }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b, Duration c) {
        Duration ab = a.compareTo(b) <= 0 ? a : b;
        return ab.compareTo(c) <= 0 ? ab : c;
    }
}
