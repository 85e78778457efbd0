package io.kairos.platform;

import java.util.List;

/**
 * A lane of the inbox: the sources one flow drains, claimed and processed apart from the other lanes, so no flow
 * waits behind another's backlog or rate limit. Each has its own batch size, concurrency and poll interval
 * ({@code kairos.inbox.lanes.<name>}).
 */
public enum InboxLane {

    /** Signals raised by hand or by Salesforce: the most urgent first (see {@link #byPriority}). */
    SIGNALS("signals", true, "manual", "salesforce", "schedule"),
    /** Zendesk tickets to enrich. */
    TICKETS("tickets", false, "zendesk"),
    /** Intercom conversations bridged to Zendesk tickets. */
    CONVERSATIONS("conversations", false, "intercom");

    private final String key;
    private final boolean byPriority;
    private final List<String> sources;

    InboxLane(String key, boolean byPriority, String... sources) {
        this.key = key;
        this.byPriority = byPriority;
        this.sources = List.of(sources);
    }

    /** The name used in configuration and in the routes, e.g. {@code signals}. */
    public String key() {
        return key;
    }

    /** Whether the lane takes higher-priority events first; otherwise it is first due, first claimed. */
    public boolean byPriority() {
        return byPriority;
    }

    public List<String> sources() {
        return sources;
    }

    /** Whether some lane drains this source: a row of any other source would wait in the inbox for ever. */
    public static boolean drains(String source) {
        for (InboxLane lane : values()) {
            if (lane.sources.contains(source)) {
                return true;
            }
        }
        return false;
    }

    /** The lane of a configuration key; an unknown key is a programming error in a route. */
    public static InboxLane of(String key) {
        for (InboxLane lane : values()) {
            if (lane.key.equals(key)) {
                return lane;
            }
        }
        throw new IllegalArgumentException("no inbox lane '" + key + "'; the lanes are signals, tickets and "
                + "conversations");
    }
}
