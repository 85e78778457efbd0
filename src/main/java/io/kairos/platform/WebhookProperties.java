package io.kairos.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits shared by every webhook endpoint.
 *
 * @param storeDownRetryAfter what a sender is told to wait when the store cannot take the delivery
 * @param startingRetryAfter  what a sender is told to wait when it posts before the webhook routes have started
 */
@ConfigurationProperties("kairos.webhooks")
public record WebhookProperties(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("30s") Duration storeDownRetryAfter,
        @DefaultValue("5s") Duration startingRetryAfter) { }
