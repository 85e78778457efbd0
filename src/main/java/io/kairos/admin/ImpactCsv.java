package io.kairos.admin;

import io.kairos.impact.ControlGroupComparison;
import io.kairos.impact.ControlGroupReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The control-group comparison as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled): one row per kind (level {@code kind}, its signals pooled) and per signal, and for each outcome
 * ({@code about}: a ticket about it, {@code any}: any ticket) the groups, shares with their 95 % Wilson bounds, the
 * reduction with its 95 % Newcombe bounds and the tickets avoided. An empty field: not measurable or no customer.
 * The last column names the experiment: {@code control-group} (notified against held out) or {@code send-time}, whose
 * "notified" are the customers sent at their active hour and "held out" those sent at once; it comes last so readers
 * of the earlier columns by position keep working.
 */
final class ImpactCsv {

    private static final List<String> FIGURES = List.of("notified", "notified_ticketed", "notified_share",
            "notified_low", "notified_high", "held_out", "held_out_ticketed", "held_out_share", "held_out_low",
            "held_out_high", "reduction", "reduction_low", "reduction_high", "tickets_avoided", "tickets_avoided_low",
            "tickets_avoided_high", "enough", "note");

    private ImpactCsv() {
    }

    /** The experiments' rows one after the other under one header. */
    static String of(ControlGroupReport.ControlGroups... experiments) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("level", "kind", "signal_id", "record_id", "title",
                "received_at", "within_days", "window_open"));
        for (ControlGroupReport.Outcome outcome : ControlGroupReport.Outcome.values()) {
            FIGURES.forEach(figure -> header.add(outcome.tag() + "_" + figure));
        }
        header.add("experiment");
        line(csv, header);
        for (ControlGroupReport.ControlGroups groups : experiments) {
            String experiment = groups.experiment().tag();
            for (ControlGroupReport.Kind kind : groups.kinds()) {
                row(csv, "kind", kind.total(), groups.withinDays(), experiment);
                kind.signals().forEach(signal -> row(csv, "signal", signal, groups.withinDays(), experiment));
            }
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, String level, ControlGroupReport.Row row, int withinDays,
                            String experiment) {
        List<String> fields = new ArrayList<>(List.of(level, row.kind(), text(row.signalId()), text(row.recordId()),
                spreadsheetSafe(row.title()), row.receivedAt() == null ? "" : row.receivedAt().toString(),
                Integer.toString(withinDays), Boolean.toString(row.windowOpen())));
        for (ControlGroupReport.Outcome outcome : ControlGroupReport.Outcome.values()) {
            ControlGroupComparison c = row.of(outcome);
            if (c == null) {
                FIGURES.forEach(figure -> fields.add(""));
                continue;
            }
            share(fields, c.notified());
            share(fields, c.heldOut());
            fields.add(number(c.reduction().estimate(), 4));
            fields.add(number(c.reduction().low(), 4));
            fields.add(number(c.reduction().high(), 4));
            // Only a ticket outcome has tickets avoided; an answer's columns stay empty there.
            fields.add(outcome.ticket() ? number(c.avoided().estimate(), 1) : "");
            fields.add(outcome.ticket() ? number(c.avoided().low(), 1) : "");
            fields.add(outcome.ticket() ? number(c.avoided().high(), 1) : "");
            fields.add(Boolean.toString(c.enough()));
            fields.add(text(c.shortfall()));
        }
        fields.add(experiment);
        line(csv, fields);
    }

    private static void share(List<String> fields, ControlGroupComparison.Share share) {
        fields.add(Long.toString(share.customers()));
        fields.add(Long.toString(share.ticketed()));
        fields.add(number(share.share(), 4));
        fields.add(number(share.low(), 4));
        fields.add(number(share.high(), 4));
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(quoted(fields.get(i)));
        }
        csv.append("\r\n");
    }

    static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** A title typed in Salesforce must not run as a formula in a spreadsheet: a leading = + - @ gets a quote. */
    private static String spreadsheetSafe(String text) {
        return text != null && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? "'" + text : text(text);
    }

    private static String text(String text) {
        return text == null ? "" : text;
    }

    private static String number(double value, int decimals) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
