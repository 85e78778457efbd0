package io.kairos.admin;

import io.kairos.impact.ControlGroupComparison;
import io.kairos.impact.ControlGroupReport;
import io.kairos.impact.Experiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A kind's control-group chart as SVG shapes computed here, like {@link DayChart}: for each outcome a bar of the
 * notified share and one of the held-out share, each with its 95 % Wilson interval as a whisker, on one scale.
 */
record ShareChart(int width, int height, double scale, List<Bar> bars, List<Whisker> whiskers, List<Label> labels) {

    /** Each outcome's room, so that its label fits under its bars however many outcomes there are. */
    static final int SLOT = 210;
    static final int HEIGHT = 200;
    static final int AXIS = 24;
    static final int TOP = 12;

    /** One bar; {@code group} is the CSS class (notified or held-out). */
    record Bar(double x, double y, double width, double height, String group, String title) { }

    /** An interval: a vertical line from {@code y1} (high) to {@code y2} (low) at {@code x}, capped. */
    record Whisker(double x, double y1, double y2) { }

    /** An outcome's label under the axis. */
    record Label(double x, String text) { }

    /** The chart; a bar's title names its group in the experiment's words (held out, or sent at once). */
    static ShareChart of(ControlGroupReport.Row row, int withinDays, Experiment experiment) {
        List<ControlGroupReport.Outcome> outcomes = new ArrayList<>();
        double top = 0.05;
        for (ControlGroupReport.Outcome outcome : ControlGroupReport.Outcome.values()) {
            ControlGroupComparison c = row.of(outcome);
            if (c != null) {
                outcomes.add(outcome);
                top = Math.max(top, Math.max(orZero(c.notified().high()), orZero(c.heldOut().high())));
            }
        }
        // A round scale a little above the highest bound, so whiskers never touch the frame.
        double scale = Math.min(1.0, Math.ceil(top * 1.1 * 20) / 20);
        double plot = HEIGHT - AXIS - TOP;
        double slot = SLOT;
        int width = SLOT * Math.max(outcomes.size(), 2);
        double barWidth = Math.min(60, slot / 3);
        List<Bar> bars = new ArrayList<>();
        List<Whisker> whiskers = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            ControlGroupReport.Outcome outcome = outcomes.get(i);
            ControlGroupComparison c = row.of(outcome);
            double x = i * slot + (slot - 2 * barWidth) / 2;
            int g = 0;
            for (ControlGroupComparison.Share share : List.of(c.notified(), c.heldOut())) {
                String group = g == 0 ? "notified" : "held-out";
                double left = x + g * barWidth;
                double height = plot * orZero(share.share()) / scale;
                String title = "%s of %d %s %s within %d days".formatted(percent(share.share()),
                        share.customers(), g == 0 ? experiment.treatedShort() : experiment.controlShort(),
                        outcome.did(), withinDays);
                bars.add(new Bar(left, TOP + plot - height, barWidth - 2, height, group, title));
                if (share.customers() > 0) {
                    whiskers.add(new Whisker(left + (barWidth - 2) / 2, TOP + plot - plot * share.high() / scale,
                            TOP + plot - plot * share.low() / scale));
                }
                g++;
            }
            labels.add(new Label(x, outcome.words() + " within " + withinDays + " days"));
        }
        return new ShareChart(width, HEIGHT, scale, bars, whiskers, labels);
    }

    private static double orZero(double share) {
        return Double.isNaN(share) ? 0 : share;
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "—" : String.format(Locale.ENGLISH, "%.1f %%", share * 100);
    }
}
