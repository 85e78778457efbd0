package io.kairos.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.proactive.OrgSchema;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The org's objects and fields from Salesforce's describe call ({@code GET /services/data/vXX.X/sobjects/<SObject>/
 * describe}, camel-salesforce's getDescription), each object's answer kept for {@code kairos.config.org-fields-ttl}
 * so that reloads and validate requests do not spend the org's API budget again. Not asked while the bulk budget is
 * paused (audience work's share of the daily allowance is spent).
 */
@Component
public class SalesforceOrgSchema implements OrgSchema {

    static final String DESCRIBE_ENDPOINT = "salesforce:getDescription?rawPayload=true";
    // camel-salesforce reads the object from this header; it becomes part of the request path, so a name only.
    static final String SOBJECT_NAME_HEADER = "sObjectName";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SOBJECT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final SalesforceFirstCall firstCall;
    private final SoqlPages budget;
    private final Clock clock;
    private final Duration ttl;
    private final boolean configured;
    private final Map<String, Described> cache = new ConcurrentHashMap<>();

    @Autowired
    SalesforceOrgSchema(CamelContext camel, ProducerTemplate producer, SalesforceFirstCall firstCall,
                        SoqlPages budget, Clock clock,
                        @Value("${kairos.config.org-fields-ttl:15m}") Duration ttl,
                        @Value("${camel.component.salesforce.client-id:}") String clientId) {
        this.camel = camel;
        this.producer = producer;
        this.firstCall = firstCall;
        this.budget = budget;
        this.clock = clock;
        this.ttl = ttl;
        this.configured = clientId != null && !clientId.isBlank();
    }

    @Override
    public Optional<Set<String>> fieldsOf(String sobject) {
        if (sobject == null || !SOBJECT_NAME.matcher(sobject).matches()) {
            // Not a name Salesforce could have: no request, the org has no such object.
            return Optional.empty();
        }
        String key = sobject.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Described cached = cache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.fields();
        }
        Optional<Set<String>> fields = describe(sobject);
        cache.put(key, new Described(fields, now.plus(ttl)));
        return fields;
    }

    private Optional<Set<String>> describe(String sobject) {
        if (!configured) {
            throw new Unavailable("Salesforce is not configured (SALESFORCE_CLIENT_ID is empty)");
        }
        if (!camel.getStatus().isStarted()) {
            throw new Unavailable("Kairos is starting: Salesforce is asked once it has started");
        }
        try {
            budget.checkBudget();
        } catch (SalesforceBudgetPausedException e) {
            throw new Unavailable(e.getMessage(), e);
        }
        Exchange exchange;
        try {
            exchange = firstCall.send(() -> producer.send(DESCRIBE_ENDPOINT,
                    e -> e.getIn().setHeader(SOBJECT_NAME_HEADER, sobject)));
        } catch (RuntimeException e) {
            throw new Unavailable("Salesforce did not answer describe " + sobject + " (" + reason(e) + ")", e);
        }
        // Counted like the bulk queries: in the shared usage meter and the bulk budget.
        budget.recordUsage(exchange.getMessage().getHeader(ApiUsage.LIMIT_INFO_HEADER, String.class));
        Exception failure = exchange.getException();
        if (failure != null) {
            if (notFound(failure)) {
                return Optional.empty();
            }
            throw new Unavailable("Salesforce did not answer describe " + sobject + " (" + reason(failure) + ")",
                    failure);
        }
        return Optional.of(fieldNames(exchange.getMessage().getBody(String.class), sobject));
    }

    static Set<String> fieldNames(String json, String sobject) {
        try {
            JsonNode describe = JSON.readTree(json == null ? "" : json);
            if (describe == null || !describe.path("fields").isArray()) {
                throw new Unavailable("Salesforce's describe " + sobject + " answer has no fields list");
            }
            Set<String> names = new LinkedHashSet<>();
            describe.path("fields").forEach(field -> names.add(field.path("name").asText()));
            return names;
        } catch (IOException e) {
            throw new Unavailable("Salesforce's describe " + sobject + " answer is not JSON", e);
        }
    }

    // Salesforce answers an object the org lacks with 404 [{"errorCode":"NOT_FOUND", ...}]; any other 404 (a proxy,
    // a wrong URL) says nothing about the org.
    private static boolean notFound(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException sf && sf.getStatusCode() == 404 && sf.getErrors() != null) {
                for (RestError error : sf.getErrors()) {
                    if ("NOT_FOUND".equals(error.getErrorCode())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // Salesforce's status and error codes (HTTP 503 SERVER_UNAVAILABLE), else the root cause's first line.
    private static String reason(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException sf && sf.getStatusCode() > 0) {
                String codes = sf.getErrors() == null ? "" : sf.getErrors().stream().map(RestError::getErrorCode)
                        .filter(code -> code != null && !code.isBlank()).distinct()
                        .collect(java.util.stream.Collectors.joining(", "));
                return "HTTP " + sf.getStatusCode() + (codes.isEmpty() ? "" : " " + codes);
            }
            root = t;
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + ": " + message;
    }

    private record Described(Optional<Set<String>> fields, Instant until) { }
}
