package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserLocalesTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theLatestLocaleOfEachUserIsKeptByEmailWhateverItsCase(Database db) {
        UserLocales locales = new UserLocales(db.jdbc(), clock);

        locales.remember(Map.of("Jane@Acme.example", "de", "max@acme.example", "pt_br", "nobody@acme.example", " "));
        clock.advance(Duration.ofMinutes(5));
        locales.remember(Map.of("jane@acme.example", "de-AT"));

        assertThat(locales.of(List.of("JANE@acme.example", "max@acme.example", "nobody@acme.example", "x@y.example")))
                .isEqualTo(Map.of("jane@acme.example", "de-AT", "max@acme.example", "pt-BR"));
        assertThat(db.jdbc().queryForObject("select count(*) from user_locale", Integer.class)).isEqualTo(2);
    }
}
