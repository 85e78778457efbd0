package io.kairos.proactive;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox is claimed and retried.
 *
 * @param lease how long a claimed message stays with one dispatcher before it is recovered
 * @param maxAttempts claims a message may use up before it goes to the dead-letter table
 */
@ConfigurationProperties("kairos.outbox")
public record OutboxProperties(
        @DefaultValue("50") int batchSize,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("2s") Duration backoffInitial,
        @DefaultValue("10m") Duration backoffMax) { }
