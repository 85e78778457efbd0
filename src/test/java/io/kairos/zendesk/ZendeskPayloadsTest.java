package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.MalformedWebhookException;
import io.kairos.platform.WebhookSource.Delivery;
import io.kairos.proactive.HelpdeskTicket;
import io.kairos.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both Zendesk webhook shapes, read from fixtures named for the case. */
class ZendeskPayloadsTest {

    private final ZendeskPayloads payloads = new ZendeskPayloads(new ObjectMapper());

    @Test
    void identifiesAnEventSubscriptionByItsEventId() {
        assertThat(payloads.identify(fixture("ticket-created.json")))
                .isEqualTo(new Delivery("01HNX-CREATED-35436", "ticket.created"));
        assertThat(payloads.identify(fixture("ticket-tags-changed-by-kairos.json")))
                .isEqualTo(new Delivery("01HNX-TAGS-35436", "ticket.tags_changed"));
    }

    @Test
    void readsAnEventWithStringIds() {
        assertThat(read("ticket-created.json")).isEqualTo(new TicketEvent(35436, "ticket.created", null, 9001L, 9001L,
                List.of("web"), new HelpdeskTicket(35436, "My order has not arrived", "open", "question", 9001L)));
        assertThat(read("ticket-tags-changed-by-kairos.json")).isEqualTo(new TicketEvent(35436,
                "ticket.tags_changed", null, 9001L, 9999L, List.of("web", "kairos_enriched")));
    }

    @Test
    void anEventsDetailDescribesTheTicketOnlyWhenItNamesStatusAndSubject() {
        assertThat(read("ticket-created.json").snapshot()).as("enums in the API's lower case")
                .isEqualTo(new HelpdeskTicket(35436, "My order has not arrived", "open", "question", 9001L));
        assertThat(read("ticket-event-without-detail-id.json").snapshot()).as("no subject: read from Zendesk")
                .isNull();
        assertThat(read("trigger-ticket.json").snapshot()).as("a trigger body describes no ticket").isNull();
    }

    @Test
    void readsAnEventWithNumberIds() {
        assertThat(read("ticket-created-numeric-ids.json"))
                .isEqualTo(new TicketEvent(35438, "ticket.created", null, 9001L, 9001L, List.of("web", "vip")));
    }

    @Test
    void takesTheTicketIdFromTheSubjectWhenTheDetailHasNone() {
        assertThat(read("ticket-event-without-detail-id.json"))
                .isEqualTo(new TicketEvent(35439, "ticket.status_changed", null, 9001L, null, null));
    }

    /** Upper-case enums (OPEN, LOW), a number account_id and a time with nanoseconds: the event is read alike. */
    @Test
    void anEventWithUpperCaseEnumsAndANanosecondTimeIsRead() {
        String event = new String(fixture("ticket-created.json"), StandardCharsets.UTF_8).replace("\"time\":\"2026-11-26T10:00:00Z\"",
                "\"time\":\"2026-11-26T10:00:00.123456789Z\"").replace("\"NORMAL\"", "\"LOW\"");

        assertThat(payloads.read(event).snapshot())
                .isEqualTo(new HelpdeskTicket(35436, "My order has not arrived", "open", "question", 9001L));
    }

    /**
     * A trigger renders every placeholder as a string: Title Case enums, dates in words, tags as one string, a
     * ticket_url without a scheme. Kairos reads the ids, email and tags and no other placeholder, so none can fail.
     */
    @Test
    void aTriggerBodyWithEveryPlaceholderRenderedAsTextIsRead() {
        String trigger = """
                {"event_id": "trigger-35437-2", "event": "ticket.created", "ticket_id": "35437",
                 "requester_email": "omar@globex.example", "requester_id": "9002", "actor_id": "9002",
                 "status": "Open", "priority": "Normal", "created_at": "February 3, 2025",
                 "updated_at": "February 3, 2025 14:05", "tags": "mobile sync",
                 "ticket_url": "globex.zendesk.com/agent/tickets/35437"}""";

        assertThat(payloads.read(trigger)).isEqualTo(new TicketEvent(35437, "ticket.created", "omar@globex.example",
                9002L, 9002L, List.of("mobile", "sync")));
    }

    @Test
    void identifiesATriggerBodyByItsEventId() {
        assertThat(payloads.identify(fixture("trigger-ticket.json")))
                .isEqualTo(new Delivery("trigger-35437-1", "ticket.created"));
    }

    @Test
    void readsATriggerBodyWithSpaceSeparatedTags() {
        assertThat(read("trigger-ticket.json")).isEqualTo(new TicketEvent(35437, "ticket.created",
                "omar@globex.example", 9002L, null, List.of("mobile", "sync")));
    }

    @Test
    void readsATriggerBodyWithANumberIdAndNoTags() {
        assertThat(read("trigger-ticket-without-event-id.json")).isEqualTo(new TicketEvent(35440,
                "ticket.created", "jane@acme.example", 9001L, null, List.of()));
    }

