package io.kairos.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A bulk SOQL query (a signal's audience, a catalog schedule's records) run through camel-salesforce page by page,
 * every call under the same guards: the bulk share of the org's daily API budget checked before it, the usage
 * Salesforce reports recorded after it, the daily allowance's refusal turned into a back-off, and only a path
 * accepted as the next page.
 */
@Component
public class SoqlPages {

    static final String QUERY_ENDPOINT = SalesforceCustomerDirectory.QUERY_ENDPOINT;

    /** camel-salesforce takes the nextRecordsUrl as sObjectQuery (here the body) and GETs instanceUrl + it. */
    static final String QUERY_MORE_ENDPOINT = "salesforce:queryMore?rawPayload=true";

    static final double DEFAULT_BULK_BUDGET_SHARE = 0.4;
    static final Duration DEFAULT_BULK_BUDGET_RECHECK = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(SoqlPages.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    // The component prepends the instance URL to nextRecordsUrl, so only a path may follow it (no "@host" tricks).
    private static final String NEXT_RECORDS_PREFIX = "/services/data/";

    private final ProducerTemplate producer;
    private final BulkApiBudget budget;
    private final SalesforceApiUsageMeter apiUsage;
    private final SalesforceFirstCall firstCall;
    private final Duration quotaBackoff;
    private final Counter quotaExhausted;

    /** Reads kairos.proactive.{bulk-budget-share, bulk-budget-recheck}. */
    @Autowired
    public SoqlPages(ProducerTemplate producer, SalesforceProperties properties, MeterRegistry meters, Clock clock,
                     Environment environment, SalesforceApiUsageMeter apiUsage, SalesforceFirstCall firstCall) {
        this(producer, properties, meters, clock, apiUsage, firstCall,
                setting(environment, "bulk-budget-share", Double.class, DEFAULT_BULK_BUDGET_SHARE),
                setting(environment, "bulk-budget-recheck", Duration.class, DEFAULT_BULK_BUDGET_RECHECK));
    }

    SoqlPages(ProducerTemplate producer, SalesforceProperties properties, MeterRegistry meters, Clock clock,
              SalesforceApiUsageMeter apiUsage, SalesforceFirstCall firstCall, double bulkBudgetShare,
              Duration bulkBudgetRecheck) {
        this.producer = producer;
        this.budget = new BulkApiBudget(bulkBudgetShare, bulkBudgetRecheck, clock, meters);
        this.apiUsage = apiUsage;
        this.firstCall = firstCall;
        this.quotaBackoff = properties.quotaBackoff();
        this.quotaExhausted = Counter.builder(SalesforceCustomerDirectory.QUOTA_COUNTER)
                .description("Salesforce calls refused because the org's daily API allowance was used up")
                .register(meters);
    }

    /**
     * Runs {@code soql} and hands each page's body to {@code page}, which reads it and returns the page's
     * {@code nextRecordsUrl}, or null after the last page (or to stop early).
     *
     * @return the number of pages read
     * @throws SalesforceBudgetPausedException when the org's API usage is over the bulk share (pages already read
     *         stay read)
     * @throws SalesforceQuotaExhaustedException when Salesforce answers REQUEST_LIMIT_EXCEEDED for the daily allowance
     */
    public int query(String soql, Function<InputStream, String> page) {
        String next = page.apply(request(QUERY_ENDPOINT, soql));
        int pages = 1;
        while (next != null) {
            if (!next.startsWith(NEXT_RECORDS_PREFIX)) {
                throw new IllegalStateException("Salesforce sent an unexpected nextRecordsUrl: " + next);
            }
            next = page.apply(request(QUERY_MORE_ENDPOINT, next));
            pages++;
        }
        return pages;
    }

    /**
     * Runs {@code soql} and hands each record of every page to {@code each}, until it returns false or the records
     * end.
     *
     * @return the number of pages read
     */
    public int eachRecord(String soql, Predicate<JsonNode> each) {
        return query(soql, body -> {
            JsonNode page = read(body);
            for (JsonNode record : page.path("records")) {
                if (!each.test(record)) {
                    return null;
                }
            }
            String next = page.path("nextRecordsUrl").asText("");
            return page.path("done").asBoolean(true) || next.isBlank() ? null : next;
        });
    }

    /** The org's API usage as the latest Salesforce answer to a bulk query reported it. */
    public Optional<ApiUsage> lastApiUsage() {
        return budget.last();
    }

    /**
     * Refuses a request while bulk work is paused for the org's API budget (another caller's, e.g. a describe).
     *
     * @throws SalesforceBudgetPausedException then
     */
    void checkBudget() {
        budget.checkBeforeRequest();
    }

    /** Remembers the org's API usage another Salesforce call reported, for this budget and the shared meter. */
    void recordUsage(String limitInfo) {
        budget.record(limitInfo);
        apiUsage.record(limitInfo);
    }

    private InputStream request(String endpoint, String body) {
        checkBudget();
        Exchange exchange = firstCall.send(() -> producer.send(endpoint, e -> e.getIn().setBody(body)));
        recordUsage(exchange.getMessage().getHeader(ApiUsage.LIMIT_INFO_HEADER, String.class));
        Exception failure = exchange.getException();
        if (failure != null) {
            SalesforceException refusal = SalesforceCustomerDirectory.dailyAllowanceRefusal(failure);
            if (refusal != null) {
                quotaExhausted.increment();
                log.warn("Salesforce daily API allowance exhausted (REQUEST_LIMIT_EXCEEDED); bulk queries back off"
                        + " for {}", SalesforceQuotaExhaustedException.readable(quotaBackoff));
                throw new SalesforceQuotaExhaustedException(quotaBackoff, refusal);
            }
            throw CamelExecutionException.wrapCamelExecutionException(exchange, failure);
        }
        return exchange.getMessage().getBody(InputStream.class);
    }

    private static JsonNode read(InputStream json) {
        try (json) {
            JsonNode page = json == null ? null : JSON.readTree(json);
            if (page == null || !page.isObject()) {
                throw new IllegalStateException("Salesforce query answer is not a JSON object");
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("Salesforce query answer is not JSON", e);
        }
    }

    // Bound rather than @Value, as the audience's settings are (application.yaml may write them as YAML).
    private static <T> T setting(Environment environment, String key, Class<T> type, T fallback) {
        return Binder.get(environment).bind("kairos.proactive." + key, Bindable.of(type)).orElse(fallback);
    }
}
