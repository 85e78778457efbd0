package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PubSubStallWatchTest {

    private final Instant probedAt = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void anEventSalesforceHoldsWhileTheSubscriptionShowedNoLifeIsAStall() {
        assertThat(PubSubStallWatch.isStalled(true, "AAE=", "AAE=", probedAt.minus(Duration.ofMinutes(6)), probedAt))
                .isTrue();
        assertThat(PubSubStallWatch.isStalled(true, null, null, null, probedAt)).as("nothing stored, nothing seen")
                .isTrue();
    }

    @Test
    void nothingUndeliveredIsAQuietChannel() {
        assertThat(PubSubStallWatch.isStalled(false, "AAE=", "AAE=", probedAt.minus(Duration.ofMinutes(6)), probedAt))
                .isFalse();
    }

    @Test
    void anEventInFlightIsNoStall() {
        assertThat(PubSubStallWatch.isStalled(true, "AAE=", "AAI=", probedAt.minus(Duration.ofMinutes(6)), probedAt))
                .as("the stored position moved while Salesforce was asked").isFalse();
        assertThat(PubSubStallWatch.isStalled(true, "AAE=", "AAE=", probedAt.plusMillis(300), probedAt))
                .as("an event arrived while Salesforce was asked").isFalse();
    }
}
