package io.kairos.salesforce;

import io.kairos.proactive.AudienceSource;
import io.kairos.proactive.Recipient;
import io.kairos.proactive.ProactiveProperties;
import io.kairos.proactive.ProactiveRules;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.ProducerTemplate;
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

    static final List<String> DEFAULT_AUDIENCE_FIELDS = ProactiveProperties.DEFAULT_AUDIENCE_FIELDS;

    private static final Logger log = LoggerFactory.getLogger(SalesforceAudience.class);

    private final SoqlPages soql;
    private final AudienceQueries queries;
    private final AudienceRecords records;
    private volatile Supplier<SignalCatalog> catalog = () -> SignalCatalog.BUILT_IN;

    /** Reads kairos.proactive.{default-audience, audience-fields}; bulk queries go through {@code soql}. */
    @Autowired
    public SalesforceAudience(SoqlPages soql, SalesforceProperties properties, Environment environment) {
        this(soql, properties,
                setting(environment, "default-audience", Bindable.of(String.class), null),
                setting(environment, "audience-fields", Bindable.listOf(String.class), DEFAULT_AUDIENCE_FIELDS));
    }

    SalesforceAudience(ProducerTemplate producer, SalesforceProperties properties, MeterRegistry meters, Clock clock,
                       String defaultAudience, List<String> audienceFields, double bulkBudgetShare,
                       Duration bulkBudgetRecheck) {
        this(new SoqlPages(producer, properties, meters, clock, new SalesforceApiUsageMeter(meters, clock),
                new SalesforceFirstCall(), bulkBudgetShare, bulkBudgetRecheck), properties, defaultAudience,
                audienceFields);
    }

    private SalesforceAudience(SoqlPages soql, SalesforceProperties properties, String defaultAudience,
                               List<String> audienceFields) {
        this.soql = soql;
        this.queries = new AudienceQueries(properties, defaultAudience, audienceFields);
        this.records = new AudienceRecords(properties);
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
        long[] rows = {0};
        long[] recipients = {0};
        int pages = soql.query(query.soql(), body -> {
            AudienceRecords.Page current = records.page(body, query);
            rows[0] += current.rows();
            if (!current.recipients().isEmpty()) {
                recipients[0] += current.recipients().size();
                page.accept(current.recipients());
            }
            return current.nextRecordsUrl();
        });
        log.info("Audience of signal {} ({}): {} recipients with an email among {} rows in {} pages",
                signal.id(), signal.type(), recipients[0], rows[0], pages);
    }

    /** The org's API usage as the latest Salesforce answer to a bulk query reported it. */
    public Optional<ApiUsage> lastApiUsage() {
        return soql.lastApiUsage();
    }

    // Bound rather than @Value: application.yaml writes audience-fields as a YAML list, which @Value cannot see.
    private static <T> T setting(Environment environment, String key, Bindable<T> type, T fallback) {
        return Binder.get(environment).bind("kairos.proactive." + key, type).orElse(fallback);
    }
}
