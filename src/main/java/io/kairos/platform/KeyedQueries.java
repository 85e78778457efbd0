package io.kairos.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Queries a table for many keys at once (a page of contacts' emails): the keys travel as one array parameter,
 * joined with {@code unnest}, a chunk per query.
 *
 * <p>Why not {@code in (?, ?, …)}: a thousand placeholders are planned generically once the statement is prepared
 * server-side, and on a table whose statistics are stale (fresh, or growing fast while a signal is planned)
 * PostgreSQL chose a scan comparing every row with every placeholder: 2 s a query on 60,000 ledger rows, most of a
 * 100,000-recipient plan. A join with the keys is an index lookup or a hash join whatever the statistics say.
 */
public final class KeyedQueries {

    /**
     * The table expression of the keys, to join in the query: column {@code wanted.k}. It must hold the query's
     * first parameter.
     */
    public static final String WANTED = "unnest(cast(? as varchar array)) as wanted(k)";

    /** Keys per query: a page of planning in one or two queries, and a result that stays small. */
    static final int CHUNK = 1000;

    private KeyedQueries() {
    }

    /**
     * Runs {@code sql} (which joins {@link #WANTED}) once per chunk of the distinct keys; {@code args} bind the
     * parameters after the keys.
     */
    public static <T> List<T> query(JdbcTemplate jdbc, String sql, Collection<String> keys, RowMapper<T> rows,
                                    Object... args) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        distinct.removeIf(key -> key == null);
        List<T> found = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += CHUNK) {
            String[] chunk = distinct.subList(from, Math.min(distinct.size(), from + CHUNK)).toArray(String[]::new);
            found.addAll(jdbc.query(sql, rows, arguments(chunk, args)));
        }
        return found;
    }

    private static Object[] arguments(String[] chunk, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = chunk;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
