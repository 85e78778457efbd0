package io.kairos.timing;

import static io.kairos.timing.SendTimeTest.activeAt;
import static io.kairos.timing.SendTimeTest.berlin;
import static io.kairos.timing.SendTimeTest.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.proactive.Recipient;
import io.kairos.proactive.Signal;
import io.kairos.support.MutableClock;
import io.kairos.timing.Decision.Outcome;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The send-time experiment: a salted, deterministic share sent at once instead of at the active hour. */
class SendTimeExperimentTest {

    private static final BigDecimal TWENTY = new BigDecimal("0.20");
    private static final List<String> EMAILS = IntStream.range(0, 10_000)
            .mapToObj(i -> "customer" + i + "@example.com").toList();

    @Test
    void theDrawIsTheSaltedSha256AndTakesTheShare() throws Exception {
        SendTimeRules rules = experiment("20%");
        int atOnce = 0;
        int differFromControlGroup = 0;
        for (String email : EMAILS) {
            boolean expected = independentDraw("send-time:d1:" + email, TWENTY);
            assertThat(rules.sentAtOnce("d1", " " + email.toUpperCase() + " ")).as(email).isEqualTo(expected);
            atOnce += expected ? 1 : 0;
            differFromControlGroup += expected != independentDraw("d1:" + email, TWENTY) ? 1 : 0;
        }
        // 10,000 draws at 20 %: 2,000 expected, ±4 standard deviations (40 each).
        assertThat(atOnce).isBetween(1_840, 2_160);
        // Salted: the arm is not the kind's control group (independent draws differ for about 32 % of contacts).
        assertThat(differFromControlGroup).isGreaterThan(2_500);
        assertThat(SendTimeRules.defaults().experiment()).isFalse();
        assertThat(experiment("20%").withOn(false).experiment()).isFalse();
    }

    @Test
    void theAtOnceArmIsSentAtOnceWithTheSentenceTheOtherArmWaits() throws Exception {
        Instant now = berlin(10, 0);
        Signal signal = signal(Signal.Severity.NORMAL, now);
        TimingPolicySettings settings = settings("50%");

        Decision control = decide(signal, now, recipient(email(true)), activeAt(now, 14, 5), settings);
        Decision active = decide(signal, now, recipient(email(false)), activeAt(now, 14, 5), settings);

        assertThat(control.outcome()).isEqualTo(Outcome.SEND);
        assertThat(control.code()).isEqualTo(ReasonCode.OK);
        assertThat(control.sendAt()).isEqualTo(now);
        assertThat(control.arm()).isEqualTo(SendTimeArm.AT_ONCE);
        assertThat(control.sentence()).startsWith("Send now (10:00 Europe/Berlin")
                .endsWith("under every cap; send-time experiment: sent at once (control).");
        assertThat(active.outcome()).isEqualTo(Outcome.DEFER);
        assertThat(active.code()).isEqualTo(ReasonCode.SEND_TIME);
        assertThat(active.sendAt()).isEqualTo(berlin(14, 0));
        assertThat(active.arm()).isEqualTo(SendTimeArm.ACTIVE);
    }

    @Test
    void inQuietHoursTheAtOnceArmKeepsQuietHoursCodeAndGoesAtTheirEnd() throws Exception {
        Instant now = berlin(22, 0);
        Signal signal = signal(Signal.Severity.NORMAL, now);

        Decision control = decide(signal, now, recipient(email(true)), activeAt(now, 14, 5), settings("50%"));

        assertThat(control.outcome()).isEqualTo(Outcome.DEFER);
        assertThat(control.code()).isEqualTo(ReasonCode.QUIET_HOURS);
        assertThat(control.sendAt()).isEqualTo(berlin(8, 0).plus(java.time.Duration.ofDays(1)));
        assertThat(control.arm()).isEqualTo(SendTimeArm.AT_ONCE);
        assertThat(control.sentence()).endsWith("; send-time experiment: at the earliest allowed moment, not the "
                + "active hour (control).");
    }

    @Test
    void neverWithoutHistoryForCriticalOrWithoutTheExperiment() throws Exception {
        Instant now = berlin(10, 0);
        Recipient drawn = recipient(email(true));
        TimingPolicySettings settings = settings("50%");

        Decision noHistory = decide(signal(Signal.Severity.NORMAL, now), now, drawn, null, settings);
        Decision little = decide(signal(Signal.Severity.NORMAL, now), now, drawn, activeAt(now, 14, 2), settings);
        Decision critical = decide(signal(Signal.Severity.CRITICAL, now), now, drawn, activeAt(now, 14, 5),
                settings);
        Decision off = decide(signal(Signal.Severity.NORMAL, now), now, drawn, activeAt(now, 14, 5),
                TimingPolicySettings.standard());

        for (Decision d : List.of(noHistory, little, critical)) {
            assertThat(d.code()).isEqualTo(ReasonCode.OK);
            assertThat(d.arm()).isNull();
            assertThat(d.sentence()).doesNotContain("experiment");
        }
        assertThat(off.code()).isEqualTo(ReasonCode.SEND_TIME);
        assertThat(off.arm()).isNull();
    }

    private static SendTimeRules experiment(String share) {
        return SendTimeRules.defaults().withHoldout(new Holdout(Holdout.parseShare(share), false));
    }

    private static TimingPolicySettings settings(String share) {
        return TimingPolicySettings.standard().withSendTime(SendTimeRules.defaults(),
                Map.of(Signal.Type.ANNOUNCEMENT, experiment(share)));
    }

    /** The first fixed email whose independent draw at 50 % lands in (or out of) the at-once arm. */
    private static String email(boolean atOnce) throws Exception {
        for (String email : EMAILS) {
            if (independentDraw("send-time:d1:" + email, new BigDecimal("0.50")) == atOnce) {
                return email;
            }
        }
        throw new AssertionError("no email in that arm");
    }

    /** The documented draw, computed here without Holdout: first 8 bytes of SHA-256, unsigned, below share × 2^64. */
    private static boolean independentDraw(String key, BigDecimal share) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        BigInteger value = new BigInteger(1, Arrays.copyOf(digest, 8));
        return new BigDecimal(value).compareTo(share.multiply(new BigDecimal(BigInteger.TWO.pow(64)))) < 0;
    }

    private static Recipient recipient(String email) {
        return new Recipient("003A", email, "Ada", "Europe/Berlin", false, Map.of());
    }

    private static Decision decide(Signal signal, Instant now, Recipient recipient, ActivityHistogram activity,
                                   TimingPolicySettings settings) {
        ContactFacts facts = ContactFacts.none().withActivity(Optional.ofNullable(activity));
        return new TimingPolicy(settings, new MutableClock(now)).decide(signal, recipient, "email", List.of(), facts);
    }
}
