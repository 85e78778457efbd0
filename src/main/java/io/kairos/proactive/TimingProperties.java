package io.kairos.proactive;

import io.kairos.timing.Holdout;
import io.kairos.timing.SendTimeRules;
import io.kairos.timing.SendWindow;
import io.kairos.timing.TimingPolicySettings;
import io.kairos.timing.TimingRules;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The timing policy's rules from {@code kairos.timing}: defaults for every signal type, and per-type overrides
 * under {@code kairos.timing.types.<TYPE>} where only the keys given replace the defaults.
 *
 * @param quietStart  local time quiet hours begin (HH:mm); equal to {@code quietEnd} turns quiet hours off
 * @param quietEnd    local time quiet hours end (HH:mm)
 * @param defaultZone the zone for recipients whose contact and account name none
 * @param caps        at most {@code max} messages per contact in any rolling {@code window}; unset: 1/24h and 3/7d
 * @param sendTime    false (or {@code off}) sends at the earliest moment the rules allow, ignoring when contacts are
 *                    usually active
 * @param sendTimeWindow how far NORMAL and LOW messages may wait for the contact's most active hour
 * @param sendTimeHighWindow how far HIGH messages may wait for the contact's next active hour
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
        Map<Signal.Type, TypeProperties> types,
        @DefaultValue("true") boolean sendTime,
        @DefaultValue("24h") Duration sendTimeWindow,
        @DefaultValue("4h") Duration sendTimeHighWindow) {

    @ConstructorBinding
    public TimingProperties {
        types = types == null ? Map.of() : Map.copyOf(types);
        sendTimeWindow = sendTimeWindow == null ? SendTimeRules.defaults().window() : sendTimeWindow;
        sendTimeHighWindow = sendTimeHighWindow == null ? SendTimeRules.defaults().highWindow() : sendTimeHighWindow;
    }

    /** With send-time's defaults (on, 24 h, 4 h for HIGH). */
    public TimingProperties(String quietStart, String quietEnd, String defaultZone, List<CapProperties> caps,
                            TimingRules.OverCap overCap, boolean criticalBypassesQuietHours,
                            boolean inAppRespectsEmailOptOut, Map<Signal.Type, TypeProperties> types) {
        this(quietStart, quietEnd, defaultZone, caps, overCap, criticalBypassesQuietHours, inAppRespectsEmailOptOut,
                types, true, null, null);
    }

    /** The policy's settings: the defaults, and each overridden type's rules. */
    public TimingPolicySettings settings() {
        TimingRules defaults = new TimingRules(LocalTime.parse(quietStart), LocalTime.parse(quietEnd),
                ZoneId.of(defaultZone), caps == null ? TimingRules.defaults().caps() : toCaps(caps), overCap,
                criticalBypassesQuietHours, inAppRespectsEmailOptOut);
        Map<Signal.Type, TimingRules> overrides = new LinkedHashMap<>();
        types.forEach((type, override) -> {
            try {
                overrides.put(type, override.applyTo(defaults));
            } catch (IllegalArgumentException e) {
                throw new KindRulesException(type, e);
            }
        });
        SendTimeRules sendTimeDefaults = new SendTimeRules(sendTime, sendTimeWindow, sendTimeHighWindow);
        Map<Signal.Type, SendTimeRules> sendTimeOverrides = new LinkedHashMap<>();
        types.forEach((type, override) -> sendTimeOverrides.put(type, override.applyTo(sendTimeDefaults)));
        return new TimingPolicySettings(defaults, overrides, sendTimeDefaults, sendTimeOverrides);
    }

    /** How far back a contact's history matters: the longest cap or dedup window of any type. */
    public Duration longestWindow() {
        return settings().lookback();
    }

    private static List<TimingRules.Cap> toCaps(List<CapProperties> caps) {
        return caps.stream().map(cap -> new TimingRules.Cap(cap.max(), cap.window())).toList();
    }

    /** The rules of one kind cannot work: says which kind, so the config check can point at its lines. */
    public static final class KindRulesException extends IllegalArgumentException {

        private final transient Signal.Type type;

        KindRulesException(Signal.Type type, IllegalArgumentException cause) {
            super(type.name() + ": " + cause.getMessage(), cause);
            this.type = type;
        }

        public Signal.Type type() {
            return type;
        }
    }

    /** One frequency cap: at most {@code max} messages in any rolling {@code window}. */
    public record CapProperties(int max, Duration window) {
    }

    /** A kind's working hours: local {@code from}–{@code to} (HH:mm) on {@code days} (MON … SUN). */
    public record SendWindowProperties(String from, String to, List<String> days) {

        SendWindow toWindow() {
            if (from == null || to == null || days == null) {
                throw new IllegalArgumentException("a send-window needs from, to and days");
            }
            Set<DayOfWeek> parsed = EnumSet.noneOf(DayOfWeek.class);
            for (String day : days) {
                String key = day == null ? "" : day.trim().toUpperCase(Locale.ROOT);
                parsed.add(Arrays.stream(DayOfWeek.values()).filter(d -> d.name().substring(0, 3).equals(key))
                        .findFirst().orElseThrow(() -> new IllegalArgumentException("'" + day + "' is not a day: "
                                + "MON, TUE, WED, THU, FRI, SAT or SUN")));
            }
            return new SendWindow(LocalTime.parse(from), LocalTime.parse(to), parsed);
        }
    }

    /**
     * The keys one signal type overrides; unset keys keep the defaults.
     *
     * @param holdout    the kind's control group, a share such as "10%" (0–50 %) of its eligible contacts
     * @param obligatory the kind reaches every eligible contact (an outage of their service): it takes no holdout
     * @param sendTimeHoldout the send-time experiment: this share (0–50 %) of the contacts send-time applies to is
     *                   sent at once instead of at their active hour, so send-time's effect can be measured
     */
    public record TypeProperties(
            String quietStart,
            String quietEnd,
            String defaultZone,
            List<CapProperties> caps,
            TimingRules.OverCap overCap,
            Boolean criticalBypassesQuietHours,
            Boolean inAppRespectsEmailOptOut,
            List<CapProperties> kindCaps,
            Duration delay,
            SendWindowProperties sendWindow,
            Duration expiresAfter,
            TimingRules.DedupKey dedup,
            Duration dedupWindow,
            String holdout,
            Boolean obligatory,
            Boolean sendTime,
            Duration sendTimeWindow,
            Duration sendTimeHighWindow,
            String sendTimeHoldout) {

        SendTimeRules applyTo(SendTimeRules defaults) {
            return new SendTimeRules(sendTime == null ? defaults.on() : sendTime,
                    sendTimeWindow == null ? defaults.window() : sendTimeWindow,
                    sendTimeHighWindow == null ? defaults.highWindow() : sendTimeHighWindow,
                    sendTimeHoldout == null ? defaults.holdout()
                            : new Holdout(Holdout.parseShare(sendTimeHoldout), false));
        }

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
            if (delay != null) {
                rules = rules.withDelay(delay);
            }
            if (sendWindow != null) {
                rules = rules.withSendWindow(sendWindow.toWindow());
            }
            if (expiresAfter != null) {
                rules = rules.withExpiresAfter(expiresAfter);
            }
            if (dedup != null || dedupWindow != null) {
                rules = rules.withDedup(dedup, dedupWindow);
            }
            if (holdout != null || obligatory != null) {
                Holdout current = rules.holdout();
                rules = rules.withHoldout(new Holdout(holdout == null ? current.share() : Holdout.parseShare(holdout),
                        obligatory == null ? current.obligatory() : obligatory));
            }
            return rules;
        }
    }
}
