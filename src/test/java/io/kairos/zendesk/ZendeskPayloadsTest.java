package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.MalformedWebhookException;
import io.kairos.platform.WebhookSource.Delivery;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
        assertThat(read("ticket-created.json"))
                .isEqualTo(new TicketEvent(35436, "ticket.created", null, 9001L, 9001L, List.of("web")));
        assertThat(read("ticket-tags-changed-by-kairos.json")).isEqualTo(new TicketEvent(35436,
                "ticket.tags_changed", null, 9001L, 9999L, List.of("web", "kairos_enriched")));
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
    void rejectsAStoredDeliveryWithoutATicketId() {
        assertThatThrownBy(() -> payloads.read("{\"type\":\"zen:event-type:ticket.created\",\"id\":\"e\","
                + "\"subject\":\"zen:user:5\",\"detail\":{\"status\":\"OPEN\"}}"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("event has no ticket id in detail.id or subject");
        assertThatThrownBy(() -> payloads.read("{\"ticket_id\":\"{{ticket.id}}\"}"))
                .isInstanceOf(MalformedWebhookException.class).hasMessage("\"ticket_id\" is not a number");
    }

    private TicketEvent read(String fixture) {
        return payloads.read(new String(fixture(fixture), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) {
        try (InputStream in = ZendeskPayloadsTest.class.getResourceAsStream("/fixtures/zendesk/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
