package io.kairos.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the inbox is drained and retried.
 *
 * @param lease how long a claimed event stays with one worker before another may take it over
 * @param retention how long finished events are kept (redeliveries within it are still recognised)
 */
@ConfigurationProperties("kairos.inbox")
public record InboxProperties(
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("20") int batchSize,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration backoffInitial,
        @DefaultValue("10m") Duration backoffMax,
        @DefaultValue("14d") Duration retention) { }
