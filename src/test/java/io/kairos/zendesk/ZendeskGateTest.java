package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.kairos.platform.InboxEvent;
import io.kairos.platform.SharedRateLimits;
import io.kairos.proactive.ChannelRate;
import io.kairos.proactive.OpenTicketProperties;
import io.kairos.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The split of Zendesk's budget: the signal share apart, the rest for enrichment and the bridge. */
class ZendeskGateTest {

    private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    private final SharedRateLimits limits = mock(SharedRateLimits.class);
    private final ZendeskGate gate = new ZendeskGate(limits, new ChannelRate(limits), properties(95, 10),
            OpenTicketProperties.defaults(), clock);

    @Test
    void enrichmentTakesWhatTheSignalShareLeavesWithOneStepsWorthOfBurst() {
        InboxEvent event = new InboxEvent("zendesk", "ev-1", "ticket.created", "{}", 1, Instant.EPOCH, null, null);

        gate.slotFor(event, 3);
        gate.slotFor(List.of(event), 2);

        verify(limits).slotFor(event, ZendeskGate.WORK, 82.0, 60_000, 3, 3);
        verify(limits).slotFor(List.of(event), ZendeskGate.WORK, 82.0, 60_000, 2, 3);
    }

    @Test
    void signalsHaveTheirOwnShareHalfOfItAsBurstAndAPlanningReadWaitsNoLongerThanTheLookupsTimeout() {
        gate.beforeSend("zendesk", 10, 1000);
        gate.beforePlanningRead();

        verify(limits).acquire("zendesk-messages", 10, 1000);
        verify(limits).acquire(ZendeskGate.SIGNALS, 5.0, 60_000, 1, 5, Duration.ofDays(1));
        verify(limits).acquire(ZendeskGate.SIGNALS, 5.0, 60_000, 1, 5, Duration.ofSeconds(10));
    }

    @Test
    void anAgentsSidebarReadTakesTheWorkShareAndWaitsNoLongerThanTheLookupsTimeout() {
        gate.beforeAgentRead();

        verify(limits).acquire(ZendeskGate.WORK, 82.0, 60_000, 1, 3, Duration.ofSeconds(10));
    }

    @Test
    void aRateLimitHoldsBothSharesUntilRetryAfter() {
        gate.rateLimited(Duration.ofSeconds(17));

        verify(limits).holdUntil(eq(ZendeskGate.WORK), eq(clock.instant().plusSeconds(17)));
        verify(limits).holdUntil(eq(ZendeskGate.SIGNALS), eq(clock.instant().plusSeconds(17)));
    }

    @Test
    void theSignalShareMustLeaveSomethingForEnrichment() {
        assertThatThrownBy(() -> new ZendeskGate(limits, new ChannelRate(limits), properties(20, 20), OpenTicketProperties.defaults(), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zendesk.signal-requests-per-minute");
        assertThatCode(() -> new ZendeskGate(limits, new ChannelRate(limits), properties(21, 20), OpenTicketProperties.defaults(), clock))
                .doesNotThrowAnyException();
    }

    private static ZendeskProperties properties(int perMinute, int signals) {
        return new ZendeskProperties("https://acme.zendesk.com", "kairos@acme.example", "t", "s",
                Duration.ofMinutes(5), perMinute, signals, null);
    }
}
