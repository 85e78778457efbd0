package io.kairos.support;

import io.kairos.intercom.IntercomSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Posts Intercom webhook notifications signed the way Intercom signs them (X-Hub-Signature), to a running Kairos. */
public final class SignedIntercomWebhooks {

    public static final String SECRET = "test-intercom-client-secret";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final IntercomSignature signature = new IntercomSignature(SECRET);

    public SignedIntercomWebhooks(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A notification from {@code fixtures/intercom}, as Intercom sends it. */
    public static String fixture(String name) {
        return Fixtures.read("intercom/" + name + ".json");
    }

    public HttpResponse<String> post(String body) {
        return post(body, sign(body));
    }

    /** Posts with this X-Hub-Signature value, or none when null. */
    public HttpResponse<String> post(String body, String signatureValue) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/intercom"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Intercom-Webhooks")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signatureValue != null) {
            request.header("X-Hub-Signature", signatureValue);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String sign(String body) {
        return signature.sign(body.getBytes(StandardCharsets.UTF_8));
    }
}
