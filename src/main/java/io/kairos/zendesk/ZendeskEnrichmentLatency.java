package io.kairos.zendesk;

import io.kairos.platform.InboxEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Times each enrichment from the webhook's arrival (its inbox row) to the ticket update Zendesk accepted, retries and
 * waits included: what an agent waits for before the note is on the ticket. Called by both enrichment paths.
 */
@Component("enrichmentLatency")
public class ZendeskEnrichmentLatency {

    static final String TIMER = "kairos.enrichment.latency";

    private final Timer known;
    private final Timer unknown;
    private final Clock clock;

    public ZendeskEnrichmentLatency(MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.known = timer(meters, "enriched");
        this.unknown = timer(meters, "unknown_customer");
    }

    /** Records the time since the event arrived; {@code customerKnown=false}: the note said no contact was found. */
    public void written(InboxEvent event, boolean customerKnown) {
        if (event == null || event.receivedAt() == null) {
            return;
        }
        Duration latency = Duration.between(event.receivedAt(), clock.instant());
        (customerKnown ? known : unknown).record(latency.isNegative() ? Duration.ZERO : latency);
    }

    private static Timer timer(MeterRegistry meters, String outcome) {
        return Timer.builder(TIMER)
                .tag("outcome", outcome)
                .description("From the webhook's arrival to the enrichment written on the Zendesk ticket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(meters);
    }
}
