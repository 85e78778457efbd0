package io.kairos.zendesk;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When and how a backlog of tickets is enriched in groups (README "Spike enrichment").
 *
 * @param groupFrom a claim of the tickets lane holding at least this many events is enriched as one group; 0 never
 * @param maxTickets tickets per Update Many Tickets request (Zendesk takes at most 100)
 * @param pollDelay how long after sending (or after a job still running) its job status is asked for
 */
@ConfigurationProperties("kairos.enrichment.bulk")
public record ZendeskBulkProperties(@DefaultValue("10") int groupFrom, @DefaultValue("100") int maxTickets,
                                    @DefaultValue("2s") Duration pollDelay) {

    public ZendeskBulkProperties {
        if (groupFrom < 0 || maxTickets < 1 || maxTickets > 100) {
            throw new IllegalArgumentException("kairos.enrichment.bulk: group-from must be 0 or more and max-tickets "
                    + "between 1 and 100 (Zendesk's limit), got " + groupFrom + " and " + maxTickets);
        }
    }
}
