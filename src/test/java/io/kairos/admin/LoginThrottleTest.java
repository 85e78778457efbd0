package io.kairos.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new AdminProperties("admin", "secret-password", 3,
            Duration.ofMinutes(15), Duration.ofMinutes(5), 7), clock);

    @Test
    void theFailureThatReachesTheLimitStartsTheLockoutForThatClientOnly() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertThat(throttle.retryAfter("10.0.0.1")).isZero();

        throttle.failed("10.0.0.1");

        assertThat(throttle.retryAfter("10.0.0.1")).isEqualTo(Duration.ofMinutes(5));
        assertThat(throttle.retryAfter("10.0.0.2")).isZero();
        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.retryAfter("10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.retryAfter("10.0.0.1")).isZero();
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        clock.advance(Duration.ofMinutes(16));

        throttle.failed("10.0.0.1");

        assertThat(throttle.retryAfter("10.0.0.1")).isZero();
    }

    @Test
    void aSuccessfulSignInForgetsEarlierFailures() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        throttle.succeeded("10.0.0.1");

        throttle.failed("10.0.0.1");

        assertThat(throttle.retryAfter("10.0.0.1")).isZero();
    }
}
