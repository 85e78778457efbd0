package io.kairos.intercom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.springframework.stereotype.Component;

/** Reads Intercom's answer to {@code POST /messages} (or the failure to get one) as an {@link IntercomOutcome}. */
@Component("intercomResponses")
public class IntercomResponses {

    /** Intercom enforces its limit in 10-second windows: the wait when a 429 names no reset time. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(10);
    /** A reset time in the past (clock skew) must not turn into a tight loop of 429s. */
    static final Duration MIN_RATE_LIMIT_WAIT = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public IntercomResponses(Clock clock) {
        this.clock = clock;
    }

    /** Classifies an HTTP answer; header names are matched without regard to case. */
    public IntercomOutcome classify(int status, Map<String, Object> headers, String body) {
        if (status >= 200 && status < 300) {
            return new IntercomOutcome.Sent(messageId(body));
        }
        Optional<Instant> retryAfter = retryAfter(headers);
        if (status == 429) {
            Instant now = clock.instant();
            // Both may be present: waiting for the later one means no request beats either.
            Instant told = Stream.of(retryAfter, rateLimitReset(headers)).flatMap(Optional::stream)
                    .max(Comparator.naturalOrder()).orElse(now.plus(DEFAULT_RATE_LIMIT_WAIT));
            Instant until = latest(told, now.plus(MIN_RATE_LIMIT_WAIT));
            return new IntercomOutcome.RetryAt(until, false, "Intercom rate limit (429, limit "
                    + header(headers, "X-RateLimit-Limit").orElse("?") + ", remaining "
                    + header(headers, "X-RateLimit-Remaining").orElse("?") + "): nothing is sent before " + until);
        }
        if (status >= 500) {
            String reason = "Intercom answered " + status + errorText(body);
            return retryAfter.<IntercomOutcome>map(at -> new IntercomOutcome.RetryAt(at, true, reason
                    + "; Retry-After " + at)).orElseGet(() -> new IntercomOutcome.Backoff(reason));
        }
        return new IntercomOutcome.Failed("HTTP_" + status, "Intercom answered " + status + errorText(body));
    }

    /**
     * Classifies a request that got no answer. Only a failure that proves the request never left (no connection,
     * no route, no pooled connection, a failed TLS handshake) may be retried; anything else may have been
     * delivered.
     */
    public IntercomOutcome classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (neverSent(t)) {
                return new IntercomOutcome.Backoff("not sent, no connection to Intercom: " + describe(t));
            }
        }
        return new IntercomOutcome.NeedsReconcile("no answer from Intercom after the request went out: "
                + describe(failure));
    }

    private static boolean neverSent(Throwable t) {
        // ConnectTimeoutException extends SocketTimeoutException, which after connecting means a read timeout.
        return t instanceof ConnectException || t instanceof ConnectTimeoutException
                || t instanceof ConnectionRequestTimeoutException || t instanceof UnknownHostException
                || t instanceof NoRouteToHostException || t instanceof PortUnreachableException
                || t instanceof SSLHandshakeException;
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
    }

    private static String messageId(String body) {
        JsonNode json = parse(body);
        return json.path("id").isValueNode() ? json.path("id").asText() : null;
    }

    /** ": code: message" from Intercom's {@code error.list}, else the start of the body. */
    private static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode error = parse(body).path("errors").path(0);
        if (error.isObject()) {
            String code = error.path("code").asText("");
            String message = error.path("message").asText("");
            return ": " + (code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message);
        }
        String text = body.strip();
        return ": " + (text.length() <= 300 ? text : text.substring(0, 297) + "...");
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (Exception notJson) {
            return JSON.missingNode();
        }
    }

    /** Retry-After as delay-seconds or an HTTP date. */
    private Optional<Instant> retryAfter(Map<String, Object> headers) {
        return header(headers, "Retry-After").flatMap(value -> {
            try {
                return Optional.of(clock.instant().plusSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException notSeconds) {
                try {
                    return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant());
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    /** X-RateLimit-Reset: when the window's budget is back, as a UNIX time in seconds. */
    private static Optional<Instant> rateLimitReset(Map<String, Object> headers) {
        return header(headers, "X-RateLimit-Reset").flatMap(value -> {
            try {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<String> header(Map<String, Object> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, Object> entry : headers.entrySet()) {
            if (name.equalsIgnoreCase(entry.getKey()) && entry.getValue() != null) {
                Object value = entry.getValue();
                if (value instanceof Collection<?> values) {
                    value = values.isEmpty() ? null : values.iterator().next();
                }
                return Optional.ofNullable(value).map(Object::toString).filter(text -> !text.isBlank());
            }
        }
        return Optional.empty();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
