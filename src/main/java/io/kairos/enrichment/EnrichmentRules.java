package io.kairos.enrichment;

import org.springframework.stereotype.Component;

/**
 * The enrichment mapping in force: the {@code kairos.enrichment} properties at start, replaced whole (never key by
 * key) when a checked config/enrichment.yaml is applied.
 */
@Component
public class EnrichmentRules {

    private volatile EnrichmentProperties current;

    public EnrichmentRules(EnrichmentProperties initial) {
        this.current = initial;
    }

    public EnrichmentProperties current() {
        return current;
    }

    public void replace(EnrichmentProperties rules) {
        this.current = rules;
    }
}
