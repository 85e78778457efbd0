package io.kairos.impact;

import io.kairos.timing.SendTimeArm;

/**
 * What a comparison compares, as the ledger records it: the kind's control group (SENT against HELD_OUT), or the
 * send-time experiment (SENT at the contact's active hour, experiment_arm {@code send-time:active}, against SENT at
 * once, {@code send-time:at-once}). The first group is the treated one, the second the control; the words are the
 * sentences'.
 */
public enum Experiment {
    CONTROL_GROUP("control-group", "notified customers", "held-out ones", "notified", "held out",
            "l.decision = 'HELD_OUT'",
            "l.decision in ('SENT', 'HELD_OUT')",
            "l.decision = 'SENT'"),
    SEND_TIME("send-time", "customers sent at their active hour", "those sent at once", "at the active hour",
            "sent at once",
            "l.decision = 'SENT' and l.experiment_arm = '" + SendTimeArm.AT_ONCE.column() + "'",
            "l.decision = 'SENT' and l.experiment_arm in ('" + SendTimeArm.ACTIVE.column() + "', '"
                    + SendTimeArm.AT_ONCE.column() + "')",
            "l.experiment_arm = '" + SendTimeArm.ACTIVE.column() + "'");

    private final String tag;
    private final String treatedWords;
    private final String controlWords;
    private final String treatedShort;
    private final String controlShort;
    final String signalHasControl;
    final String entryCounts;
    final String entryTreated;

    Experiment(String tag, String treatedWords, String controlWords, String treatedShort, String controlShort,
               String signalHasControl, String entryCounts, String entryTreated) {
        this.tag = tag;
        this.treatedWords = treatedWords;
        this.controlWords = controlWords;
        this.treatedShort = treatedShort;
        this.controlShort = controlShort;
        this.signalHasControl = signalHasControl;
        this.entryCounts = entryCounts;
        this.entryTreated = entryTreated;
    }

    /** The CSV value and request parameter: control-group, send-time. */
    public String tag() {
        return tag;
    }

    /** "notified customers": the treated group as the sentence's subject. */
    public String treatedWords() {
        return treatedWords;
    }

    /** "held-out ones": the control group after the treated one's share. */
    public String controlWords() {
        return controlWords;
    }

    /** "notified", as in "40 notified" of a shortfall. */
    public String treatedShort() {
        return treatedShort;
    }

    /** "held out", as in "40 held out, 100 needed". */
    public String controlShort() {
        return controlShort;
    }

    /** control-group or send-time; anything else is rejected with the two names. */
    public static Experiment ofTag(String tag) {
        for (Experiment e : values()) {
            if (e.tag.equals(tag)) {
                return e;
            }
        }
        throw new IllegalArgumentException("experiment must be control-group or send-time, was '" + tag + "'");
    }
}
