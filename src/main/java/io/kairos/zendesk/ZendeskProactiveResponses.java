package io.kairos.zendesk;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.asynchttpclient.exception.PoolAlreadyClosedException;
import org.asynchttpclient.exception.TooManyConnectionsException;
import org.asynchttpclient.exception.TooManyConnectionsPerHostException;
import org.springframework.stereotype.Component;
import org.zendesk.client.v2.ZendeskResponseException;
import org.zendesk.client.v2.ZendeskResponseRateLimitException;
import org.zendesk.client.v2.model.Ticket;

/**
 * Reads what camel-zendesk's {@code createTicket} or {@code updateTicket} returned (or threw) for a proactive ticket
 * or a note as a {@link DeliveryOutcome}.
 */
@Component("zendeskProactiveResponses")
public class ZendeskProactiveResponses implements DeliveryClassifier {

    /** The zendesk client's own wait when a 429 names no usable Retry-After. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(60);
    /** A Retry-After of 0 must not turn into a tight loop of 429s. */
    static final Duration MIN_RATE_LIMIT_WAIT = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SECRETS = Pattern.compile("(?i)(token|password|secret)=[^,&\\s}]+");

    private final Clock clock;

    public ZendeskProactiveResponses(Clock clock) {
        this.clock = clock;
    }

    /**
     * Classifies the ticket Zendesk answered with (camel-zendesk reports no HTTP status). The client turns a 404 into no ticket, and a 2xx without a
     * ticket reads the same: the request reached Zendesk, so whether a ticket exists is unknown.
     */
    @Override
    public DeliveryOutcome answered(Integer status, Map<String, Object> headers, Object body) {
        Ticket created = body instanceof Ticket ticket ? ticket : null;
        if (created == null || created.getId() == null) {
            return new DeliveryOutcome.NeedsReconcile("Zendesk answered without a ticket (a 404, or a body "
                    + "without one): look for the ticket by its external_id before sending again");
        }
        return new DeliveryOutcome.Sent(Long.toString(created.getId()));
    }

    /**
     * Classifies a failed call: Zendesk's error answers by status, and a call without an answer by whether the
     * request can have left. Only a failure that proves it never left (no connection, no route, no pooled
     * connection, a failed TLS handshake) may be retried; anything else, a timeout first, may have created the
     * ticket.
     */
    @Override
    public DeliveryOutcome failed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ZendeskResponseRateLimitException limited) {
                return rateLimited(limited);
            }
            if (t instanceof ZendeskResponseException response) {
                return answered(response);
            }
            if (neverSent(t)) {
                return new DeliveryOutcome.Backoff("not sent, no connection to Zendesk: " + describe(t));
            }
        }
        return new DeliveryOutcome.NeedsReconcile("no answer from Zendesk after the request went out: "
                + describe(rootCause(failure)));
    }

    private DeliveryOutcome rateLimited(ZendeskResponseRateLimitException limited) {
        Duration wait = limited.getRetryAfter() == null ? DEFAULT_RATE_LIMIT_WAIT
                : Duration.ofSeconds(limited.getRetryAfter());
        if (wait.compareTo(MIN_RATE_LIMIT_WAIT) < 0) {
            wait = MIN_RATE_LIMIT_WAIT;
        }
        Instant until = clock.instant().plus(wait);
        return new DeliveryOutcome.RetryAt(until, "Zendesk rate limit (429, Retry-After " + wait.toSeconds()
                + " s): nothing is sent before " + until);
    }

    private static DeliveryOutcome answered(ZendeskResponseException response) {
        int status = response.getStatusCode();
        String reason = "Zendesk answered " + status + statusText(response) + errorText(response.getBody());
        // 409: a concurrent change on Zendesk's side; the ticket was not created and a retry can succeed.
        if (status == 409 || status >= 500) {
            return new DeliveryOutcome.Backoff(reason);
        }
        if (status >= 400) {
            return new DeliveryOutcome.Failed("HTTP_" + status, reason);
        }
        return new DeliveryOutcome.NeedsReconcile(reason + ": not an answer a created ticket gets");
    }

    private static boolean neverSent(Throwable t) {
        // Netty's connect timeout is a ConnectException: the connection, and so the request, never happened.
        return t instanceof ConnectException || t instanceof UnknownHostException
                || t instanceof NoRouteToHostException || t instanceof PortUnreachableException
                || t instanceof SSLHandshakeException || t instanceof TooManyConnectionsException
                || t instanceof TooManyConnectionsPerHostException || t instanceof PoolAlreadyClosedException;
    }

    private static String statusText(ZendeskResponseException response) {
        String text = response.getStatusText();
        return text == null || text.isBlank() ? "" : " " + text.strip();
    }

    /**
     * ": error: description (field: detail, ...)" from Zendesk's error body, else the start of the body.
     * Zendesk answers {@code {"error":"RecordInvalid","description":"...","details":{"field":[{"description":
     * "..."}]}}} or {@code {"error":{"title":"...","message":"..."}}}.
     */
    static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode json = parse(body);
        if (!json.isObject()) {
            return ": " + cut(body.strip(), 300);
        }
        JsonNode error = json.path("error");
        List<String> parts = new ArrayList<>();
        if (error.isObject()) {
            addText(parts, error.path("title"));
            addText(parts, error.path("message"));
        } else {
            addText(parts, error);
        }
        addText(parts, json.path("description"));
        List<String> details = new ArrayList<>();
        json.path("details").properties().forEach(field -> field.getValue().forEach(detail -> {
            String text = detail.path("description").asText("");
            if (!text.isBlank()) {
                details.add(text.strip());
            }
        }));
        String text = String.join(": ", parts) + (details.isEmpty() ? "" : " (" + String.join("; ", details) + ")");
        return text.isBlank() ? ": " + cut(body.strip(), 300) : ": " + cut(text.strip(), 500);
    }

    private static void addText(List<String> parts, JsonNode node) {
        if (node.isValueNode() && !node.asText().isBlank()) {
            parts.add(node.asText().strip());
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception notJson) {
            return JSON.missingNode();
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The reason is stored and logged: Camel's API components may put endpoint options into messages. */
    private static String describe(Throwable t) {
        String message = t.getMessage() == null ? "" : " (" + SECRETS.matcher(t.getMessage()).replaceAll("$1=***")
                + ")";
        return t.getClass().getSimpleName() + message;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
