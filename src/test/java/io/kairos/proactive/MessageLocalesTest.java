package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A kind's template per language (the catalog's message.locales over templates/&lt;template&gt;.&lt;language&gt;)
 * and its note on an open ticket (open-tickets.note), as planning and dispatch pick them.
 */
class MessageLocalesTest {

    private static final Signal.Type CHURN_RISK = Signal.Type.valueOf("CHURN_RISK");
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static final ProactiveRules RULES = new ProactiveRules(TimingDecisionsTest.DEFAULTS.settings(),
            new ProactiveRules.Messages("intercom", Map.of(), Map.of(),
                    Map.of(CHURN_RISK, Map.of("de", "churn_risk_de", "it", "churn_risk_it")),
                    Map.of(CHURN_RISK, "churn_risk_note"),
                    texts("churn_risk", "churn_risk.de", "churn_risk.fr", "churn_risk_de", "churn_risk_it",
                            "churn_risk_note", "churn_risk_note.de", "open_ticket_note", "outage")),
            Clock.fixed(T0, ZoneOffset.UTC));

    private final MessageTemplates templates = new MessageTemplates(RULES);

    @Test
    void aLocaleWinsOverTheFileNameVariantOfItsLanguageAndTheOthersStay() {
        assertThat(RULES.variantsOf(CHURN_RISK)).containsExactly(Map.entry("de", "churn_risk_de"),
                Map.entry("fr", "churn_risk.fr"), Map.entry("it", "churn_risk_it"));
        assertThat(RULES.variantsOf(Signal.Type.OUTAGE)).as("a kind without locales or variants").isEmpty();
    }

    @Test
    void eachRecipientGetsTheTemplateOfTheLanguageChosenForThemAndTheChoiceSaysWhy() {
        UserLocales helpdesk = mock(UserLocales.class);
        when(helpdesk.of(List.of("anna@x.example", "marie@x.example", "luca@x.example", "juan@x.example")))
                .thenReturn(Map.of("luca@x.example", "it-CH"));
        MessageLanguages languages = new MessageLanguages(helpdesk, RULES, "en");

        List<Recipient> assigned = languages.assign(signal(), List.of(recipient("anna@x.example", "de-AT"),
                recipient("marie@x.example", "fr"), recipient("luca@x.example", null),
                recipient("juan@x.example", "es")));

        assertThat(assigned).extracting(r -> r.variables().get(MessageLanguages.LANGUAGE))
                .containsExactly("de", "fr", "it", "en");
        assertThat(assigned.get(2).variables()).containsEntry(MessageLanguages.LANGUAGE_NOTE,
                "in it, the helpdesk user's locale it-CH");
        assertThat(assigned.get(3).variables()).containsEntry(MessageLanguages.LANGUAGE_FALLBACK, "true");
        assertThat(assigned).extracting(r -> templates.templateName(message("intercom", r.variables())))
                .as("the locale for de and it, the file variant for fr, the default for es")
                .containsExactly("churn_risk_de", "churn_risk.fr", "churn_risk_it", "churn_risk");
    }

    @Test
    void aLocaleRemovedSincePlanningFallsBackToTheDefaultTemplate() {
        assertThat(templates.templateName(message("intercom", Map.of(MessageLanguages.LANGUAGE, "pt"))))
                .isEqualTo("churn_risk");
    }

    @Test
    void theNoteOnAnOpenTicketIsTheKindsTemplateInTheRecipientsLanguageWhenItHasThatVariant() {
        assertThat(templates.templateName(message(Outbox.TICKET_NOTE, Map.of(MessageLanguages.LANGUAGE, "de"))))
                .isEqualTo("churn_risk_note.de");
        assertThat(templates.templateName(message(Outbox.TICKET_NOTE, Map.of(MessageLanguages.LANGUAGE, "fr"))))
                .isEqualTo("churn_risk_note");
        assertThat(templates.templateName(message(Outbox.TICKET_NOTE, Map.of()))).isEqualTo("churn_risk_note");
    }

    @Test
    void aKindWithoutANoteOfItsOwnKeepsTheDefaultNote() {
        OutboxMessage outage = new OutboxMessage(7L, signal(Signal.Type.OUTAGE), "jane@acme.example", "003A",
                "Jane Doe", "UTC", Outbox.TICKET_NOTE, Map.of(MessageLanguages.LANGUAGE, "de"), T0, 0, false, 35436L);

        assertThat(templates.templateName(outage)).isEqualTo(MessageTemplates.NOTE_TEMPLATE);
        assertThat(new MessageTemplates().templateName(outage)).as("without rules loaded")
                .isEqualTo(MessageTemplates.NOTE_TEMPLATE);
    }

    private static Map<String, String> texts(String... names) {
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        for (String name : names) {
            texts.put(name, "{{#body}}{{title}}{{/body}}");
        }
        return texts;
    }

    private static Signal signal() {
        return signal(CHURN_RISK);
    }

    private static Signal signal(Signal.Type type) {
        return new Signal("sig-1", "api:k", "api", type, "001000000000001AAA", Signal.Severity.NORMAL, null, null,
                null, null, null, null, T0);
    }

    private static Recipient recipient(String email, String contactLanguage) {
        return new Recipient("003" + email.charAt(0), email, "Someone", "UTC", false, contactLanguage == null
                ? Map.of() : Map.of(MessageLanguages.CONTACT_LANGUAGE, contactLanguage));
    }

    private static OutboxMessage message(String channel, Map<String, String> variables) {
        return new OutboxMessage(7L, signal(), "anna@x.example", "003A", "Anna", "UTC", channel, variables, T0, 0,
                false, Outbox.TICKET_NOTE.equals(channel) ? 35436L : null);
    }
}
