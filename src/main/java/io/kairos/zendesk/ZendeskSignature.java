package io.kairos.zendesk;

import io.kairos.platform.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Zendesk's webhook signature: base64(HMAC-SHA256(secret, timestamp + raw body)), the secret used as its UTF-8
 * text (not base64-decoded), compared in constant time, with the timestamp held to a tolerance against replays.
 */
public class ZendeskSignature {

    static final String SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature";
    static final String TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp";

    private final SecretKeySpec key;
    private final Duration tolerance;
    private final Clock clock;

    public ZendeskSignature(String secret, Duration tolerance, Clock clock) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("ZENDESK_WEBHOOK_SECRET is empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** Throws {@link WebhookRejectedException} unless the signature matches and the timestamp is fresh. */
    public void verify(String timestamp, byte[] body, String signature) {
        if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
            throw new WebhookRejectedException("missing " + SIGNATURE_HEADER + " or " + TIMESTAMP_HEADER);
        }
        String stamp = timestamp.trim();
        Instant sent;
        try {
            sent = Instant.parse(stamp);
        } catch (DateTimeParseException e) {
            throw new WebhookRejectedException("unreadable " + TIMESTAMP_HEADER);
        }
        byte[] expected = sign(stamp, body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII))) {
            throw new WebhookRejectedException("signature does not match");
        }
        if (Duration.between(sent, clock.instant()).abs().compareTo(tolerance) > 0) {
            throw new WebhookRejectedException("timestamp " + stamp + " is outside the " + tolerance
                    + " tolerance");
        }
    }

    /** The signature Zendesk would send for this timestamp and body. */
    public String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
