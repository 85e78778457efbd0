package io.kairos.proactive;

import io.kairos.timing.TimingPolicySettings;
import io.kairos.timing.TimingRules;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The timing policy's rules from {@code kairos.timing}: defaults for every signal type, and per-type overrides
 * under {@code kairos.timing.types.<TYPE>} where only the keys given replace the defaults.
 *
 * @param quietStart  local time quiet hours begin (HH:mm); equal to {@code quietEnd} turns quiet hours off
 * @param quietEnd    local time quiet hours end (HH:mm)
 * @param defaultZone the zone for recipients whose contact and account name none
 * @param caps        at most {@code max} messages per contact in any rolling {@code window}; unset: 1/24h and 3/7d
 */
@ConfigurationProperties("kairos.timing")
public record TimingProperties(
        @DefaultValue("20:00") String quietStart,
        @DefaultValue("08:00") String quietEnd,
        @DefaultValue("UTC") String defaultZone,
        List<CapProperties> caps,
        @DefaultValue("DEFER") TimingRules.OverCap overCap,
        @DefaultValue("true") boolean criticalBypassesQuietHours,
        @DefaultValue("false") boolean inAppRespectsEmailOptOut,
        Map<Signal.Type, TypeProperties> types) {

    public TimingProperties {
        types = types == null ? Map.of() : Map.copyOf(types);
    }

    /** The policy's settings: the defaults, and each overridden type's rules. */
    public TimingPolicySettings settings() {
        TimingRules defaults = new TimingRules(LocalTime.parse(quietStart), LocalTime.parse(quietEnd),
                ZoneId.of(defaultZone), caps == null ? TimingRules.defaults().caps() : toCaps(caps), overCap,
                criticalBypassesQuietHours, inAppRespectsEmailOptOut);
        Map<Signal.Type, TimingRules> overrides = new LinkedHashMap<>();
        types.forEach((type, override) -> overrides.put(type, override.applyTo(defaults)));
        return new TimingPolicySettings(defaults, overrides);
    }

    /** The longest cap window of any type: how far back a contact's history matters to the caps. */
    public Duration longestWindow() {
        TimingPolicySettings settings = settings();
        Duration longest = Duration.ZERO;
        List<TimingRules> all = new ArrayList<>(settings.overrides().values());
        all.add(settings.defaults());
        for (TimingRules rules : all) {
            // A kind's own caps count its sends over their window too: the history must reach that far back.
            for (TimingRules.Cap cap : java.util.stream.Stream.concat(rules.caps().stream(), rules.kindCaps().stream())
                    .toList()) {
                longest = cap.window().compareTo(longest) > 0 ? cap.window() : longest;
            }
        }
        return longest;
    }

    private static List<TimingRules.Cap> toCaps(List<CapProperties> caps) {
        return caps.stream().map(cap -> new TimingRules.Cap(cap.max(), cap.window())).toList();
    }

    /** One frequency cap: at most {@code max} messages in any rolling {@code window}. */
    public record CapProperties(int max, Duration window) {
    }

    /** The keys one signal type overrides; unset keys keep the defaults. */
    public record TypeProperties(
            String quietStart,
            String quietEnd,
            String defaultZone,
            List<CapProperties> caps,
            TimingRules.OverCap overCap,
            Boolean criticalBypassesQuietHours,
            Boolean inAppRespectsEmailOptOut,
            List<CapProperties> kindCaps) {

        TimingRules applyTo(TimingRules defaults) {
            TimingRules rules = defaults.withQuietHours(
                    quietStart == null ? defaults.quietStart() : LocalTime.parse(quietStart),
                    quietEnd == null ? defaults.quietEnd() : LocalTime.parse(quietEnd));
            if (defaultZone != null) {
                rules = rules.withDefaultZone(ZoneId.of(defaultZone));
            }
            if (caps != null) {
                rules = rules.withCaps(toCaps(caps));
            }
            if (overCap != null) {
                rules = rules.withOverCap(overCap);
            }
            if (criticalBypassesQuietHours != null) {
                rules = rules.withCriticalBypassesQuietHours(criticalBypassesQuietHours);
            }
            if (inAppRespectsEmailOptOut != null) {
                rules = rules.withInAppRespectsEmailOptOut(inAppRespectsEmailOptOut);
            }
            if (kindCaps != null) {
                rules = rules.withKindCaps(toCaps(kindCaps));
            }
            return rules;
        }
    }
}
