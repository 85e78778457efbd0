package io.kairos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which installation a bearer token is, and which Zendesk subdomain Kairos serves. */
class AgentTokensTest {

    private final AgentTokens tokens = new AgentTokens(List.of(
            new AgentProperties.Token("Acme", "tok-acme"),
            new AgentProperties.Token("globex", "tok-globex"),
            new AgentProperties.Token("acme", "tok-acme-2"),
            new AgentProperties.Token("initech", "")), "acme");

    @Test
    void aTokenIsItsInstallationWithARateOfItsOwn() {
        AgentTokens.Caller acme = tokens.callerOf("Bearer tok-acme").orElseThrow();
        AgentTokens.Caller second = tokens.callerOf("Bearer tok-acme-2").orElseThrow();

        assertThat(acme.subdomain()).isEqualTo("acme");
        assertThat(acme.owns(tokens.servedSubdomain())).isTrue();
        assertThat(second.owns(tokens.servedSubdomain())).isTrue();
        assertThat(second.rateName()).isNotEqualTo(acme.rateName());
        assertThat(acme.rateName()).doesNotContain("tok-acme");
        assertThat(tokens.callerOf("Bearer tok-globex").orElseThrow().owns("acme")).isFalse();
    }

    @Test
    void noWrongPartialOrBlankTokenMatches() {
        assertThat(tokens.callerOf(null)).isEmpty();
        assertThat(tokens.callerOf("")).isEmpty();
        assertThat(tokens.callerOf("Bearer ")).isEmpty();
        assertThat(tokens.callerOf("Bearer tok-acm")).isEmpty();
        assertThat(tokens.callerOf("Bearer tok-acme ")).isEmpty();
        assertThat(tokens.callerOf("bearer tok-acme")).isEmpty();
        assertThat(tokens.callerOf("tok-acme")).isEmpty();
    }

    @ParameterizedTest(name = "{0} (configured {1}) → {2}")
    @CsvSource(nullValues = "null", value = {
            "https://acme.zendesk.com, null, acme",
            "https://ACME.zendesk.com/, null, acme",
            "https://acme.zendesk.com, globex, acme",
            "http://localhost:8089, acme, acme",
            "http://localhost:8089/sandbox/zendesk, ' Sandbox ', sandbox",
            "http://localhost:8089, null, null",
            "https://zendesk.com, null, null",
            "https://eu.acme.zendesk.com, null, null",
            "https://acme.zendesk.com.evil.example, null, null",
            "null, acme, acme",
            "'not a url', null, null"})
    void theServedSubdomainIsTheZendeskHostsElseTheConfiguredOne(String baseUrl, String configured,
                                                                   String expected) {
        assertThat(AgentTokens.servedSubdomain(baseUrl, configured)).isEqualTo(expected);
    }

    @Test
    void withoutAServedSubdomainNoTokenOwnsAnything() {
        assertThat(new AgentTokens(List.of(new AgentProperties.Token("acme", "t")), null).callerOf("Bearer t")
                .orElseThrow().owns(null)).isFalse();
    }
}
