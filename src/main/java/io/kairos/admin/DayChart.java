package io.kairos.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-day chart as SVG shapes computed here, so the page needs no script: for each UTC day a bar of proactive
 * messages and one of reactive tickets, on one scale.
 */
record DayChart(int width, int height, long max, List<Bar> bars, List<Label> labels) {

    static final int WIDTH = 760;
    static final int HEIGHT = 220;
    static final int AXIS = 24;

    /** One bar; {@code kind} is the CSS class (proactive or reactive). */
    record Bar(double x, double y, double width, double height, String kind, String title) { }

    /** A day's label under the axis. */
    record Label(double x, String text) { }

    static DayChart of(List<ImpactReport.Day> days) {
        long max = 1;
        for (ImpactReport.Day day : days) {
            max = Math.max(max, Math.max(day.proactive(), day.reactive()));
        }
        double slot = (double) WIDTH / Math.max(days.size(), 1);
        double barWidth = Math.max(1, slot / 2 - 1);
        double plot = HEIGHT - AXIS;
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        int every = Math.max(1, days.size() / 8);
        for (int i = 0; i < days.size(); i++) {
            ImpactReport.Day day = days.get(i);
            double x = i * slot;
            double proactive = plot * day.proactive() / max;
            double reactive = plot * day.reactive() / max;
            bars.add(new Bar(x, plot - proactive, barWidth, proactive, "proactive",
                    day.day() + ": " + day.proactive() + " proactive messages"));
            bars.add(new Bar(x + barWidth, plot - reactive, barWidth, reactive, "reactive",
                    day.day() + ": " + day.reactive() + " reactive tickets"));
            if (i % every == 0) {
                labels.add(new Label(x, day.day().toString().substring(5)));
            }
        }
        return new DayChart(WIDTH, HEIGHT, max, bars, labels);
    }
}
