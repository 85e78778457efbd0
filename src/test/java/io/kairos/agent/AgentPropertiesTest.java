package io.kairos.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent API's settings refuse what would fail every request, and never show a token. */
class AgentPropertiesTest {

    @Test
    void aTokenWithoutItsSubdomainIsRefusedAtStartUpButAnUnsetOneIsFine() {
        assertThatThrownBy(() -> new AgentProperties(List.of(new AgentProperties.Token(" ", "secret-1")), 120, 90,
                null, null)).hasMessageContaining("kairos.agent.tokens[0]").hasMessageNotContaining("secret-1");
        assertThat(new AgentProperties(List.of(new AgentProperties.Token("", "")), 120, 90, null, null).tokens())
                .hasSize(1);
    }

    @Test
    void theRateAndTheLongestHoldArePositive() {
        assertThatThrownBy(() -> new AgentProperties(List.of(), 0, 90, null, null))
                .hasMessageContaining("rate-per-minute");
        assertThatThrownBy(() -> new AgentProperties(List.of(), 120, 0, null, null))
                .hasMessageContaining("hold-max-days");
    }

    @Test
    void aTokenIsMaskedWhenPrinted() {
        assertThat(new AgentProperties(List.of(new AgentProperties.Token("acme", "secret-1")), 120, 90, null, null)
                .toString()).doesNotContain("secret-1").contains("acme");
    }
}
