package io.kairos.enrichment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What enrichment writes onto a ticket.
 *
 * @param customFields Zendesk custom field id per context attribute ({@code tier}, {@code account}, {@code owner})
 * @param atRiskStatuses order statuses an agent should see flagged
 * @param contextCacheTtl how long Salesforce context is reused before asking again
 * @param mappings further Contact or Account fields written as custom fields or tags
 */
@ConfigurationProperties("kairos.enrichment")
public record EnrichmentProperties(
        @DefaultValue("kairos_") String tagPrefix,
        @DefaultValue({"Delayed", "Backordered", "On Hold"}) List<String> atRiskStatuses,
        Map<String, Long> customFields,
        @DefaultValue("3") int ledgerLines,
        @DefaultValue("10m") Duration contextCacheTtl,
        List<FieldMapping> mappings) {

    @ConstructorBinding
    public EnrichmentProperties {
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
    }

    /** Without mappings, as before they existed. */
    public EnrichmentProperties(String tagPrefix, List<String> atRiskStatuses, Map<String, Long> customFields,
                                int ledgerLines, Duration contextCacheTtl) {
        this(tagPrefix, atRiskStatuses, customFields, ledgerLines, contextCacheTtl, List.of());
    }

    /** The distinct Salesforce fields the mappings read, in their order: what a lookup must ask for. */
    public List<String> mappedFields() {
        Set<String> fields = new LinkedHashSet<>();
        mappings.forEach(mapping -> fields.add(mapping.salesforce()));
        return new ArrayList<>(fields);
    }
}
