package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.timing.Holdout;
import io.kairos.timing.SendWindow;
import io.kairos.timing.TimingPolicySettings;
import io.kairos.timing.TimingRules;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code kairos.timing} binds to the policy's settings: the issue's defaults, and per-type overrides. */
class TimingPropertiesTest {

    private static TimingProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("kairos.timing", TimingProperties.class);
    }

    @Test
    void withNothingConfiguredTheRulesAreTheIssuesDefaults() {
        TimingProperties properties = bind(Map.of());

        assertThat(properties.settings().defaults()).isEqualTo(TimingRules.defaults());
        assertThat(properties.longestWindow()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aTypeOverridesOnlyTheKeysItNames() {
        TimingPolicySettings settings = bind(Map.of(
                "kairos.timing.default-zone", "Europe/Berlin",
                "kairos.timing.caps[0].max", "2",
                "kairos.timing.caps[0].window", "12h",
                "kairos.timing.types.OUTAGE.quiet-start", "23:00",
                "kairos.timing.types.OUTAGE.quiet-end", "06:00",
                "kairos.timing.types.ANNOUNCEMENT.over-cap", "SUPPRESS",
                "kairos.timing.types.ANNOUNCEMENT.caps[0].max", "1",
                "kairos.timing.types.ANNOUNCEMENT.caps[0].window", "30d")).settings();

        TimingRules defaults = settings.defaults();
        assertThat(defaults.defaultZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(defaults.caps()).containsExactly(new TimingRules.Cap(2, Duration.ofHours(12)));
        assertThat(settings.forType(Signal.Type.ORDER_DELAY)).isEqualTo(defaults);
        assertThat(settings.forType(Signal.Type.OUTAGE))
                .isEqualTo(defaults.withQuietHours(LocalTime.of(23, 0), LocalTime.of(6, 0)));
        assertThat(settings.forType(Signal.Type.ANNOUNCEMENT)).isEqualTo(defaults.withOverCap(TimingRules.OverCap.SUPPRESS)
                .withCaps(List.of(new TimingRules.Cap(1, Duration.ofDays(30)))));
        assertThat(bind(Map.of("kairos.timing.types.ANNOUNCEMENT.caps[0].max", "1",
                "kairos.timing.types.ANNOUNCEMENT.caps[0].window", "30d")).longestWindow())
                .isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aKindsDelaySendWindowExpiryAndDedupBindFromProperties() {
        TimingProperties properties = bind(Map.of(
                "kairos.timing.types.OUTAGE.delay", "1d",
                "kairos.timing.types.OUTAGE.send-window.from", "09:00",
                "kairos.timing.types.OUTAGE.send-window.to", "17:00",
                "kairos.timing.types.OUTAGE.send-window.days", "mon,FRI",
                "kairos.timing.types.OUTAGE.expires-after", "7d",
                "kairos.timing.types.OUTAGE.dedup", "contact",
                "kairos.timing.types.OUTAGE.dedup-window", "45d"));

        TimingRules outage = properties.settings().forType(Signal.Type.OUTAGE);

        assertThat(outage).isEqualTo(TimingRules.defaults().withDelay(Duration.ofDays(1))
                .withSendWindow(new SendWindow(LocalTime.of(9, 0), LocalTime.of(17, 0),
                        EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)))
                .withExpiresAfter(Duration.ofDays(7))
                .withDedup(TimingRules.DedupKey.CONTACT, Duration.ofDays(45)));
        assertThat(properties.longestWindow()).as("the history reaches back over the dedup window")
                .isEqualTo(Duration.ofDays(45));
    }

    @Test
    void aKindsHoldoutAndObligatoryBindFromProperties() {
        TimingPolicySettings settings = bind(Map.of(
                "kairos.timing.types.KNOWN_ISSUE.holdout", "10%",
                "kairos.timing.types.OUTAGE.obligatory", "true")).settings();

        assertThat(settings.forType(Signal.Type.KNOWN_ISSUE).holdout())
                .isEqualTo(new Holdout(new BigDecimal("0.1"), false));
        assertThat(settings.forType(Signal.Type.OUTAGE).holdout()).isEqualTo(new Holdout(BigDecimal.ZERO, true));
        assertThat(settings.forType(Signal.Type.ORDER_DELAY).holdout()).isEqualTo(Holdout.NONE);
    }
}
