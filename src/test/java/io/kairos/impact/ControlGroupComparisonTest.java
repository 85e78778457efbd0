package io.kairos.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The shares, Wilson intervals and Newcombe's interval for the reduction, against the examples of Newcombe (1998),
 * "Interval estimation for the difference between independent proportions: comparison of eleven methods", Stat Med
 * 17:873-890, Table II, method 10 (sample 1 is the held-out group here, sample 2 the notified one). The paper could not
 * be opened where this was written: the values are the table's as commonly quoted, each checked by a separate
 * computation of the method outside Java before it went in.
 */
class ControlGroupComparisonTest {

    @ParameterizedTest(name = "{0}/{1} - {2}/{3}")
    @CsvSource({
            // held-out x, n, notified x, n, difference, low, high (4 decimals, as published)
            "56, 70, 48, 80, 0.2000, 0.0524, 0.3339",
            "9, 10, 3, 10, 0.6000, 0.1705, 0.8090",
            "6, 7, 2, 7, 0.5714, 0.0582, 0.8062",
            "5, 56, 0, 29, 0.0893, -0.0381, 0.1926",
            "0, 10, 0, 20, 0.0000, -0.1611, 0.2775",
            "0, 10, 0, 10, 0.0000, -0.2775, 0.2775",
            "10, 10, 0, 20, 1.0000, 0.6791, 1.0000",
            "10, 10, 0, 10, 1.0000, 0.6075, 1.0000"})
    void theReductionsIntervalIsNewcombesMethod10(long heldX, long heldN, long toldX, long toldN, double difference,
                                                  double low, double high) {
        ControlGroupComparison c = ControlGroupComparison.of(toldN, toldX, heldN, heldX, 1);

        assertThat(c.reduction().estimate()).isCloseTo(difference, within(0.00005));
        assertThat(c.reduction().low()).isCloseTo(low, within(0.00005));
        assertThat(c.reduction().high()).isCloseTo(high, within(0.00005));
    }

    @Test
    void noEventsAndAllEventsGiveWilsonBoundsOnTheEdge() {
        ControlGroupComparison.Share none = ControlGroupComparison.Share.of(10, 0);
        ControlGroupComparison.Share all = ControlGroupComparison.Share.of(10, 10);

        // Newcombe's Table I: 0/10 gives 0 to 0.2775 by the score method, 10/10 its mirror.
        assertThat(none.share()).isZero();
        assertThat(none.low()).isZero();
        assertThat(none.high()).isCloseTo(0.2775, within(0.00005));
        assertThat(all.low()).isCloseTo(0.7225, within(0.00005));
        assertThat(all.high()).isEqualTo(1.0);
        assertThat(ControlGroupComparison.Share.of(0, 0).share()).isNaN();
        assertThatThrownBy(() -> ControlGroupComparison.Share.of(5, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTicketsAvoidedAreTheReductionTimesTheNotified() {
        ControlGroupComparison c = ControlGroupComparison.of(18_000, 2_160, 2_000, 400, 100);

        assertThat(c.avoided().estimate()).isCloseTo(0.08 * 18_000, within(1e-6));
        assertThat(c.avoided().low()).isCloseTo(c.reduction().low() * 18_000, within(1e-6));
        assertThat(c.avoided().high()).isCloseTo(c.reduction().high() * 18_000, within(1e-6));
        assertThat(c.sentence("KNOWN_ISSUE", "a ticket about it", 7)).isEqualTo("KNOWN_ISSUE: 12.0 % of notified "
                + "customers opened a ticket about it within 7 days, 20.0 % of held-out ones: 8.0 points fewer "
                + "(95 % CI 6.2 to 9.9), about 1,440 tickets avoided");
    }

    @Test
    void moreTicketsAmongTheNotifiedReadAsMoreWithTheIncreasesInterval() {
        ControlGroupComparison c = ControlGroupComparison.of(1_000, 300, 1_000, 200, 100);

        // Newcombe for 200/1000 - 300/1000: -0.1375 to -0.0621 (computed apart from this class).
        assertThat(c.sentence("OUTAGE", "any ticket", 7)).isEqualTo("OUTAGE: 30.0 % of notified customers opened "
                + "any ticket within 7 days, 20.0 % of held-out ones: 10.0 points more (95 % CI 6.2 to 13.7), "
                + "no tickets avoided");
        assertThat(-c.reduction().high()).isPositive();
    }

    @Test
    void belowTheMinimumSampleItSaysNotEnoughDataYet() {
        ControlGroupComparison few = ControlGroupComparison.of(18_000, 2_160, 40, 8, 100);
        ControlGroupComparison fewTold = ControlGroupComparison.of(99, 10, 2_000, 400, 100);

        assertThat(few.enough()).isFalse();
        assertThat(few.sentence("KNOWN_ISSUE", "a ticket about it", 7))
                .isEqualTo("KNOWN_ISSUE: not enough data yet: 40 held out, 100 needed");
        assertThat(fewTold.shortfall()).isEqualTo("not enough data yet: 99 notified, 100 needed");
        assertThat(ControlGroupComparison.of(100, 0, 100, 0, 100).enough()).isTrue();
        assertThat(ControlGroupComparison.of(0, 0, 0, 0, 0).enough()).as("an empty group is never enough").isFalse();
    }
}
