package io.kairos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sidebar's links start at the configured Salesforce and Zendesk addresses, or are not given at all. */
class AgentLinksTest {

    @Test
    void recordAndTicketLinksStartAtTheConfiguredAddresses() {
        AgentLinks links = new AgentLinks("https://acme.my.salesforce.com//", "https://acme.zendesk.com/");

        assertThat(links.record("Contact", "003A")).isEqualTo("https://acme.my.salesforce.com/lightning/r/Contact/003A/view");
        assertThat(links.ticket(456L)).isEqualTo("https://acme.zendesk.com/agent/tickets/456");
        assertThat(links.record("Order", null)).isNull();
        assertThat(links.ticket(null)).isNull();
    }

    @Test
    void withoutAnAddressThereIsNoLink() {
        AgentLinks links = new AgentLinks(" ", null);

        assertThat(links.record("Contact", "003A")).isNull();
        assertThat(links.ticket(456L)).isNull();
    }
}
