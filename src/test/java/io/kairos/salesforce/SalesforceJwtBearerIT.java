package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kairos logs in to Salesforce with the OAuth 2.0 JWT bearer flow when SALESFORCE_JWT_KEYSTORE is set: the token
 * request carries an assertion signed with the connected app's key (checked here against its certificate) naming
 * the consumer key, the user and the login URL, and no client secret.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SalesforceJwtBearerIT extends KairosAppTest {

    private static final String PASSWORD = "test-keystore-secret";
    /** A throwaway connected-app key, made for this run (no key is kept in the repository). */
    private static final Path KEYSTORE = keystore();
    private static final String USER = "kairos-integration@acme.example";
    private static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    @Autowired
    private SalesforceCustomerDirectory directory;

    @DynamicPropertySource
    static void jwtBearer(DynamicPropertyRegistry registry) {
        registry.add("salesforce.jwt.keystore", KEYSTORE::toString);
        registry.add("salesforce.jwt.keystore-password", () -> PASSWORD);
        registry.add("salesforce.jwt.username", () -> USER);
    }

    @Test
    void theTokenIsAskedForWithAnAssertionSignedByTheConnectedAppsKey() throws Exception {
        SalesforceStubs.stubJaneOfAcme(SALESFORCE);
        // Only the JWT bearer grant is answered: a client-credentials login would fail.
        SALESFORCE.stubFor(post("/services/oauth2/token").atPriority(2).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"not a JWT bearer grant\"}")));
        SALESFORCE.stubFor(post("/services/oauth2/token").atPriority(1)
                .withRequestBody(containing("grant_type=" + JWT_GRANT.replace(":", "%3A")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("token.json").withTransformers("response-template")));
        SALESFORCE.stubFor(any(urlPathEqualTo("/services/oauth2/revoke")).willReturn(aResponse().withStatus(200)));

        assertThat(directory.findByEmail("jane@acme.example")).as("queries run with the JWT session").isPresent();

        List<LoggedRequest> logins = SALESFORCE.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token")));
        assertThat(logins).hasSize(1);
        Map<String, String> form = form(logins.get(0).getBodyAsString());
        assertThat(form).containsEntry("grant_type", JWT_GRANT).doesNotContainKey("client_secret");
        String[] jwt = form.get("assertion").split("\\.");
        assertThat(jwt).hasSize(3);
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.path("iss").asText()).isEqualTo("test-client");
        assertThat(claims.path("sub").asText()).isEqualTo(USER);
        assertThat(claims.path("aud").asText()).isEqualTo(SALESFORCE.baseUrl());
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(certificate().getPublicKey());
        rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.UTF_8));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))).as("signed by the connected app's key").isTrue();
        SALESFORCE.verify(getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                .withHeader("Authorization", containing("Bearer ")));
    }

    private static java.security.cert.Certificate certificate() throws Exception {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEYSTORE)) {
            keystore.load(in, PASSWORD.toCharArray());
        }
        return keystore.getCertificate(keystore.aliases().nextElement());
    }

    /** The JDK's keytool makes an RSA key and its self-signed certificate, as an admin does for a connected app. */
    private static Path keystore() {
        try {
            Path file = Files.createTempDirectory("kairos-jwt").resolve("connected-app.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "kairos-jwt", "-keyalg", "RSA", "-keysize", "2048", "-storetype",
                    "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-dname",
                    "CN=kairos-test-connected-app", "-validity", "36500").redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            // Deleted in reverse order of registration: the file, then its folder.
            file.getParent().toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                kv -> kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
    }
}
