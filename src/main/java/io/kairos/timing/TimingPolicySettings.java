package io.kairos.timing;

import io.kairos.proactive.Signal;
import java.util.Map;
import java.util.Objects;

/** The timing rules of every signal type: the defaults, and whole-rule overrides for some types. */
public record TimingPolicySettings(TimingRules defaults, Map<Signal.Type, TimingRules> overrides) {

    public TimingPolicySettings {
        Objects.requireNonNull(defaults, "defaults");
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** The default rules for every type, no overrides. */
    public static TimingPolicySettings standard() {
        return new TimingPolicySettings(TimingRules.defaults(), Map.of());
    }

    public TimingRules forType(Signal.Type type) {
        return overrides.getOrDefault(type, defaults);
    }
}
