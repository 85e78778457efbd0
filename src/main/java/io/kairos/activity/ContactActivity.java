package io.kairos.activity;

import io.kairos.platform.KeyedQueries;
import io.kairos.timing.ActivityHistogram;
import io.kairos.timing.ActivityHistogram.ZoneSource;
import io.kairos.timing.TimeZones;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The activity histograms of contacts and their accounts in the store: each customer action a webhook shows (a
 * ticket opened, a public reply, a conversation started or answered) adds to both; planning reads a page's in one
 * query and takes the contact's, or their account's when the contact's says too little.
 */
@Component("contactActivity")
public class ContactActivity {

    private static final Logger LOG = LoggerFactory.getLogger(ContactActivity.class);
    private static final String CONTACT = "contact:";
    private static final String ACCOUNT = "account:";
    /** Concurrent events of one contact retry their read-modify-write; a few rounds settle any real contention. */
    private static final int ATTEMPTS = 20;

    private final JdbcTemplate jdbc;

    public ContactActivity(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that the contact was active at {@code at}, in their zone when known, else their account's, else UTC;
     * also on their account's histogram when the account is known. Unknown zones count as missing. Nothing is recorded
     * without an email.
     *
     * @param event the inbox event's key (source:id): the same event seen again right after (parked for a rate slot,
     *              retried after a failure) is not counted twice
     */
    public void seen(String event, String email, String accountId, String contactZone, String accountZone,
                     Instant at) {
        String key = normalise(email);
        if (key == null || key.isEmpty() || at == null) {
            return;
        }
        Optional<ZoneId> contact = TimeZones.parse(contactZone);
        Optional<ZoneId> account = TimeZones.parse(accountZone);
        ZoneId zone = contact.or(() -> account).orElse(ZoneOffset.UTC);
        ZoneSource source = contact.isPresent() ? ZoneSource.CONTACT
                : account.isPresent() ? ZoneSource.ACCOUNT : ZoneSource.DEFAULT;
        update(CONTACT + key, event, at, zone, source);
        if (accountId != null && !accountId.isBlank()) {
            update(ACCOUNT + accountId.trim(), event, at, zone, source);
        }
    }

    /**
     * The activity to decide by for each of these contacts (normalised emails), with their account ids where known:
     * the contact's own histogram when it holds enough at {@code now}, else the account's when that does, else the
     * contact's. Contacts Kairos never saw are absent. One query per thousand keys.
     */
    public Map<String, ActivityHistogram> forContacts(Collection<String> emails, Map<String, String> accountOf,
                                                      Instant now) {
        List<String> keys = new ArrayList<>();
        emails.forEach(email -> keys.add(CONTACT + email));
        accountOf.values().stream().filter(id -> id != null && !id.isBlank()).forEach(id -> keys.add(ACCOUNT + id));
        Map<String, ActivityHistogram> found = new HashMap<>();
        KeyedQueries.query(jdbc, "select a.subject, a.buckets, a.zone, a.zone_source, a.updated_at from "
                        + KeyedQueries.WANTED + " join activity_histogram a on a.subject = wanted.k", keys,
                (rs, i) -> Map.entry(rs.getString("subject"), HISTOGRAM.mapRow(rs, i)))
                .forEach(row -> found.put(row.getKey(), row.getValue()));
        Map<String, ActivityHistogram> chosen = new HashMap<>();
        for (String email : emails) {
            ActivityHistogram own = found.get(CONTACT + email);
            String accountId = accountOf.get(email);
            ActivityHistogram account = accountId == null ? null : found.get(ACCOUNT + accountId);
            if (own != null && own.isEnough(now) || account == null || !account.isEnough(now)) {
                if (own != null) {
                    chosen.put(email, own);
                }
            } else {
                chosen.put(email, account);
            }
        }
        return chosen;
    }

    /** The contact's own histogram, if Kairos has seen them. */
    public Optional<ActivityHistogram> ofContact(String email) {
        return jdbc.query("select * from activity_histogram where subject = ?", HISTOGRAM, CONTACT + normalise(email))
                .stream().findFirst();
    }

    private void update(String subject, String event, Instant at, ZoneId zone, ZoneSource source) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<Versioned> rows = jdbc.query("select * from activity_histogram where subject = ?",
                    (rs, i) -> new Versioned(HISTOGRAM.mapRow(rs, i), rs.getLong("version"),
                            rs.getString("last_event")), subject);
            if (rows.isEmpty()) {
                ActivityHistogram next = ActivityHistogram.empty(zone, source).record(at, zone, source);
                if (jdbc.update("insert into activity_histogram (subject, buckets, zone, zone_source, updated_at, "
                        + "version, last_event) values (?, ?, ?, ?, ?, 0, ?) on conflict do nothing", subject,
                        buckets(next), next.zone().getId(), next.zoneSource().name(), timestamp(next.updatedAt()),
                        event) == 1) {
                    return;
                }
                continue;
            }
            Versioned current = rows.get(0);
            if (event != null && event.equals(current.lastEvent())) {
                return;
            }
            ActivityHistogram next = current.histogram().record(at, zone, source);
            if (jdbc.update("update activity_histogram set buckets = ?, zone = ?, zone_source = ?, updated_at = ?, "
                            + "version = version + 1, last_event = ? where subject = ? and version = ?",
                    buckets(next), next.zone().getId(), next.zoneSource().name(), timestamp(next.updatedAt()), event,
                    subject, current.version()) == 1) {
                return;
            }
        }
        // Losing one event of a histogram is harmless; failing the webhook's processing for it would not be.
        LOG.warn("Activity of {} not recorded: {} concurrent updates in a row", subject.startsWith(CONTACT)
                ? "a contact" : subject, ATTEMPTS);
    }

    private record Versioned(ActivityHistogram histogram, long version, String lastEvent) {
    }

    private static final RowMapper<ActivityHistogram> HISTOGRAM = (rs, i) -> ActivityHistogram.of(
            weights(rs.getArray("buckets")), ZoneId.of(rs.getString("zone")),
            ZoneSource.valueOf(rs.getString("zone_source")), instant(rs));

    private static double[] weights(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        double[] weights = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            weights[i] = ((Number) values[i]).doubleValue();
        }
        return weights;
    }

    private static Double[] buckets(ActivityHistogram histogram) {
        double[] weights = histogram.weights();
        Double[] boxed = new Double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            boxed[i] = weights[i];
        }
        return boxed;
    }

    private static Instant instant(ResultSet rs) throws SQLException {
        return rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant();
    }

    private static java.time.OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
