package io.kairos.salesforce;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The org's daily API budget as the latest Salesforce answer reported it ({@code Sforce-Limit-Info}), for enrichment
 * lookups and audience queries alike: requests used, the allowance, and the share used. NaN until a response told.
 */
@Component
public class SalesforceApiUsageMeter {

    static final String USED = "kairos.salesforce.api.used";
    static final String LIMIT = "kairos.salesforce.api.limit";
    static final String SHARE = "kairos.salesforce.api.used.share";

    private final AtomicReference<ApiUsage> last = new AtomicReference<>();
    private final Clock clock;

    @Autowired
    public SalesforceApiUsageMeter(MeterRegistry meters, Clock clock) {
        this.clock = clock;
        Gauge.builder(USED, last, r -> r.get() == null ? Double.NaN : r.get().used())
                .description("Salesforce API requests the org used in the rolling 24 hours, as last reported")
                .register(meters);
        Gauge.builder(LIMIT, last, r -> r.get() == null ? Double.NaN : r.get().max())
                .description("The org's daily Salesforce API allowance, as last reported")
                .register(meters);
        Gauge.builder(SHARE, last, r -> r.get() == null ? Double.NaN : r.get().share())
                .description("Share of the org's daily Salesforce API allowance used, 0 to 1")
                .register(meters);
    }

    /** Remembers the usage a response reported; a response without the header changes nothing. */
    public void record(String limitInfo) {
        ApiUsage.fromLimitInfo(limitInfo, clock.instant()).ifPresent(last::set);
    }
}
