package io.kairos.agent;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agent API's settings ({@code kairos.agent}).
 *
 * @param tokens           one bearer token per Zendesk instance the sidebar app is installed in; they work on
 *                         {@code /api/agent/**} only
 * @param ratePerMinute    requests per minute each token may make, across all replicas
 * @param holdMaxDays      the longest hold an agent may put on a customer
 * @param zendeskSubdomain the subdomain Kairos serves when {@code zendesk.base-url} is not a zendesk.com address
 *                         (a sandbox or a test stand-in)
 * @param salesforceUrl    the org's Lightning address (https://acme.my.salesforce.com) the record links start with;
 *                         blank: the sidebar shows no Salesforce links
 */
@ConfigurationProperties("kairos.agent")
public record AgentProperties(
        @DefaultValue List<Token> tokens,
        @DefaultValue("120") int ratePerMinute,
        @DefaultValue("90") int holdMaxDays,
        String zendeskSubdomain,
        String salesforceUrl) {

    public AgentProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        if (ratePerMinute < 1) {
            throw new IllegalArgumentException("kairos.agent.rate-per-minute must be at least 1, got " + ratePerMinute);
        }
        if (holdMaxDays < 1) {
            throw new IllegalArgumentException("kairos.agent.hold-max-days must be at least 1, got " + holdMaxDays);
        }
    }

    /** One installation of the app: the Zendesk subdomain (acme for acme.zendesk.com) its token was issued for. */
    public record Token(String subdomain, String token) {

        @Override
        public String toString() {
            return "Token[subdomain=" + subdomain + ", token=***]";
        }
    }
}
