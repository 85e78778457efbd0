package io.kairos.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.proactive.HelpdeskTicket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Kairos's own calls to Zendesk's REST API through camel-http, for what camel-zendesk's client lacks (cursor
 * pagination, the batch form of Update Many Tickets): one place that signs them with the API token, bounds them by
 * {@link ZendeskReadHttpClient}'s timeouts and turns a non-2xx answer into a {@link ZendeskRestException} carrying
 * Zendesk's Retry-After. The callers take their {@link ZendeskGate} slots first; a 429 holds the gate here.
 */
@Component
class ZendeskRest {

    /** What a show_many call takes at most. */
    static final int IDS_PER_CALL = 100;

    private static final String ENDPOINT_OPTIONS =
            "?httpClientConfigurer=#zendeskReadHttpClient&throwExceptionOnFailure=false";

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final String baseUrl;
    private final String authorization;
    private final ZendeskGate gate;
    private final ZendeskUserLocales userLocales;

    ZendeskRest(ProducerTemplate producer, ObjectMapper json, ZendeskProperties zendesk, ZendeskGate gate,
                ZendeskUserLocales userLocales) {
        this.producer = producer;
        this.userLocales = userLocales;
        this.json = json;
        this.gate = gate;
        this.baseUrl = zendesk.baseUrl() == null ? "" : zendesk.baseUrl().replaceAll("/+$", "");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (zendesk.email() + "/token:" + zendesk.apiToken()).getBytes(StandardCharsets.UTF_8));
    }

    /** Zendesk's base URL without a trailing slash: a {@code links.next} is followed only when it points there. */
    String baseUrl() {
        return baseUrl;
    }

    ObjectMapper json() {
        return json;
    }

    JsonNode get(String path, String rawQuery) {
        return call("GET", path, rawQuery, null);
    }

    /** The JSON Zendesk answered; {@code rawQuery} and {@code body} may be null. */
    JsonNode call(String method, String path, String rawQuery, String body) {
        Exchange exchange = producer.send(baseUrl + ENDPOINT_OPTIONS, e -> {
            e.getIn().setHeader(Exchange.HTTP_METHOD, method);
            e.getIn().setHeader(Exchange.HTTP_URI, baseUrl + path);
            if (rawQuery != null) {
                e.getIn().setHeader(Exchange.HTTP_RAW_QUERY, rawQuery);
            }
            e.getIn().setHeader("Authorization", authorization);
            e.getIn().setHeader("Accept", "application/json");
            if (body != null) {
                e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
                e.getIn().setBody(body);
            }
        });
        if (exchange.getException() != null) {
            throw new IllegalStateException("Zendesk " + path + " failed: " + exchange.getException().getMessage(),
                    exchange.getException());
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        try {
            return answer(json, method + " " + path, status,
                    name -> exchange.getMessage().getHeader(name, String.class),
                    exchange.getMessage().getBody(String.class));
        } catch (ZendeskRestException refused) {
            if (refused.status() == 429) {
                gate.rateLimited(refused.retryAfter());
            }
            throw refused;
        }
    }

    /**
     * Zendesk's answer to {@code call}: the JSON of a success, else a {@link ZendeskRestException} with the
     * Retry-After and, when the body is Zendesk's JSON error, its {@code error} and {@code description}. A 429 may
     * come with a plain-text body: an error body is never required to be JSON.
     */
    static JsonNode answer(ObjectMapper json, String call, Integer status, UnaryOperator<String> header,
                           String body) {
        if (status == null || status >= 300) {
            throw new ZendeskRestException(call, status == null ? 0 : status, retryAfter(header.apply("Retry-After")),
                    errorOf(json, body));
        }
        try {
            return json.readTree(body);
        } catch (IOException | IllegalArgumentException unreadable) {
            throw new IllegalStateException("Zendesk " + call + " answered something that is not JSON", unreadable);
        }
    }

    /** {@code RecordNotFound: Not found} from Zendesk's JSON error; null for any other body. */
    static String errorOf(ObjectMapper json, String body) {
        try {
            JsonNode error = body == null || body.isBlank() ? null : json.readTree(body);
            if (error == null || !error.isObject()) {
                return null;
            }
            JsonNode code = error.path("error");
            String name = code.isTextual() ? code.asText() : code.path("title").asText(null);
            String description = error.path("description").isTextual() ? error.path("description").asText()
                    : code.path("message").asText(null);
            if (name == null && description == null) {
                return null;
            }
            String reason = name == null ? description : description == null ? name : name + ": " + description;
            return reason.length() <= 200 ? reason : reason.substring(0, 199) + "…";
        } catch (IOException notJson) {
            return null;
        }
    }

    /**
     * Show Many Users ({@code GET /api/v2/users/show_many.json?ids=…}, 100 ids a call): each user's email; their
     * locales are kept on the way (ZendeskUserLocales).
     */
    Map<Long, String> emailsOf(Collection<Long> userIds, Runnable beforeEachCall) {
        List<Long> ids = userIds.stream().distinct().toList();
        Map<Long, String> emails = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_CALL) {
            beforeEachCall.run();
            JsonNode users = get("/api/v2/users/show_many.json", "ids=" + ids(ids.subList(from,
                    Math.min(ids.size(), from + IDS_PER_CALL)))).path("users");
            userLocales.readAll(users);
            for (JsonNode user : users) {
                String email = user.path("email").asText("");
                if (user.path("id").canConvertToLong() && !email.isBlank()) {
                    emails.put(user.path("id").asLong(), email);
                }
            }
        }
        return emails;
    }

    /** Ids as a show_many call takes them: comma-separated. */
    static String ids(Collection<?> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** A ticket as the search, incidents and show_many answers give it. */
    static HelpdeskTicket ticket(JsonNode t) {
        JsonNode requester = t.path("requester_id");
        return new HelpdeskTicket(t.path("id").asLong(), t.path("subject").asText(""),
                t.path("status").asText(null), t.path("type").isTextual() ? t.path("type").asText() : null,
                requester.canConvertToLong() && !requester.isNull() ? requester.asLong() : null);
    }

    /** Zendesk's Retry-After in seconds; an HTTP date or nothing is null (the caller's default wait applies). */
    static Duration retryAfter(String header) {
        try {
            return header == null ? null : Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }
}
