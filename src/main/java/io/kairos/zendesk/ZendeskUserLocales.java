package io.kairos.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.proactive.UserLocales;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.zendesk.client.v2.model.User;

/**
 * Keeps the locale of every Zendesk user Kairos reads anyway (a ticket's requester, Show Many Users), so that a
 * proactive message to that contact can be written in their language without a request of its own.
 */
@Component("zendeskUserLocales")
public class ZendeskUserLocales {

    private final UserLocales locales;

    public ZendeskUserLocales(UserLocales locales) {
        this.locales = locales;
    }

    /** A user read through camel-zendesk (the route's getUser). */
    public void read(User user) {
        if (user != null && user.getEmail() != null && user.getLocale() != null) {
            locales.remember(Map.of(user.getEmail(), user.getLocale()));
        }
    }

    /** The {@code users} of a Show Many Users answer. */
    void readAll(JsonNode users) {
        Map<String, String> byEmail = new HashMap<>();
        for (JsonNode user : users) {
            String email = user.path("email").asText("");
            String locale = user.path("locale").asText("");
            if (!email.isBlank() && !locale.isBlank()) {
                byEmail.put(email, locale);
            }
        }
        locales.remember(byEmail);
    }
}
