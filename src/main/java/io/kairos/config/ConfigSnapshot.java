package io.kairos.config;

import io.kairos.enrichment.EnrichmentProperties;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.SignalCatalog;
import io.kairos.proactive.TimingProperties;
import java.util.Map;

/**
 * A checked set of configuration files, ready to apply: each file kind bound over the Spring properties (a file
 * overrides the property of the same name), plus the text of every file for the change log.
 */
public record ConfigSnapshot(EnrichmentProperties enrichment, TimingProperties timing,
                             ProactiveRules.Messages messages, SignalCatalog catalog, Map<String, String> texts) {

    public ConfigSnapshot {
        texts = Map.copyOf(texts);
    }
}
