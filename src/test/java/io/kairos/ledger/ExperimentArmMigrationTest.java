package io.kairos.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V14 moves the send-time arm of SENT entries written before it (their reason code SEND_TIME / SEND_TIME_CONTROL)
 * into {@code experiment_arm} and leaves the codes as written; other entries get no arm.
 */
class ExperimentArmMigrationTest {

    private final JdbcDataSource store = new JdbcDataSource();
    private final JdbcTemplate jdbc;

    ExperimentArmMigrationTest() {
        store.setURL("jdbc:h2:mem:arm-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(store);
    }

    @AfterEach
    void drop() {
        jdbc.execute("shutdown");
    }

    @Test
    void entriesWrittenBeforeV14GetTheArmTheirReasonCodeCarried() {
        flyway("13.1").migrate();
        entry("once@x.example", "SENT", "SEND_TIME_CONTROL");
        entry("active@x.example", "SENT", "SEND_TIME");
        entry("waiting@x.example", "DEFERRED", "SEND_TIME");
        entry("plain@x.example", "SENT", "LANGUAGE_FALLBACK");

        flyway(null).migrate();

        assertThat(jdbc.queryForList("select contact_email || ' ' || reason_code || ' ' || coalesce(experiment_arm, "
                + "'-') from ledger_entry order by contact_email", String.class)).containsExactly(
                "active@x.example SEND_TIME send-time:active",
                "once@x.example SEND_TIME_CONTROL send-time:at-once",
                "plain@x.example LANGUAGE_FALLBACK -",
                "waiting@x.example SEND_TIME -");
    }

    private Flyway flyway(String target) {
        var config = Flyway.configure().dataSource(store).locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    private void entry(String email, String decision, String reasonCode) {
        jdbc.update("""
                insert into ledger_entry (contact_email, signal_id, signal_type, decision, reason_code, occurred_at)
                values (?, 'sig-1', 'ORDER_DELAY', ?, ?, ?)""", email, decision, reasonCode,
                OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC));
    }
}
