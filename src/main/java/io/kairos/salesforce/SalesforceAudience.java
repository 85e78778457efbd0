package io.kairos.salesforce;

import io.kairos.proactive.AudienceSource;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.ProactiveProperties;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
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

/** Finds the contacts a signal concerns with SOQL through camel-salesforce, one result page at a time. */
@Component("salesforceAudience")
public class SalesforceAudience implements AudienceSource {

    static final String QUERY_ENDPOINT = SalesforceCustomerDirectory.QUERY_ENDPOINT;

    /** camel-salesforce takes the nextRecordsUrl as sObjectQuery (here the body) and GETs instanceUrl + it. */
    static final String QUERY_MORE_ENDPOINT = "salesforce:queryMore?rawPayload=true";

    static final List<String> DEFAULT_AUDIENCE_FIELDS = ProactiveProperties.DEFAULT_AUDIENCE_FIELDS;
    static final double DEFAULT_BULK_BUDGET_SHARE = 0.4;
    static final Duration DEFAULT_BULK_BUDGET_RECHECK = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(SalesforceAudience.class);

    // The component prepends the instance URL to nextRecordsUrl, so only a path may follow it (no "@host" tricks).
    private static final String NEXT_RECORDS_PREFIX = "/services/data/";

    private final ProducerTemplate producer;
    private final AudienceQueries queries;
    private final AudienceRecords records;
    private final BulkApiBudget budget;
    private final Duration quotaBackoff;
    private final Counter quotaExhausted;
    private final SalesforceApiUsageMeter apiUsage;
    private final SalesforceFirstCall firstCall;
    private volatile Supplier<SignalCatalog> catalog = () -> SignalCatalog.BUILT_IN;

    /** Reads kairos.proactive.{default-audience, audience-fields, bulk-budget-share, bulk-budget-recheck}. */
    public SalesforceAudience(ProducerTemplate producer, SalesforceProperties properties, MeterRegistry meters,
                              Clock clock, Environment environment) {
        this(producer, properties, meters, clock, environment, new SalesforceApiUsageMeter(meters, clock),
                new SalesforceFirstCall());
    }

    /** As above, reporting the org's API usage to the shared meter. */
    @Autowired
    public SalesforceAudience(ProducerTemplate producer, SalesforceProperties properties, MeterRegistry meters,
                              Clock clock, Environment environment, SalesforceApiUsageMeter apiUsage,
                              SalesforceFirstCall firstCall) {
        this(producer, properties, meters, clock, apiUsage, firstCall,
                setting(environment, "default-audience", Bindable.of(String.class), null),
                setting(environment, "audience-fields", Bindable.listOf(String.class), DEFAULT_AUDIENCE_FIELDS),
                setting(environment, "bulk-budget-share", Bindable.of(Double.class), DEFAULT_BULK_BUDGET_SHARE),
                setting(environment, "bulk-budget-recheck", Bindable.of(Duration.class), DEFAULT_BULK_BUDGET_RECHECK));
    }

    SalesforceAudience(ProducerTemplate producer, SalesforceProperties properties, MeterRegistry meters, Clock clock,
                       String defaultAudience, List<String> audienceFields, double bulkBudgetShare,
                       Duration bulkBudgetRecheck) {
        this(producer, properties, meters, clock, new SalesforceApiUsageMeter(meters, clock),
                new SalesforceFirstCall(), defaultAudience, audienceFields, bulkBudgetShare, bulkBudgetRecheck);
    }

    private SalesforceAudience(ProducerTemplate producer, SalesforceProperties properties, MeterRegistry meters,
                               Clock clock, SalesforceApiUsageMeter apiUsage, SalesforceFirstCall firstCall,
                               String defaultAudience, List<String> audienceFields, double bulkBudgetShare,
                               Duration bulkBudgetRecheck) {
        this.apiUsage = apiUsage;
        this.firstCall = firstCall;
        this.producer = producer;
        this.queries = new AudienceQueries(properties, defaultAudience, audienceFields);
        this.records = new AudienceRecords(properties);
        this.budget = new BulkApiBudget(bulkBudgetShare, bulkBudgetRecheck, clock, meters);
        this.quotaBackoff = properties.quotaBackoff();
        this.quotaExhausted = Counter.builder(SalesforceCustomerDirectory.QUOTA_COUNTER)
                .description("Salesforce calls refused because the org's daily API allowance was used up")
                .register(meters);
    }

    /** The signal kinds in force decide each signal's audience (the catalog is reloaded live). */
    @Autowired
    void useCatalog(ProactiveRules rules) {
        this.catalog = rules::catalog;
    }

    /**
     * Hands each page's recipients with an email to {@code page}; a page without any is not handed on.
     *
     * @throws IllegalArgumentException before any call when the signal lacks what its type needs
     * @throws SalesforceBudgetPausedException when the org's API usage is over the bulk share (pages already handed
     *         on stay handed on)
     * @throws SalesforceQuotaExhaustedException when Salesforce answers REQUEST_LIMIT_EXCEEDED for the daily allowance
     */
    @Override
    public void resolve(Signal signal, Consumer<List<Recipient>> page) {
        AudienceQueries.AudienceQuery query = queries.forSignal(signal, catalog.get().require(signal.type()));
        AudienceRecords.Page current = records.page(request(QUERY_ENDPOINT, query.soql()), query);
        int pages = 1;
        long rows = current.rows();
        long recipients = 0;
        while (true) {
            if (!current.recipients().isEmpty()) {
                recipients += current.recipients().size();
                page.accept(current.recipients());
            }
            String next = current.nextRecordsUrl();
            if (next == null) {
                break;
            }
            if (!next.startsWith(NEXT_RECORDS_PREFIX)) {
                throw new IllegalStateException("Salesforce sent an unexpected nextRecordsUrl: " + next);
            }
            current = records.page(request(QUERY_MORE_ENDPOINT, next), query);
            pages++;
            rows += current.rows();
        }
        log.info("Audience of signal {} ({}): {} recipients with an email among {} rows in {} pages",
                signal.id(), signal.type(), recipients, rows, pages);
    }

    /** The org's API usage as the latest Salesforce answer to an audience query reported it. */
    public Optional<ApiUsage> lastApiUsage() {
        return budget.last();
    }

    /**
     * Refuses a request while bulk work is paused for the org's API budget, as audience queries are.
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
        budget.checkBeforeRequest();
        Exchange exchange = firstCall.send(() -> producer.send(endpoint, e -> e.getIn().setBody(body)));
        String limitInfo = exchange.getMessage().getHeader(ApiUsage.LIMIT_INFO_HEADER, String.class);
        budget.record(limitInfo);
        apiUsage.record(limitInfo);
        Exception failure = exchange.getException();
        if (failure != null) {
            SalesforceException refusal = SalesforceCustomerDirectory.dailyAllowanceRefusal(failure);
            if (refusal != null) {
                quotaExhausted.increment();
                log.warn("Salesforce daily API allowance exhausted (REQUEST_LIMIT_EXCEEDED); audience resolution "
                        + "backs off for {}", SalesforceQuotaExhaustedException.readable(quotaBackoff));
                throw new SalesforceQuotaExhaustedException(quotaBackoff, refusal);
            }
            throw CamelExecutionException.wrapCamelExecutionException(exchange, failure);
        }
        return exchange.getMessage().getBody(InputStream.class);
    }

    // Bound rather than @Value: application.yaml writes audience-fields as a YAML list, which @Value cannot see.
    private static <T> T setting(Environment environment, String key, Bindable<T> type, T fallback) {
        return Binder.get(environment).bind("kairos.proactive." + key, type).orElse(fallback);
    }
}
