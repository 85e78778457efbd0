package io.kairos.admin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may open the admin page and how sign-in failures are slowed down.
 *
 * @param user        KAIROS_ADMIN_USER; without it and a password nobody can sign in
 * @param password    KAIROS_ADMIN_PASSWORD (kept only as a bcrypt hash once Kairos has started)
 * @param maxFailures failed sign-ins from one client within {@code failureWindow} before it must wait
 * @param lockout     how long such a client is refused (429), even with the right password
 * @param ticketWindow the default N of the deflection figure: a ticket within N days of a signal counts
 */
@ConfigurationProperties("kairos.admin")
public record AdminProperties(
        String user,
        String password,
        @DefaultValue("5") int maxFailures,
        @DefaultValue("15m") Duration failureWindow,
        @DefaultValue("5m") Duration lockout,
        @DefaultValue("7") int ticketWindow) {

    boolean configured() {
        return user != null && !user.isBlank() && password != null && !password.isEmpty();
    }
}
