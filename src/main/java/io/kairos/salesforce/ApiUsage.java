package io.kairos.salesforce;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of the org's daily API allowance was used, as Salesforce reported it on a response.
 *
 * @param used   requests spent in the rolling 24 hours
 * @param max    the org's daily allowance
 * @param readAt when the response carrying it arrived
 */
public record ApiUsage(long used, long max, Instant readAt) {

    /** The {@code Sforce-Limit-Info} response header, which camel-salesforce copies onto the Camel message. */
    public static final String LIMIT_INFO_HEADER = "Sforce-Limit-Info";

    // "api-usage=18/5000", possibly followed by "; per-app-api-usage=17/250(appName=...)", which is not the org's.
    private static final Pattern API_USAGE = Pattern.compile("(?:^|[;,\\s])api-usage=(\\d{1,18})/(\\d{1,18})");

    public ApiUsage {
        if (used < 0 || max <= 0) {
            throw new IllegalArgumentException("API usage needs used >= 0 and max > 0, got " + used + "/" + max);
        }
    }

    /** The org-wide usage in a {@code Sforce-Limit-Info} header; empty when absent or unreadable. */
    public static Optional<ApiUsage> fromLimitInfo(String header, Instant readAt) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher matcher = API_USAGE.matcher(header);
        if (!matcher.find()) {
            return Optional.empty();
        }
        long used = Long.parseLong(matcher.group(1));
        long max = Long.parseLong(matcher.group(2));
        return max == 0 ? Optional.empty() : Optional.of(new ApiUsage(used, max, readAt));
    }

    /** Used over max: 0.4 means 40% of the daily allowance is spent. */
    public double share() {
        return (double) used / max;
    }

    @Override
    public String toString() {
        return used + "/" + max + " (" + Math.round(share() * 100) + "%) at " + readAt;
    }
}
