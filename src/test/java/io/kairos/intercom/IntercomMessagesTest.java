package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.proactive.MessageTemplates;
import io.kairos.proactive.OutboxMessage;
import io.kairos.proactive.Signal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntercomMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntercomMessages messages = new IntercomMessages(IntercomFixtures.PROPERTIES);
    private final MessageTemplates templates = new MessageTemplates();

    @Test
    void requestBodyIsWhatIntercomsCreateMessageExpects() throws Exception {
        JsonNode body = JSON.readTree(messages.request(IntercomFixtures.orderDelay(), "\n<p>Hi Jane,</p>\n"));

        assertThat(body.path("message_type").asText()).isEqualTo("email");
        assertThat(body.path("subject").asText()).isEqualTo("Your order is delayed");
        assertThat(body.path("body").asText()).isEqualTo("<p>Hi Jane,</p>");
        assertThat(body.path("template").asText()).isEqualTo("plain");
        assertThat(body.path("from").path("type").asText()).isEqualTo("admin");
        assertThat(body.path("from").path("id").asText()).isEqualTo("394051");
        assertThat(body.path("to").path("type").asText()).isEqualTo("user");
        assertThat(body.path("to").path("email").asText()).isEqualTo("jane@acme.example");
        assertThat(body.size()).isEqualTo(6);
    }

    @Test
    void messageTypeComesFromConfiguration() throws Exception {
        IntercomProperties inApp = new IntercomProperties("https://api.intercom.test", "t", null, "1", "2.11", "in_app",
                Duration.ofSeconds(5), Duration.ofSeconds(30));

        JsonNode body = JSON.readTree(new IntercomMessages(inApp).request(IntercomFixtures.orderDelay(), "x"));

        assertThat(body.path("message_type").asText()).isEqualTo("in_app");
    }

    @Test
    void subjectFallsBackToTheSignalTypeWithoutATitle() throws Exception {
        OutboxMessage untitled = IntercomFixtures.message(IntercomFixtures.signal(Signal.Type.KNOWN_ISSUE, " ", null),
                "Jane", null, Map.of());

        assertThat(JSON.readTree(messages.request(untitled, "x")).path("subject").asText())
                .isEqualTo("Known issue");
    }

    @Test
    void templateModelHasEveryVariableAndTheRecipientsValues() {
        Map<String, String> model = templates.templateModel(IntercomFixtures.orderDelay());

        assertThat(model).containsOnlyKeys(MessageTemplates.TEMPLATE_VARIABLES)
                .containsEntry("firstName", "Jane")
                .containsEntry("name", "Jane Doe")
                .containsEntry("title", "Your order is delayed")
                .containsEntry("body", "The carrier lost a day.")
                .containsEntry("orderNumber", "00123")
                .containsEntry("expectedDelivery", "2 Dec 2025")
                .containsEntry("product", "Widget Pro")
                .containsEntry("accountName", "Acme")
                // In the contact's own time zone.
                .containsEntry("startsAt", "1 Dec 2025, 14:00 CET")
                .containsEntry("endsAt", "1 Dec 2025, 16:30 CET");
    }

    @Test
    void unknownValuesAreEmptyAndAnUnknownZoneMeansUtc() {
        Signal bare = new Signal("s", "d", "manual", Signal.Type.OUTAGE, null, Signal.Severity.HIGH, null, null, null,
                java.time.Instant.parse("2025-12-01T13:00:00Z"), null, null, java.time.Instant.EPOCH);
        OutboxMessage message = IntercomFixtures.message(bare, null, "Mars/Olympus", Map.of("orderNumber", " "));

        Map<String, String> model = templates.templateModel(message);

        assertThat(model).containsOnlyKeys(MessageTemplates.TEMPLATE_VARIABLES)
                .containsEntry("firstName", "")
                .containsEntry("body", "")
                .containsEntry("orderNumber", "")
                .containsEntry("startsAt", "1 Dec 2025, 13:00 UTC")
                .containsEntry("endsAt", "");
    }

    @Test
    void templateNameIsTheSignalTypeInLowerCase() {
        assertThat(templates.templateName(IntercomFixtures.orderDelay())).isEqualTo("order_delay");
    }

    @Test
    void theTokenNeverShowsInTheSettingsText() {
        assertThat(IntercomFixtures.PROPERTIES.toString()).doesNotContain("secret-token");
    }
}
