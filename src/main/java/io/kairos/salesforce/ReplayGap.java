package io.kairos.salesforce;

import java.time.Instant;

/**
 * Events of a channel Kairos may have missed: its stored position had expired or Salesforce refused it, so it
 * resubscribed from the earliest retained event; changes since {@code since} must be reconciled by query.
 *
 * @param since      the creation time of the last event processed before the gap (its lower bound)
 * @param detectedAt when Kairos noticed
 */
public record ReplayGap(String channel, Instant since, Instant detectedAt) { }
