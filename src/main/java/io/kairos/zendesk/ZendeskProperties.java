package io.kairos.zendesk;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Zendesk settings; the first four come from ZENDESK_BASE_URL, ZENDESK_EMAIL, ZENDESK_API_TOKEN and
 * ZENDESK_WEBHOOK_SECRET.
 *
 * @param requestsPerMinute       every request Kairos makes to Zendesk, per minute across all replicas
 * @param signalRequestsPerMinute the share of it kept for signals (open-ticket lookups, proactive sends), so a
 *                                ticket spike's enrichment never delays them
 * @param kairosUserId the Zendesk user Kairos writes as; events whose actor is this user are Kairos's own change
 */
@ConfigurationProperties("zendesk")
public record ZendeskProperties(
        String baseUrl,
        String email,
        String apiToken,
        String webhookSecret,
        @DefaultValue("5m") Duration signatureTolerance,
        @DefaultValue("90") int requestsPerMinute,
        @DefaultValue("20") int signalRequestsPerMinute,
        Long kairosUserId) {

    @Override
    public String toString() {
        return "ZendeskProperties[baseUrl=" + baseUrl + ", email=" + email + ", apiToken=***, webhookSecret=***]";
    }
}
