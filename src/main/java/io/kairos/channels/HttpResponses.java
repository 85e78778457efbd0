package io.kairos.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.proactive.DeliveryClassifier;
import io.kairos.proactive.DeliveryOutcome;
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

/**
 * Reads an HTTP API's answer to one message (or the failure to get one) as a {@link DeliveryOutcome}: 2xx sent (the
 * id is the answer's {@code id}), 429 a pause until Retry-After or X-RateLimit-Reset, 5xx a backoff (not before its
 * Retry-After), another 4xx a failure, no connection a backoff, and anything after the request left a reconciliation.
 */
public class HttpResponses implements DeliveryClassifier {

    /** A reset time in the past (clock skew) or a Retry-After of 0 must not turn into a tight loop of 429s. */
    static final Duration MIN_RATE_LIMIT_WAIT = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String api;
    private final Duration defaultRateLimitWait;
    private final Clock clock;

    /**
     * @param api                  how reasons name the API, e.g. {@code Intercom}
     * @param defaultRateLimitWait the wait when a 429 names no time (the API's rate window)
     */
    public HttpResponses(String api, Duration defaultRateLimitWait, Clock clock) {
        this.api = api;
        this.defaultRateLimitWait = defaultRateLimitWait;
        this.clock = clock;
    }

    @Override
    public DeliveryOutcome answered(Integer status, Map<String, Object> headers, Object body) {
        String text = body == null ? null : body.toString();
        if (status == null) {
            return new DeliveryOutcome.NeedsReconcile(api + " answered without an HTTP status");
        }
        if (status >= 200 && status < 300) {
            return new DeliveryOutcome.Sent(remoteId(text));
        }
        Optional<Instant> retryAfter = retryAfter(headers);
        if (status == 429) {
            Instant now = clock.instant();
            // Both may be present: waiting for the later one means no request beats either.
            Instant told = Stream.of(retryAfter, rateLimitReset(headers)).flatMap(Optional::stream)
                    .max(Comparator.naturalOrder()).orElse(now.plus(defaultRateLimitWait));
            Instant until = told.isAfter(now.plus(MIN_RATE_LIMIT_WAIT)) ? told : now.plus(MIN_RATE_LIMIT_WAIT);
            return new DeliveryOutcome.RetryAt(until, api + " rate limit (429, limit "
                    + header(headers, "X-RateLimit-Limit").orElse("?") + ", remaining "
                    + header(headers, "X-RateLimit-Remaining").orElse("?") + "): nothing is sent before " + until);
        }
        if (status >= 500) {
            String reason = api + " answered " + status + errorText(text);
            return new DeliveryOutcome.Backoff(retryAfter.map(at -> reason + "; Retry-After " + at).orElse(reason),
                    retryAfter.orElse(null));
        }
        return new DeliveryOutcome.Failed("HTTP_" + status, api + " answered " + status + errorText(text));
    }

    /**
     * Only a failure that proves the request never left (no connection, no route, no pooled connection, a failed
     * TLS handshake) may be retried; anything else may have been delivered.
     */
    @Override
    public DeliveryOutcome failed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (neverSent(t)) {
                return new DeliveryOutcome.Backoff("not sent, no connection to " + api + ": " + describe(t));
            }
        }
        return new DeliveryOutcome.NeedsReconcile("no answer from " + api + " after the request went out: "
                + describe(failure));
    }

    /** ": " and what the error body says, for the reason; this reads the start of the body. */
    protected String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        return ": " + (text.length() <= 300 ? text : text.substring(0, 297) + "...");
    }

    /** The body as JSON, or a missing node when it is none. */
    protected static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (Exception notJson) {
            return JSON.missingNode();
        }
    }

    private static String remoteId(String body) {
        JsonNode json = parse(body);
        return json.path("id").isValueNode() ? json.path("id").asText() : null;
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
}
