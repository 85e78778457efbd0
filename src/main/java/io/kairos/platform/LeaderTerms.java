package io.kairos.platform;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The epochs of leader-only roles, kept in the store: a replica that becomes leader takes the next epoch, and
 * every write it makes for the role is compared with it. Leader election alone is no fence (a leader that stalls
 * past its lease still believes it leads); an epoch in the store is.
 */
@Component
public class LeaderTerms {

    private final JdbcTemplate jdbc;
    private final TransactionOperations transactions;
    private final Clock clock;

    public LeaderTerms(JdbcTemplate jdbc, TransactionOperations transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Starts a new term of the role for this holder and returns its epoch, greater than any before; joins the
     * caller's transaction, so what the new leader claims commits with its term.
     */
    public long begin(String role, String holder) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Long epoch = transactions.execute(status -> {
            jdbc.update("insert into leader_term (name, epoch, holder, started_at) values (?, 0, null, ?) "
                    + "on conflict do nothing", role, now);
            // The row lock serialises two replicas starting a term at once: each gets its own epoch.
            jdbc.update("update leader_term set epoch = epoch + 1, holder = ?, started_at = ? where name = ?",
                    holder, now, role);
            return jdbc.queryForObject("select epoch from leader_term where name = ?", Long.class, role);
        });
        if (epoch == null) {
            throw new IllegalStateException("no term was stored for " + role);
        }
        return epoch;
    }

    /** The role's latest epoch, or empty before its first term. */
    public OptionalLong current(String role) {
        return jdbc.queryForList("select epoch from leader_term where name = ?", Long.class, role).stream()
                .mapToLong(Long::longValue).findFirst();
    }
}
