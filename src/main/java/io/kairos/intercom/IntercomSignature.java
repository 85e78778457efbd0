package io.kairos.intercom;

import io.kairos.platform.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Intercom's webhook signature: {@code X-Hub-Signature: sha1=} + the hex HMAC-SHA1 of the raw body, keyed with the
 * app's client secret, compared in constant time. Intercom signs no timestamp, so a replayed delivery is caught by
 * its notification id in the inbox, not here.
 */
public class IntercomSignature {

    static final String HEADER = "X-Hub-Signature";
    private static final String PREFIX = "sha1=";

    private final SecretKeySpec key;

    /** A blank secret verifies nothing: every delivery is rejected rather than accepted unsigned. */
    public IntercomSignature(String clientSecret) {
        this.key = clientSecret == null || clientSecret.isBlank() ? null
                : new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
    }

    /** Throws {@link WebhookRejectedException} unless {@code header} is the signature of {@code body}. */
    public void verify(byte[] body, String header) {
        if (key == null) {
            throw new WebhookRejectedException("INTERCOM_CLIENT_SECRET is not set: Intercom webhooks cannot be verified");
        }
        if (header == null || header.isBlank()) {
            throw new WebhookRejectedException("missing " + HEADER);
        }
        String given = header.trim().toLowerCase(Locale.ROOT);
        if (!given.startsWith(PREFIX)) {
            throw new WebhookRejectedException(HEADER + " must be sha1=<hex digest>");
        }
        byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))) {
            throw new WebhookRejectedException("signature does not match");
        }
    }

    /** The header value Intercom would send for this body. */
    public String sign(byte[] body) {
        if (key == null) {
            throw new IllegalStateException("no client secret to sign with");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JRE", e);
        }
    }
}
