package io.kairos.proactive;

import io.kairos.platform.KeyedQueries;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The helpdesk's locale of each user Kairos has read (Zendesk's {@code locale}, e.g. {@code de} or {@code pt-BR}),
 * kept in the store by lower-case email: what a contact's language is when Salesforce does not say.
 */
@Component
public class UserLocales {


    private final JdbcTemplate jdbc;
    private final Clock clock;

    public UserLocales(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Remembers each user's locale (email → locale); blank ones are skipped. */
    public void remember(Map<String, String> localesByEmail) {
        List<Object[]> rows = new ArrayList<>();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        localesByEmail.forEach((email, locale) -> {
            String tag = MessageLanguages.normalise(locale);
            if (email != null && !email.isBlank() && email.length() <= 320 && tag != null) {
                rows.add(new Object[] {tag, now, email.strip().toLowerCase(Locale.ROOT)});
            }
        });
        if (rows.isEmpty()) {
            return;
        }
        int[] updated = jdbc.batchUpdate("update user_locale set locale = ?, seen_at = ? where email = ?", rows);
        List<Object[]> inserts = new ArrayList<>();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                inserts.add(new Object[] {rows.get(i)[2], rows.get(i)[0], rows.get(i)[1]});
            }
        }
        if (!inserts.isEmpty()) {
            // Another replica may insert the same user meanwhile: its locale is as recent as this one.
            jdbc.batchUpdate("insert into user_locale (email, locale, seen_at) values (?, ?, ?) on conflict do nothing",
                    inserts);
        }
    }

    /** The known locales of these emails (lower-case email → locale). */
    public Map<String, String> of(Collection<String> emails) {
        List<String> wanted = emails.stream().filter(e -> e != null && !e.isBlank())
                .map(e -> e.strip().toLowerCase(Locale.ROOT)).distinct().toList();
        Map<String, String> locales = new HashMap<>();
        KeyedQueries.query(jdbc, "select u.email, u.locale from " + KeyedQueries.WANTED
                        + " join user_locale u on u.email = wanted.k", wanted,
                (rs, i) -> Map.entry(rs.getString("email"), rs.getString("locale")))
                .forEach(found -> locales.put(found.getKey(), found.getValue()));
        return locales;
    }
}
