package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Epochs of leader-only roles on H2 (PostgreSQL mode) and a real PostgreSQL. */
class LeaderTermsTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void eachTermHasAGreaterEpochAndRecordsItsHolder(Database db) {
        LeaderTerms terms = new LeaderTerms(db.jdbc(), db.transaction(), clock);

        assertThat(terms.current("salesforce-subscriber")).isEmpty();
        long first = terms.begin("salesforce-subscriber", "kairos-0");
        long second = terms.begin("salesforce-subscriber", "kairos-1");

        assertThat(second).isGreaterThan(first);
        assertThat(terms.current("salesforce-subscriber")).hasValue(second);
        assertThat(db.jdbc().queryForObject("select holder from leader_term where name = 'salesforce-subscriber'",
                String.class)).isEqualTo("kairos-1");
        assertThat(terms.current("another-role")).as("roles count apart").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void replicasStartingTermsAtOnceEachGetTheirOwnEpoch(Database db) {
        LeaderTerms terms = new LeaderTerms(db.jdbc(), db.transaction(), clock);

        List<Long> epochs = IntStream.range(0, 12)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> terms.begin("salesforce-subscriber", "kairos-" + i)))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(epochs).doesNotHaveDuplicates().hasSize(12);
        assertThat(terms.current("salesforce-subscriber")).hasValue(epochs.stream().mapToLong(Long::longValue).max()
                .orElseThrow());
    }
}
