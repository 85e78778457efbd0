package io.kairos.impact;

import io.kairos.platform.CachedReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The control-group comparison per kind as gauges: the share of notified and of held-out customers who opened a
 * ticket (about it, any) and the tickets avoided (NaN below the minimum sample), over the signals of the last
 * {@code kairos.impact.metrics-days} days with the admin's ticket window. The comparison reads many rows, so it is
 * taken at most once a minute, on the scrape that finds it stale, never per scrape; a kind's gauges appear on the
 * first reading that finds the kind (and show NaN once its signals age out).
 */
@Component
class ImpactMetrics {

    static final String SHARE = "kairos.impact.ticket.share";
    static final String AVOIDED = "kairos.impact.tickets.avoided";
    static final String KINDS = "kairos.impact.kinds";
    static final Duration TTL = Duration.ofMinutes(1);

    private static final String SHARE_HELP = "Share of notified or held-out customers who opened a ticket (about "
            + "the signal, or any) within the window, per signal kind";
    private static final String AVOIDED_HELP = "Tickets avoided among the notified (held-out share minus notified "
            + "share, times the notified), per signal kind; NaN below the minimum sample";

    private final MeterRegistry meters;
    private final Set<String> registered = new HashSet<>();
    private final CachedReading<Map<String, ControlGroupReport.Row>> totals;

    ImpactMetrics(ControlGroupReport report, ImpactProperties properties, MeterRegistry meters, Clock clock,
                  @Value("${kairos.admin.ticket-window:7}") int withinDays) {
        this.meters = meters;
        this.totals = new CachedReading<>(() -> {
            Map<String, ControlGroupReport.Row> byKind = new LinkedHashMap<>();
            report.compare(properties.metricsDays(), withinDays).kinds()
                    .forEach(kind -> byKind.put(kind.total().kind(), kind.total()));
            byKind.keySet().forEach(this::register);
            return byKind;
        }, Map.of(), TTL, clock);
        Gauge.builder(KINDS, totals, r -> r.get().size())
                .description("Signal kinds with a control group among the signals of the measured period")
                .strongReference(true)
                .register(meters);
    }

    private synchronized void register(String kind) {
        if (!registered.add(kind)) {
            return;
        }
        for (ControlGroupReport.Outcome outcome : ControlGroupReport.Outcome.values()) {
            gauge(SHARE, kind, outcome, "notified", c -> c.notified().share(), SHARE_HELP);
            gauge(SHARE, kind, outcome, "held_out", c -> c.heldOut().share(), SHARE_HELP);
            gauge(AVOIDED, kind, outcome, null, c -> c.enough() ? c.avoided().estimate() : Double.NaN,
                    AVOIDED_HELP);
        }
    }

    private void gauge(String name, String kind, ControlGroupReport.Outcome outcome, String group,
                       ToDoubleFunction<ControlGroupComparison> figure, String description) {
        Gauge.Builder<CachedReading<Map<String, ControlGroupReport.Row>>> gauge = Gauge.builder(name, totals, r -> {
            ControlGroupReport.Row row = r.get().get(kind);
            ControlGroupComparison c = row == null ? null : row.of(outcome);
            return c == null ? Double.NaN : figure.applyAsDouble(c);
        }).tag("kind", kind).tag("outcome", outcome.tag()).strongReference(true);
        if (group != null) {
            gauge.tag("group", group);
        }
        gauge.description(description).register(meters);
    }
}
