package io.kairos.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import io.kairos.zendesk.ZendeskSignature;

/** Posts Zendesk webhooks signed the way Zendesk signs them, to a running Kairos. */
public final class SignedWebhooks {

    public static final String SECRET = "test-webhook-secret";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final ZendeskSignature signature = new ZendeskSignature(SECRET, Duration.ofMinutes(5), Clock.systemUTC());

    public SignedWebhooks(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static String fixture(String name) {
        return Fixtures.read("zendesk/" + name + ".json");
    }

    public HttpResponse<String> post(String body) {
        String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return post(body, timestamp, signature.sign(timestamp, body.getBytes(StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> post(String body, String timestamp, String signatureValue) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/zendesk"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timestamp != null) {
            request.header("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
        }
        if (signatureValue != null) {
            request.header("X-Zendesk-Webhook-Signature", signatureValue);
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

    public String sign(String timestamp, String body) {
        return signature.sign(timestamp, body.getBytes(StandardCharsets.UTF_8));
    }
}
