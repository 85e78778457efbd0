package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.proactive.MessageTemplates;
import io.kairos.proactive.OutboxMessage;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.Signal;
import io.kairos.proactive.TimingDecisionsTest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The operator-edited templates in templates/, rendered through camel-mustache as the dispatch route does. */
class MessageTemplatesTest {

    private static CamelContext camel;
    private static ProducerTemplate producer;

    private final MessageTemplates messages = new MessageTemplates();

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    private String render(OutboxMessage message) {
        return producer.requestBody("mustache:file:templates/" + messages.templateName(message) + ".mustache",
                messages.templateModel(message), String.class);
    }

    @Test
    void orderDelayNamesTheOrderAndTheNewDate() {
        String text = render(IntercomFixtures.orderDelay());

        assertThat(text).contains("<p>Hi Jane,</p>", "Your order 00123 is running late.",
                "We now expect to deliver it on 2 Dec 2025.", "<p>The carrier lost a day.</p>");
    }

    @Test
    void valuesAreHtmlEscapedAndMissingOnesLeaveNoTrace() {
        OutboxMessage message = IntercomFixtures.message(
                IntercomFixtures.signal(Signal.Type.ORDER_DELAY, "Delayed", null), "<b>Jane</b> & co", null, Map.of());

        String text = render(message);

        assertThat(text).contains("Hi &lt;b&gt;Jane&lt;/b&gt;,", "Your order is running late.")
                .doesNotContain("<b>", "expect to deliver", "<p></p>", "{{", "{");
    }

    @Test
    void withoutANameTheGreetingIsGeneric() {
        OutboxMessage message = IntercomFixtures.message(
                IntercomFixtures.signal(Signal.Type.OUTAGE, "Maintenance", "Planned work."), " ", null, Map.of());

        assertThat(render(message)).contains("<p>Hello,</p>",
                "Widget Pro is unavailable from 1 Dec 2025, 13:00 UTC until 1 Dec 2025, 15:30 UTC: Maintenance.");
    }

    @Test
    void theNoteOnAnOpenTicketSaysWhatTheCustomerIsAffectedByInPlainText() {
        OutboxMessage base = IntercomFixtures.message(
                IntercomFixtures.signal(Signal.Type.ORDER_DELAY, "Order 00123 is late", null), "Jane O'Brien & co",
                "UTC", Map.of("orderNumber", "00123", "expectedDelivery", "2025-12-02"));
        OutboxMessage held = new OutboxMessage(base.id(), base.signal(), base.contactEmail(), base.contactId(),
                base.contactName(), base.timeZone(), "zendesk_note", base.variables(), base.sendAt(), 1, false, 35436L);

        String text = producer.requestBody("mustache:file:templates/open_ticket_note.mustache",
                messages.noteModel(held), String.class);

        assertThat(text).contains("This customer (Jane O'Brien & co <" + base.contactEmail() + ">) is affected by "
                        + "ORDER_DELAY " + base.signal().recordId() + ": Order 00123 is late.",
                "Order 00123, new ETA 2025-12-02.", "Product: Widget Pro.", "held back because this ticket is open")
                .doesNotContain("&#39;", "&amp;", "{{");
    }

    @Test
    void theChurnRiskExamplesOwnNoteSaysWhatWasHeldBackWithTheNotesValues() {
        Signal.Type churn = Signal.Type.valueOf("CHURN_RISK");
        MessageTemplates withNotes = new MessageTemplates(new ProactiveRules(
                TimingDecisionsTest.DEFAULTS.settings(), new ProactiveRules.Messages("intercom", Map.of(), Map.of(),
                Map.of(), Map.of(churn, "churn_risk_note"), Map.of()), Clock.systemUTC()));
        Signal signal = new Signal("sig-2", "sf:evt-2", "salesforce", churn, "001000000000007AAA",
                Signal.Severity.NORMAL, null, null, null, null, null, null, Instant.parse("2025-11-26T09:00:00Z"));
        OutboxMessage held = new OutboxMessage(43L, signal, "jane@acme.example", "003000000000001AAA",
                "Jane O'Brien", "UTC", "zendesk_note", Map.of("accountName", "Acme & Sons"),
                Instant.parse("2025-11-26T09:00:00Z"), 1, false, 35436L);
        OutboxMessage withoutAccount = new OutboxMessage(44L, signal, "jane@acme.example", "003000000000001AAA",
                "Jane O'Brien", "UTC", "zendesk_note", Map.of(), Instant.parse("2025-11-26T09:00:00Z"), 1, false,
                35436L);

        String note = producer.requestBody("mustache:file:templates/" + withNotes.templateName(held) + ".mustache",
                withNotes.templateModel(held), String.class);
        String noAccount = producer.requestBody("mustache:file:templates/" + withNotes.templateName(withoutAccount)
                + ".mustache", withNotes.templateModel(withoutAccount), String.class);

        assertThat(withNotes.templateName(held)).isEqualTo("churn_risk_note");
        assertThat(note).contains("Kairos held back a check-in: the health score of Acme & Sons dropped below 40.",
                "Jane O'Brien <jane@acme.example> would have been asked").doesNotContain("&amp;", "&#39;", "{{");
        assertThat(noAccount).contains("the health score of account 001000000000007AAA dropped below 40.");
    }

    @Test
    void theOnboardingExampleWelcomesTheContactWithWhatAChangeEventSignalProvides() {
        // A change-event signal has no title, body or product: the welcome uses the contact's name and account.
        Signal won = new Signal("sig-2", "evt-2", "salesforce", Signal.Type.valueOf("ONBOARDING"),
                "006000000000042AAA", Signal.Severity.NORMAL, null, null, null, null, null, null, null);

        assertThat(render(IntercomFixtures.message(won, "Jane Doe", "Europe/Berlin", Map.of("accountName",
                "Acme & Sons")))).contains("<p>Hi Jane,</p>", "Welcome aboard, and thank you for choosing us for "
                + "Acme &amp; Sons!").doesNotContain("{{");
        assertThat(render(IntercomFixtures.message(won, null, null, Map.of()))).contains("<p>Hello,</p>",
                "Welcome aboard! We are glad to have you.");
    }

    @ParameterizedTest
    @MethodSource("io.kairos.support.Fixtures#builtInTypes")
    void everySignalTypeHasATemplateThatUsesItsTitleOrText(Signal.Type type) {
        OutboxMessage message = IntercomFixtures.message(
                IntercomFixtures.signal(type, "Title of " + type, "Text of " + type), "Jane Doe", "UTC",
                Map.of("accountName", "Acme", "orderNumber", "00123"));

        String text = render(message);

        assertThat(text).contains("Hi Jane,", "Text of " + type).doesNotContain("{{", "java.util");
        if (!Signal.Type.ORDER_DELAY.equals(type)) {
            assertThat(text).contains("Title of " + type);
        }
    }
}
