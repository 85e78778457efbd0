package io.kairos.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control group's draw: documented, deterministic, and holding out the configured share. */
class HoldoutTest {

    private static final int POPULATION = 20_000;

    private static Holdout share(String percent) {
        return new Holdout(Holdout.parseShare(percent), false);
    }

    /** Fixed, varied addresses: no randomness at test time, so the outcome is the same on every run. */
    private static List<String> emails() {
        List<String> emails = new ArrayList<>(POPULATION);
        for (int i = 0; i < POPULATION; i++) {
            emails.add("contact." + i + "@customer-" + (i % 97) + ".example");
        }
        return emails;
    }

    @Test
    void theDrawIsTheFirstEightBytesOfSha256OfSignalIdAndNormalisedEmail() {
        // Known answers from outside Java: python3 -c "import hashlib;
        //   print(hashlib.sha256(b's1:ada@example.com').digest()[:8].hex())"
        assertThat(Holdout.draw("s1", "ada@example.com")).isEqualTo(0xb4eddefc48d27ae2L);
        assertThat(Holdout.draw("s7", "ada@example.com")).isEqualTo(0x11403422ee44f995L);
        assertThat(Holdout.draw("s1", "  Ada@Example.COM ")).as("trimmed and lower-cased first")
                .isEqualTo(0xb4eddefc48d27ae2L);
    }

    @Test
    void aContactIsHeldOutWhenTheDrawAsAFractionOf2To64IsBelowTheShare() {
        // s7:ada → 0.0674 of 2^64, s1:ada → 0.7068, s1:eve@example.com → 0.0715
        assertThat(share("10%").drawsOut("s7", "ada@example.com")).isTrue();
        assertThat(share("6%").drawsOut("s7", "ada@example.com")).isFalse();
        assertThat(share("50%").drawsOut("s1", "ada@example.com")).isFalse();
        assertThat(share("7.2%").drawsOut("s1", "eve@example.com")).isTrue();
        assertThat(share("7.1%").drawsOut("s1", "eve@example.com")).isFalse();
        assertThat(share("0%").drawsOut("s7", "ada@example.com")).isFalse();
        assertThat(Holdout.NONE.drawsOut("s7", "ada@example.com")).isFalse();
        assertThat(share("10%").drawsOut("s7", null)).as("no address, no draw").isFalse();
    }

    @Test
    void theHeldOutShareOfManyContactsIsTheConfiguredShareWithinBinomialTolerance() {
        List<String> emails = emails();
        for (String percent : List.of("1%", "5%", "10%", "25%", "50%")) {
            for (String signalId : List.of("s1", "0f8fad5b-d9cb-469f-a165-70867728950e", "pubsub:42")) {
                Holdout holdout = share(percent);
                long heldOut = emails.stream().filter(e -> holdout.drawsOut(signalId, e)).count();
                double p = holdout.share().doubleValue();
                double expected = POPULATION * p;
                // 4.5 standard deviations: a fair draw lands outside about once in 150,000 such checks.
                double tolerance = 4.5 * Math.sqrt(POPULATION * p * (1 - p));
                assertThat((double) heldOut).as("%s of %d contacts for signal %s", percent, POPULATION, signalId)
                        .isBetween(expected - tolerance, expected + tolerance);
            }
        }
    }

    @Test
    void eachSignalDrawsItsOwnGroupAndALargerShareKeepsTheSmallerOnesContacts() {
        List<String> emails = emails();
        Holdout tenth = share("10%");
        List<String> first = emails.stream().filter(e -> tenth.drawsOut("signal-a", e)).toList();
        List<String> second = emails.stream().filter(e -> tenth.drawsOut("signal-b", e)).toList();
        long inBoth = first.stream().filter(second::contains).count();
        // Independent draws overlap in about 1 % of contacts (200), not in the whole group (about 2,000).
        assertThat(inBoth).isBetween(200 - 4 * 14L, 200 + 4 * 14L);
        assertThat(emails.stream().filter(e -> share("20%").drawsOut("signal-a", e)).toList())
                .containsAll(first);
    }

    @Test
    void aShareIsAPercentageOfAtMostFiftyAndNeverOnAnObligatoryKind() {
        assertThat(Holdout.parseShare("10%")).isEqualByComparingTo("0.10");
        assertThat(Holdout.parseShare(" 12.5 % ")).isEqualByComparingTo("0.125");
        assertThat(share("50%").percent()).isEqualTo("50 %");
        assertThat(share("12.5%").percent()).isEqualTo("12.5 %");
        assertThat(share("10.0%")).isEqualTo(share("10%"));
        for (String malformed : List.of("10", "0.1", "-5%", "ten %", "")) {
            assertThatThrownBy(() -> Holdout.parseShare(malformed)).as(malformed)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("such as 10%");
        }
        assertThatThrownBy(() -> share("50.5%")).hasMessage("holdout must be 0 % to 50 %, was 50.5 %");
        assertThatThrownBy(() -> new Holdout(new BigDecimal("0.1"), true))
                .hasMessageContaining("an obligatory kind reaches every eligible contact");
        assertThat(new Holdout(BigDecimal.ZERO, true).active()).isFalse();
    }
}
