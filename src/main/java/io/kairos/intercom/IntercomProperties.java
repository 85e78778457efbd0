package io.kairos.intercom;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Intercom-style API settings: INTERCOM_BASE_URL, INTERCOM_ACCESS_TOKEN, INTERCOM_CLIENT_SECRET, INTERCOM_ADMIN_ID. */
@ConfigurationProperties("intercom")
public record IntercomProperties(
        String baseUrl,
        String accessToken,
        String clientSecret,
        String adminId,
        @DefaultValue("2.11") String apiVersion) {

    @Override
    public String toString() {
        return "IntercomProperties[baseUrl=" + baseUrl + ", adminId=" + adminId + ", accessToken=***, clientSecret=***]";
    }
}
