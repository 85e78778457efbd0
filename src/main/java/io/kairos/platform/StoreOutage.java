package io.kairos.platform;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a store that is down or busy (worth trying again) from a statement the store refuses (a value too long, a
 * constraint): only the first is an outage. The second fails the same way every time.
 */
public final class StoreOutage {

    /** SQLSTATE classes of a connection lost or refused, resources exhausted, an operator's shutdown, a deadlock. */
    private static final Set<String> OUTAGE_STATES = Set.of("08", "53", "57", "40");

    private StoreOutage() {
    }

    /** True when this throwable or one of its causes says the store could not be reached or was busy. */
    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (isOutageItself(cause)) {
                return true;
            }
        }
        return false;
    }

    /** True when this throwable itself, not looking at its causes, is an outage. */
    static boolean isOutageItself(Throwable failure) {
        if (failure instanceof DataAccessResourceFailureException || failure instanceof TransientDataAccessException
                || failure instanceof RecoverableDataAccessException
                || failure instanceof CannotCreateTransactionException) {
            return true;
        }
        if (failure instanceof SQLTransientException || failure instanceof SQLRecoverableException
                || failure instanceof SQLNonTransientConnectionException) {
            return true;
        }
        return failure instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                && OUTAGE_STATES.contains(sql.getSQLState().substring(0, 2));
    }
}
