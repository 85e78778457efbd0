package io.kairos.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kairos.timing.ActivityHistogram.ZoneSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivityHistogramTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant T0 = Instant.parse("2026-11-02T08:30:00Z"); // 09:30 in Berlin

    @Test
    void anEventLandsInItsLocalHour() {
        ActivityHistogram h = ActivityHistogram.empty(BERLIN, ZoneSource.CONTACT)
                .record(T0, BERLIN, ZoneSource.CONTACT);

        assertThat(h.weights()[9]).isEqualTo(1.0);
        assertThat(h.totalAt(T0)).isEqualTo(1.0);
        assertThat(h.updatedAt()).isEqualTo(T0);
    }

    @Test
    void weightHalvesEveryHalfLifeAndEachEventAddsOne() {
        ActivityHistogram h = ActivityHistogram.empty(BERLIN, ZoneSource.CONTACT).record(T0, BERLIN, ZoneSource.CONTACT)
                .record(T0.plus(ActivityHistogram.HALF_LIFE), BERLIN, ZoneSource.CONTACT);

        assertThat(h.weights()[9]).isCloseTo(1.5, within(1e-9));
        assertThat(h.totalAt(T0.plus(ActivityHistogram.HALF_LIFE.multipliedBy(2)))).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void enoughMeansATotalOfThreeAtTheMomentOfDeciding() {
        ActivityHistogram h = ActivityHistogram.empty(BERLIN, ZoneSource.CONTACT);
        for (int i = 0; i < 3; i++) {
            h = h.record(T0, BERLIN, ZoneSource.CONTACT);
        }
        assertThat(h.isEnough(T0)).isTrue();
        assertThat(h.isEnough(T0.plus(Duration.ofHours(1)))).as("decayed below 3 an hour later").isFalse();
        Instant week = T0.plus(Duration.ofDays(7));
        assertThat(h.record(week, BERLIN, ZoneSource.CONTACT).isEnough(week))
                .as("3 · 2^(-1/2) + 1 a week later").isTrue();
    }

    @Test
    void theOrderEventsArriveInDoesNotMatter() {
        Random random = new Random(16);
        List<Instant> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(T0.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 60))));
        }
        ActivityHistogram inOrder = replay(events.stream().sorted().toList());
        Collections.shuffle(events, random);
        ActivityHistogram shuffled = replay(events);

        assertThat(shuffled.updatedAt()).isEqualTo(inOrder.updatedAt());
        for (int hour = 0; hour < 24; hour++) {
            assertThat(shuffled.weights()[hour]).as("hour %d", hour).isCloseTo(inOrder.weights()[hour], within(1e-9));
        }
    }

    @Test
    void aBetterZoneMovesTheBucketsAWorseOneDoesNot() {
        ActivityHistogram utc = ActivityHistogram.empty(ZoneId.of("UTC"), ZoneSource.DEFAULT)
                .record(T0, ZoneId.of("UTC"), ZoneSource.DEFAULT);
        assertThat(utc.weights()[8]).isEqualTo(1.0);

        ActivityHistogram berlin = utc.record(T0.plus(Duration.ofHours(1)), BERLIN, ZoneSource.CONTACT);

        assertThat(berlin.zone()).isEqualTo(BERLIN);
        assertThat(berlin.zoneSource()).isEqualTo(ZoneSource.CONTACT);
        assertThat(berlin.weights()[9]).as("08:30 UTC read as 09:30 Berlin").isGreaterThan(0.99);
        assertThat(berlin.weights()[10]).isEqualTo(1.0);

        ActivityHistogram unchanged = berlin.record(T0.plus(Duration.ofHours(2)), ZoneId.of("UTC"), ZoneSource.DEFAULT);
        assertThat(unchanged.zone()).as("an event without the contact's zone is read in theirs").isEqualTo(BERLIN);
        assertThat(unchanged.weights()[11]).isEqualTo(1.0);
    }

    @Test
    void storedWeightsRoundTrip() {
        ActivityHistogram h = replay(List.of(T0, T0.plus(Duration.ofHours(5))));

        assertThat(ActivityHistogram.of(h.weights(), h.zone(), h.zoneSource(), h.updatedAt())).isEqualTo(h);
    }

    private static ActivityHistogram replay(List<Instant> events) {
        ActivityHistogram h = ActivityHistogram.empty(BERLIN, ZoneSource.CONTACT);
        for (Instant event : events) {
            h = h.record(event, BERLIN, ZoneSource.CONTACT);
        }
        return h;
    }
}
