package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.proactive.MessageLanguages.Choice;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageLanguagesTest {

    private static final Set<String> VARIANTS = Set.of("de", "pt-BR", "pt");

    @Test
    void theContactsLanguageComesFirstThenTheHelpdeskUsersThenTheAccounts() {
        assertThat(choose("de", "fr", "es")).isEqualTo(new Choice("de", "in de, the contact's language", false));
        assertThat(choose(null, "de-AT", "es"))
                .isEqualTo(new Choice("de", "in de, the helpdesk user's locale de-AT", false));
        assertThat(choose(null, null, "pt_br"))
                .isEqualTo(new Choice("pt-BR", "in pt-BR, the account's language", false));
        assertThat(choose(null, null, null))
                .isEqualTo(new Choice("en", "in en, the default: no language known for the contact", false));
    }

    @Test
    void aLanguageWithoutAVariantFallsBackToTheDefaultAndSaysSo() {
        Choice french = choose("fr-CA", null, null);
        assertThat(french.language()).isEqualTo("en");
        assertThat(french.fallback()).isTrue();
        assertThat(french.note()).isEqualTo("in en (fallback): the contact's language is fr-CA, and "
                + "templates/known_issue has no fr variant");
        assertThat(choose("pt-PT", null, null)).as("pt-PT: the pt variant")
                .isEqualTo(new Choice("pt", "in pt, the contact's language pt-PT", false));
    }

    @Test
    void theDefaultLanguagesOwnRegionsAreNoFallback() {
        assertThat(choose("en-GB", null, null))
                .isEqualTo(new Choice("en", "in en, the contact's language en-GB", false));
    }

    @Test
    void whatIsNoLanguageTagCountsAsUnknown() {
        assertThat(MessageLanguages.normalise(" DE_de ")).isEqualTo("de-DE");
        assertThat(MessageLanguages.normalise("")).isNull();
        assertThat(MessageLanguages.normalise("German!")).isNull();
        assertThat(choose("German!", null, "de")).as("the account's, since the contact's is not a tag")
                .isEqualTo(new Choice("de", "in de, the account's language", false));
    }

    private static Choice choose(String contact, String helpdesk, String account) {
        return MessageLanguages.choose(contact, helpdesk, account, "en", "known_issue", VARIANTS);
    }
}
