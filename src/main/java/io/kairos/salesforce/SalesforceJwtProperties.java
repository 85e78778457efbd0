package io.kairos.salesforce;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The OAuth 2.0 JWT bearer flow (a connected app's certificate) instead of client credentials: set
 * SALESFORCE_JWT_KEYSTORE (a PKCS#12 file holding the connected app's private key and certificate),
 * SALESFORCE_JWT_KEYSTOREPASSWORD and SALESFORCE_JWT_USERNAME (the Salesforce user Kairos acts as, pre-authorised
 * for the connected app); SALESFORCE_CLIENT_ID stays the connected app's consumer key.
 *
 * @param keystore a file path, or a {@code classpath:} / {@code file:} resource
 */
@ConfigurationProperties("salesforce.jwt")
public record SalesforceJwtProperties(String keystore, String keystorePassword, String username) {

    /** The keystore as Camel resolves a resource: a bare path is a file. */
    String keystoreResource() {
        return keystore.contains(":") && !keystore.matches("^[A-Za-z]:\\\\.*") ? keystore : "file:" + keystore;
    }

    @Override
    public String toString() {
        return "SalesforceJwtProperties[keystore=" + keystore + ", keystorePassword=***, username=" + username + "]";
    }
}
