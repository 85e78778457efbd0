package io.kairos.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * Proves which day the suite runs on. The README's test command runs the suite twice, the second time with the
 * test JVM's clock moved ahead by libfaketime (the Maven profile {@code clock-ahead}); if the shift silently did
 * not happen, that run would prove nothing, so this test fails it. The embedded PostgreSQL must read the same day,
 * or rules compared in SQL would see another "now".
 */
class ClockAheadTest {

    private static final Duration SLACK = Duration.ofHours(6);

    @Test
    void theJvmAndTheDatabaseReadTheDayThisRunIsMeantFor() {
        String buildTime = System.getProperty("kairos.test.build-time");
        assumeTrue(buildTime != null && !buildTime.isBlank(), "not run by Maven: no build time to compare with");
        Instant expected = Instant.parse(buildTime)
                .plus(Duration.ofDays(Long.getLong("kairos.test.clock-ahead-days", 0)));

        assertThat(Instant.now()).isBetween(expected.minus(SLACK), expected.plus(SLACK));

        TestDatabases.Database postgres = TestDatabases.create(TestDatabases.Kind.POSTGRESQL);
        try {
            OffsetDateTime databaseNow = postgres.jdbc().queryForObject("select now()", OffsetDateTime.class);
            assertThat(databaseNow.toInstant()).isBetween(expected.minus(SLACK), expected.plus(SLACK));
        } finally {
            postgres.drop();
        }
    }
}
