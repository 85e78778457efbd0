package io.kairos.timing;

import io.kairos.proactive.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The timing rules of every signal type: the defaults, and whole-rule overrides for some types; likewise for
 * send-time.
 */
public record TimingPolicySettings(TimingRules defaults, Map<Signal.Type, TimingRules> overrides,
                                   SendTimeRules sendTime, Map<Signal.Type, SendTimeRules> sendTimeOverrides) {

    public TimingPolicySettings {
        Objects.requireNonNull(defaults, "defaults");
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        sendTime = sendTime == null ? SendTimeRules.defaults() : sendTime;
        sendTimeOverrides = sendTimeOverrides == null ? Map.of() : Map.copyOf(sendTimeOverrides);
    }

    /** With send-time's defaults for every type. */
    public TimingPolicySettings(TimingRules defaults, Map<Signal.Type, TimingRules> overrides) {
        this(defaults, overrides, SendTimeRules.defaults(), Map.of());
    }

    /** The same rules with these send-time settings. */
    public TimingPolicySettings withSendTime(SendTimeRules newSendTime, Map<Signal.Type, SendTimeRules> newOverrides) {
        return new TimingPolicySettings(defaults, overrides, newSendTime, newOverrides);
    }

    public SendTimeRules sendTimeFor(Signal.Type type) {
        return sendTimeOverrides.getOrDefault(type, sendTime);
    }

    /** The default rules for every type, no overrides. */
    public static TimingPolicySettings standard() {
        return new TimingPolicySettings(TimingRules.defaults(), Map.of());
    }

    public TimingRules forType(Signal.Type type) {
        return overrides.getOrDefault(type, defaults);
    }

    /**
     * How far back a contact's history matters: the longest cap window, a kind's own caps and dedup window included
     * (a dedup window longer than the caps' must still find the message it keeps from repeating).
     */
    public Duration lookback() {
        List<TimingRules> all = new ArrayList<>(overrides.values());
        all.add(defaults);
        Duration longest = Duration.ZERO;
        for (TimingRules rules : all) {
            List<Duration> windows = Stream.concat(Stream.concat(rules.caps().stream(), rules.kindCaps().stream())
                    .map(TimingRules.Cap::window), Stream.ofNullable(rules.dedupWindow())).toList();
            for (Duration window : windows) {
                longest = window.compareTo(longest) > 0 ? window : longest;
            }
        }
        return longest;
    }
}
