package io.kairos.salesforce;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps bulk Salesforce work within its share of the org's daily API allowance, judged by the latest usage seen. */
final class BulkApiBudget {

    static final String PAUSED_COUNTER = "kairos.salesforce.budget.paused";

    private static final Logger log = LoggerFactory.getLogger(BulkApiBudget.class);

    private final double share;
    private final Duration recheck;
    private final Clock clock;
    private final Counter paused;
    private final AtomicReference<ApiUsage> last = new AtomicReference<>();
    private final AtomicBoolean warned = new AtomicBoolean();

    BulkApiBudget(double share, Duration recheck, Clock clock, MeterRegistry meters) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("kairos.proactive.bulk-budget-share must be in (0, 1], got " + share);
        }
        if (recheck == null || recheck.isNegative()) {
            throw new IllegalArgumentException("kairos.proactive.bulk-budget-recheck must not be negative");
        }
        this.share = share;
        this.recheck = recheck;
        this.clock = clock;
        this.paused = Counter.builder(PAUSED_COUNTER)
                .description("Salesforce audience resolutions stopped because org API usage was over the bulk share")
                .register(meters);
    }

    /** Remembers the usage a response reported; responses without the header change nothing. */
    void record(String limitInfo) {
        ApiUsage.fromLimitInfo(limitInfo, clock.instant()).ifPresent(usage -> {
            last.set(usage);
            if (!over(usage)) {
                warned.set(false);
            }
        });
    }

    /**
     * Refuses the next request while the latest reading is over the share. A reading older than the recheck interval
     * lets one request through, because usage falls as the rolling 24 hours move on and only a response tells us.
     *
     * @throws SalesforceBudgetPausedException when bulk work must wait
     */
    void checkBeforeRequest() {
        ApiUsage usage = last.get();
        if (usage == null || !over(usage)) {
            return;
        }
        Instant recheckAt = usage.readAt().plus(recheck);
        Instant now = clock.instant();
        if (!now.isBefore(recheckAt)) {
            return;
        }
        paused.increment();
        SalesforceBudgetPausedException pause =
                new SalesforceBudgetPausedException(usage, share, Duration.between(now, recheckAt));
        if (warned.compareAndSet(false, true)) {
            log.warn("{}", pause.getMessage());
        }
        throw pause;
    }

    Optional<ApiUsage> last() {
        return Optional.ofNullable(last.get());
    }

    private boolean over(ApiUsage usage) {
        return usage.share() > share;
    }
}
