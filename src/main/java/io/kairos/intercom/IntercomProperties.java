package io.kairos.intercom;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Intercom-style API settings: INTERCOM_BASE_URL, INTERCOM_ACCESS_TOKEN, INTERCOM_CLIENT_SECRET, INTERCOM_ADMIN_ID.
 *
 * @param apiVersion      the pinned {@code Intercom-Version} header
 * @param messageType     {@code email} or {@code in_app}: how planned messages reach the contact
 * @param connectTimeout  how long to wait for a connection; a request that never connected is retried
 * @param responseTimeout how long to wait for an answer once the request went out; after that the outcome is
 *                        unknown and the message waits for reconciliation instead of being sent again
 */
@ConfigurationProperties("intercom")
public record IntercomProperties(
        String baseUrl,
        String accessToken,
        String clientSecret,
        String adminId,
        @DefaultValue("2.11") String apiVersion,
        @DefaultValue("email") String messageType,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration responseTimeout) {

    /** Whether messages can be sent: a base URL, a token and the admin they are sent as. */
    public boolean canSend() {
        return hasText(baseUrl) && hasText(accessToken) && hasText(adminId);
    }

    @Override
    public String toString() {
        return "IntercomProperties[baseUrl=" + baseUrl + ", adminId=" + adminId + ", apiVersion=" + apiVersion
                + ", messageType=" + messageType + ", accessToken=***, clientSecret=***]";
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
