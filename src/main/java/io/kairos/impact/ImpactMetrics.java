package io.kairos.impact;

import io.kairos.platform.CachedReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Each experiment's comparison per kind as gauges, tagged {@code experiment} (control-group, send-time): the share of
 * each group who opened a ticket (about it, any) and the tickets avoided (NaN below the minimum sample), over the
 * signals of the last {@code kairos.impact.metrics-days} days with the admin's ticket window. For the send-time
 * experiment "notified" is the active-hour arm and "held_out" the at-once arm, as in the CSV, and a third gauge gives
 * each arm's share who answered the message (Intercom only). A comparison reads many
 * rows, so each is taken at most once a minute, on the scrape that finds it stale, never per scrape; a kind's gauges
 * appear on the first reading that finds the kind (and show NaN once its signals age out).
 */
@Component
class ImpactMetrics {

    static final String SHARE = "kairos.impact.ticket.share";
    static final String AVOIDED = "kairos.impact.tickets.avoided";
    static final String KINDS = "kairos.impact.kinds";
    static final String ANSWERED = "kairos.impact.answered.share";
    static final Duration TTL = Duration.ofMinutes(1);

    private static final String SHARE_HELP = "Share of notified or held-out customers (send-time: sent at the active "
            + "hour or at once) who opened a ticket (about the signal, or any) within the window, per signal kind";
    private static final String ANSWERED_HELP = "Share of the customers sent a message through Intercom at their "
            + "active hour or at once who answered it within the window after its send, per signal kind";
    private static final String AVOIDED_HELP = "Tickets avoided among the notified (held-out share minus notified "
            + "share, times the notified), per signal kind; NaN below the minimum sample";

    private final MeterRegistry meters;
    private final Set<String> registered = new HashSet<>();
    private final Map<Experiment, CachedReading<Map<String, ControlGroupReport.Row>>> totals =
            new EnumMap<>(Experiment.class);

    ImpactMetrics(ControlGroupReport report, ImpactProperties properties, MeterRegistry meters, Clock clock,
                  @Value("${kairos.admin.ticket-window:7}") int withinDays) {
        this.meters = meters;
        for (Experiment experiment : Experiment.values()) {
            CachedReading<Map<String, ControlGroupReport.Row>> reading = new CachedReading<>(() -> {
                Map<String, ControlGroupReport.Row> byKind = new LinkedHashMap<>();
                report.compare(properties.metricsDays(), withinDays, experiment).kinds()
                        .forEach(kind -> byKind.put(kind.total().kind(), kind.total()));
                byKind.keySet().forEach(kind -> register(experiment, kind));
                return byKind;
            }, Map.of(), TTL, clock);
            totals.put(experiment, reading);
            Gauge.builder(KINDS, reading, r -> r.get().size())
                    .description("Signal kinds with the experiment's control among the signals of the measured period")
                    .tag("experiment", experiment.tag())
                    .strongReference(true)
                    .register(meters);
        }
    }

    private synchronized void register(Experiment experiment, String kind) {
        if (!registered.add(experiment.tag() + "/" + kind)) {
            return;
        }
        if (experiment == Experiment.SEND_TIME) {
            ControlGroupReport.Outcome answered = ControlGroupReport.Outcome.ANSWERED;
            gauge(ANSWERED, experiment, kind, answered, "notified", c -> c.notified().share(), ANSWERED_HELP);
            gauge(ANSWERED, experiment, kind, answered, "held_out", c -> c.heldOut().share(), ANSWERED_HELP);
        }
        for (ControlGroupReport.Outcome outcome : ControlGroupReport.Outcome.values()) {
            if (!outcome.ticket()) {
                continue;
            }
            gauge(SHARE, experiment, kind, outcome, "notified", c -> c.notified().share(), SHARE_HELP);
            gauge(SHARE, experiment, kind, outcome, "held_out", c -> c.heldOut().share(), SHARE_HELP);
            gauge(AVOIDED, experiment, kind, outcome, null, c -> c.enough() ? c.avoided().estimate() : Double.NaN,
                    AVOIDED_HELP);
        }
    }

    private void gauge(String name, Experiment experiment, String kind, ControlGroupReport.Outcome outcome,
                       String group, ToDoubleFunction<ControlGroupComparison> figure, String description) {
        Gauge.Builder<CachedReading<Map<String, ControlGroupReport.Row>>> gauge = Gauge.builder(name,
                totals.get(experiment), r -> {
                    ControlGroupReport.Row row = r.get().get(kind);
                    ControlGroupComparison c = row == null ? null : row.of(outcome);
                    return c == null ? Double.NaN : figure.applyAsDouble(c);
                }).tag("experiment", experiment.tag()).tag("kind", kind).tag("outcome", outcome.tag())
                .strongReference(true);
        if (group != null) {
            gauge.tag("group", group);
        }
        gauge.description(description).register(meters);
    }
}
