package io.kairos.enrichment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What enrichment writes onto a ticket.
 *
 * @param customFields Zendesk custom field id per context attribute ({@code tier}, {@code account}, {@code owner})
 * @param atRiskStatuses order statuses an agent should see flagged
 * @param contextCacheTtl how long Salesforce context is reused before asking again
 */
@ConfigurationProperties("kairos.enrichment")
public record EnrichmentProperties(
        @DefaultValue("kairos_") String tagPrefix,
        @DefaultValue({"Delayed", "Backordered", "On Hold"}) List<String> atRiskStatuses,
        Map<String, Long> customFields,
        @DefaultValue("3") int ledgerLines,
        @DefaultValue("10m") Duration contextCacheTtl) {

    public EnrichmentProperties {
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }
}
