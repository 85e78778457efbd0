package io.kairos.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a hold request must carry: a ticket id, 1 to hold-max-days days, the agent's name. */
class HoldRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWellFormedHoldIsTakenAsItIs() throws Exception {
        HoldRequest request = HoldRequest.of(JSON.readTree("{\"ticket\": 123, \"days\": 7, \"agent\": \" Alex A \"}"),
                90);

        assertThat(request).isEqualTo(new HoldRequest(123, 7, "Alex A"));
        assertThat(HoldRequest.of(JSON.readTree("{\"ticket\": \"123\", \"days\": 1, \"agent\": \"A\"}"), 90).ticket())
                .isEqualTo(123);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "90"})
    void theBoundsAreIncluded(String days) throws Exception {
        assertThat(HoldRequest.days(JSON.readTree(days), 90)).isEqualTo(Integer.parseInt(days));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "91", "7.5", "\"7\"", "null", "99999999999", "true"})
    void daysOutsideOneToTheMaximumAreRefused(String days) throws Exception {
        JsonNode node = JSON.readTree(days);
        assertThatThrownBy(() -> HoldRequest.days(node, 90)).isInstanceOfSatisfying(AgentApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("days must be a whole number from 1 to 90");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "12a", "-5", "0", "1.5", "1234567890123456789012"})
    void aTicketMustBeAPositiveWholeNumber(String ticket) {
        assertThatThrownBy(() -> HoldRequest.ticket(ticket)).isInstanceOf(AgentApiException.class)
                .hasMessage("ticket must be a Zendesk ticket id");
    }

    @Test
    void theAgentsNameIsRequiredOneLineAndShort() {
        assertThat(HoldRequest.agent("Alex Agent")).isEqualTo("Alex Agent");
        assertThat(HoldRequest.agent("x".repeat(100))).hasSize(100);
        for (String name : new String[] {null, "", "   ", "x".repeat(101), "Alex\nAgent"}) {
            assertThatThrownBy(() -> HoldRequest.agent(name)).as("%s", name).isInstanceOf(AgentApiException.class);
        }
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() throws Exception {
        assertThatThrownBy(() -> HoldRequest.of(JSON.readTree("[1]"), 90)).isInstanceOf(AgentApiException.class)
                .hasMessageStartingWith("The body must be a JSON object");
        assertThatThrownBy(() -> HoldRequest.of(null, 90)).isInstanceOf(AgentApiException.class);
    }
}
