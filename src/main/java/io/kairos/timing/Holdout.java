package io.kairos.timing;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kind's control group: the share of its eligible contacts that is not messaged, so the message's effect can be
 * measured against them. The draw is deterministic, so every re-decision and every replica gets the same answer, and a
 * preview given the signal's key (its Idempotency-Key) shows exactly whom the signal will hold out: a
 * contact is held out when the first 8 bytes of SHA-256("&lt;signal key&gt;:&lt;email&gt;") (UTF-8, the email trimmed
 * and lower-cased), read as an unsigned big-endian integer, are below share × 2^64.
 *
 * @param share      the fraction held out, 0 to {@value #MAX_PERCENT} %
 * @param obligatory the kind must reach every eligible contact (e.g. an outage of their service): never held out
 */
public record Holdout(BigDecimal share, boolean obligatory) {

    /** No control group, not obligatory: every kind's default. */
    public static final Holdout NONE = new Holdout(BigDecimal.ZERO, false);
    /** At most half an audience may be held out: beyond that the message itself becomes the exception. */
    public static final int MAX_PERCENT = 50;

    private static final Pattern PERCENT = Pattern.compile("\\s*([0-9]{1,3}(?:\\.[0-9]{1,2})?)\\s*%\\s*");
    private static final BigDecimal TWO_TO_64 = new BigDecimal(2).pow(64);

    public Holdout {
        // Without trailing zeros, so 10% and 10.0% make equal rules.
        share = share == null ? BigDecimal.ZERO : share.stripTrailingZeros();
        if (share.signum() < 0 || share.movePointRight(2).compareTo(BigDecimal.valueOf(MAX_PERCENT)) > 0) {
            throw new IllegalArgumentException("holdout must be 0 % to " + MAX_PERCENT + " %, was "
                    + percent(share));
        }
        if (obligatory && share.signum() > 0) {
            throw new IllegalArgumentException("an obligatory kind reaches every eligible contact: it takes no "
                    + "holdout (was " + percent(share) + ")");
        }
    }

    /** "10%" (or "12.5 %") as the share 0.10; anything else is rejected with what it should look like. */
    public static BigDecimal parseShare(String text) {
        Matcher m = text == null ? null : PERCENT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("holdout must be a percentage such as 10%, was '" + text + "'");
        }
        return new BigDecimal(m.group(1)).movePointLeft(2);
    }

    /** Whether a signal of the kind may hold any contact out at all. */
    public boolean active() {
        return share.signum() > 0 && !obligatory;
    }

    /** Whether this contact is in the signal's control group (the draw alone: the caller checks eligibility). */
    public boolean drawsOut(String signalKey, String email) {
        if (!active() || signalKey == null || email == null) {
            return false;
        }
        long threshold = share.multiply(TWO_TO_64).toBigInteger().longValue();
        return Long.compareUnsigned(draw(signalKey, email), threshold) < 0;
    }

    /** The first 8 bytes of SHA-256("&lt;signal key&gt;:&lt;normalised email&gt;"), to compare unsigned. */
    static long draw(String signalKey, String email) {
        String key = signalKey + ":" + email.trim().toLowerCase(Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** "10 %", as the sentences say it. */
    public String percent() {
        return percent(share);
    }

    private static String percent(BigDecimal share) {
        return share.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }
}