    @Test
    void tagsAreReadFromAnArrayOrFromText() {
        assertThat(payloads.read("{\"ticket_id\":\"1\",\"tags\":\"  vip   billing\\tweb \"}").tags())
                .containsExactly("vip", "billing", "web");
        assertThat(payloads.read("{\"ticket_id\":\"1\",\"tags\":[\"vip\",\"billing\"]}").tags())
                .containsExactly("vip", "billing");
        assertThat(payloads.read("{\"ticket_id\":\"1\",\"tags\":[]}").tags()).isEmpty();
        assertThat(payloads.read("{\"ticket_id\":\"1\"}").tags()).as("absent, not empty").isNull();
        assertThat(payloads.read("{\"ticket_id\":\"1\",\"tags\":null}").tags()).isNull();
    }

    @Test
    void aTriggerBodyWithoutEventIdIsIdentifiedByTheDigestOfItsBytes() throws Exception {
        byte[] body = fixture("trigger-ticket-without-event-id.json");
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));

        Delivery delivery = payloads.identify(body);

        assertThat(delivery).isEqualTo(new Delivery(expected, "ticket.created"));
        assertThat(payloads.identify(body.clone())).as("a redelivery is recognised").isEqualTo(delivery);
        byte[] other = new String(body, StandardCharsets.UTF_8).replace("35440", "35441")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(payloads.identify(other).eventId()).startsWith("sha256:").isNotEqualTo(delivery.eventId());
    }

    @Test
    void theEventTypeDefaultsWhenTheTriggerNamesNone() {
        assertThat(payloads.identify(bytes("{\"ticket_id\":\"7\",\"event_id\":\"e-7\"}")))
                .isEqualTo(new Delivery("e-7", "ticket.unknown"));
        assertThat(payloads.identify(bytes("{\"ticket_id\":\"7\",\"event_id\":\"e-7\",\"type\":\"custom\"}")))
                .isEqualTo(new Delivery("e-7", "custom"));
    }

    @Test
    void rejectsABodyThatIsNotJson() {
        assertThatThrownBy(() -> payloads.identify(bytes("{\"ticket_id\": ")))
                .isInstanceOf(MalformedWebhookException.class).hasMessageStartingWith("body is not valid JSON: ");
        assertThatThrownBy(() -> payloads.read("ticket_id=1"))
                .isInstanceOf(MalformedWebhookException.class).hasMessageStartingWith("body is not valid JSON: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"ticket_id\":\"1\"}]", "\"ticket\"", "42", "null", "", "   "})
    void rejectsJsonThatIsNotAnObject(String body) {
        assertThatThrownBy(() -> payloads.identify(bytes(body)))
                .isInstanceOf(MalformedWebhookException.class).hasMessage("body must be a JSON object");
    }

    @Test
    void rejectsAnObjectOfNeitherShape() {
        assertThatThrownBy(() -> payloads.identify(bytes("{\"say\":\"hello\"}")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("neither a Zendesk event (\"type\" and \"detail\") nor a Kairos trigger body "
                        + "(\"ticket_id\")");
        assertThatThrownBy(() -> payloads.identify(bytes("{\"type\":\"zen:event-type:ticket.created\"}")))
                .as("an event without detail").isInstanceOf(MalformedWebhookException.class)
                .hasMessageStartingWith("neither a Zendesk event");
    }

    @Test
    void rejectsAnEventWithoutItsId() {
        assertThatThrownBy(() -> payloads.identify(bytes("{\"type\":\"zen:event-type:ticket.created\","
                + "\"detail\":{\"id\":\"1\"}}")))
                .isInstanceOf(MalformedWebhookException.class).hasMessage("event-subscription body has no \"id\"");
    }

    @Test
    void rejectsATicketEventWithoutATicketSubject() {
        assertThatThrownBy(() -> payloads.read("{\"type\":\"zen:event-type:ticket.created\",\"id\":\"e\","
                + "\"subject\":\"zen:user:5\",\"detail\":{\"id\":\"5\",\"status\":\"OPEN\"}}"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("ticket event has no \"subject\" of the form zen:ticket:<id>");
        assertThatThrownBy(() -> payloads.identify(bytes("{\"type\":\"zen:event-type:ticket.created\",\"id\":\"e\","
                + "\"detail\":{\"id\":\"5\"}}")))
                .as("detail.id alone does not say it is a ticket").isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> payloads.read("{\"ticket_id\":\"{{ticket.id}}\"}"))
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("is not a whole number");
    }

    @Test
    void rejectsATicketEventWhoseDetailNamesAnotherTicketThanItsSubject() {
        assertThatThrownBy(() -> payloads.identify(bytes("{\"type\":\"zen:event-type:ticket.created\",\"id\":\"e\","
                + "\"subject\":\"zen:ticket:35436\",\"detail\":{\"id\":\"35437\"}}")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("detail.id 35437 is not the ticket of subject zen:ticket:35436");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user-active-changed", "user-group-membership-created", "organization-created",
            "agent-state-changed", "agent-groups-updated"})
    void anEventThatNamesNoTicketIsIgnoredWithTheReasonAndNeverReadAsATicket(String fixture) {
        byte[] body = fixture(fixture + ".json");

        Delivery delivery = payloads.identify(body);

        assertThat(delivery.isIgnored()).isTrue();
        assertThat(delivery.ignoreReason()).startsWith("no flow for Zendesk event type " + delivery.eventType());
        assertThat(delivery.eventType()).doesNotStartWith("ticket.").doesNotStartWith("zen:");
        assertThatThrownBy(() -> payloads.read(new String(body, StandardCharsets.UTF_8)))
                .as("one stored before this check is dead-lettered, not written to ticket <user id>")
                .isInstanceOf(MalformedWebhookException.class).hasMessageEndingWith("names no ticket");
    }

    @Test
    void ticketEventsAreNotIgnored() {
        assertThat(payloads.identify(fixture("ticket-created.json")).isIgnored()).isFalse();
        assertThat(payloads.identify(fixture("ticket-event-without-detail-id.json")).isIgnored()).isFalse();
        assertThat(payloads.identify(fixture("trigger-ticket.json")).isIgnored()).isFalse();
    }

    /** Ids that do not fit, are negative or are no whole number are refused, never converted. */
    @ParameterizedTest
    @ValueSource(strings = {
            "18446744073709597636",     // 2^64 + 46020: asLong() would wrap it to 46020
            "9223372036854775808",      // Long.MAX_VALUE + 1
            "\"18446744073709597636\"",
            "\"99999999999999999999999\"",
            "-46020", "\"-46020\"", "0",
            "46020.0", "4.602E4", "46020.5", "\"46020.5\"", "\"4.602E4\"", "\"0x1F\"", "\" 46020x\"",
            "true", "[46020]", "{\"id\":46020}"})
    void aTicketIdThatIsNoExactPositiveLongIsRefused(String id) {
        String event = "{\"type\":\"zen:event-type:ticket.created\",\"id\":\"e-1\",\"subject\":\"zen:ticket:46020\","
                + "\"detail\":{\"id\":" + id + "}}";
        String trigger = "{\"event_id\":\"t-1\",\"ticket_id\":" + id + "}";

        assertThatThrownBy(() -> payloads.identify(bytes(event))).isInstanceOf(MalformedWebhookException.class)
                .hasMessageStartingWith("detail.id");
        assertThatThrownBy(() -> payloads.identify(bytes(trigger))).isInstanceOf(MalformedWebhookException.class)
                .hasMessageStartingWith("ticket_id");
        assertThatThrownBy(() -> payloads.read(trigger)).isInstanceOf(MalformedWebhookException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zen:ticket:18446744073709597636", "zen:ticket:-1", "zen:ticket:1.5", "zen:ticket:",
            "zen:ticket:35436 "})
    void aSubjectThatNamesNoExactTicketIdIsRefused(String subject) {
        assertThatThrownBy(() -> payloads.identify(bytes("{\"type\":\"zen:event-type:ticket.created\","
                + "\"id\":\"e-1\",\"subject\":\"" + subject + "\",\"detail\":{}}")))
                .isInstanceOf(MalformedWebhookException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"requester_id", "actor_id"})
    void requesterAndActorIdsThatDoNotFitAreRefusedToo(String field) {
        String event = "{\"type\":\"zen:event-type:ticket.created\",\"id\":\"e-1\",\"subject\":\"zen:ticket:1\","
                + "\"detail\":{\"" + field + "\":\"18446744073709597636\"}}";
        String trigger = "{\"ticket_id\":\"1\",\"" + field + "\":18446744073709597636}";

        assertThatThrownBy(() -> payloads.identify(bytes(event))).isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining(field);
        assertThatThrownBy(() -> payloads.identify(bytes(trigger))).isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining(field);
    }

    @Test
    void theLargestIdsThatFitAreReadExactlyAndZendesksSystemActorIsAllowed() {
        TicketEvent event = payloads.read("{\"ticket_id\":9223372036854775807,\"requester_id\":\"9223372036854775807\","
                + "\"actor_id\":\"-1\"}");

        assertThat(event.ticketId()).isEqualTo(Long.MAX_VALUE);
        assertThat(event.requesterId()).isEqualTo(Long.MAX_VALUE);
        assertThat(event.actorId()).as("Zendesk's own system user").isEqualTo(-1L);
        assertThatThrownBy(() -> payloads.read("{\"ticket_id\":\"1\",\"requester_id\":\"-5\"}"))
                .isInstanceOf(MalformedWebhookException.class).hasMessage("requester_id -5 is not an id: ids are positive");
    }

    @Test
    void blankPlaceholdersReadAsAbsent() {
        assertThat(payloads.read("{\"ticket_id\":\"7\",\"requester_id\":\"\",\"actor_id\":\" \"}"))
                .isEqualTo(new TicketEvent(7, "ticket.unknown", null, null, null, null));
    }

    private TicketEvent read(String fixture) {
        return payloads.read(new String(fixture(fixture), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) {
        return bytes(Fixtures.read("zendesk/" + name));
    }
}
