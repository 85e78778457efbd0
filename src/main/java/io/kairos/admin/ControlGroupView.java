package io.kairos.admin;

import io.kairos.impact.ControlGroupReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One kind's control-group section of the Impact page: its sentences, its chart and its signals' sentences. */
record ControlGroupView(String kind, boolean windowOpen, List<String> sentences, ShareChart chart,
                        List<SignalLine> signals) {

    /** A signal of the kind with its own sentences. */
    record SignalLine(String signalId, String subject, String title, Instant receivedAt, boolean windowOpen,
                      List<String> sentences) { }

    static List<ControlGroupView> of(ControlGroupReport.ControlGroups groups) {
        List<ControlGroupView> views = new ArrayList<>();
        for (ControlGroupReport.Kind kind : groups.kinds()) {
            List<SignalLine> signals = new ArrayList<>();
            for (ControlGroupReport.Row row : kind.signals()) {
                signals.add(new SignalLine(row.signalId(), row.subject(), row.title(), row.receivedAt(),
                        row.windowOpen(), sentences(groups, row)));
            }
            views.add(new ControlGroupView(kind.total().kind(), kind.total().windowOpen(),
                    sentences(groups, kind.total()), ShareChart.of(kind.total(), groups.withinDays(), groups.experiment()), signals));
        }
        return views;
    }

    private static List<String> sentences(ControlGroupReport.ControlGroups groups, ControlGroupReport.Row row) {
        List<String> sentences = new ArrayList<>();
        for (ControlGroupReport.Outcome outcome : ControlGroupReport.Outcome.values()) {
            String sentence = groups.sentence(row, outcome);
            if (sentence != null) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }
}
