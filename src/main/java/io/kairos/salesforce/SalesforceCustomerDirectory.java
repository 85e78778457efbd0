package io.kairos.salesforce;

import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.CustomerDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Looks customers up in Salesforce with up to three SOQL queries sent through camel-salesforce. */
@Component("salesforceCustomerDirectory")
public class SalesforceCustomerDirectory implements CustomerDirectory {

    /** camel-salesforce reads the SOQL from the message body when neither header nor URI carries sObjectQuery. */
    static final String QUERY_ENDPOINT = "salesforce:query?rawPayload=true";

    static final String QUOTA_COUNTER = "kairos.salesforce.quota.exhausted";

    private static final Logger log = LoggerFactory.getLogger(SalesforceCustomerDirectory.class);
    private static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";

    private final ProducerTemplate producer;
    private final SoqlQueries queries;
    private final SalesforceRecords records;
    private final Duration quotaBackoff;
    private final Counter quotaExhausted;
    private final SalesforceApiUsageMeter apiUsage;

    public SalesforceCustomerDirectory(ProducerTemplate producer, SalesforceProperties properties,
                                       MeterRegistry meterRegistry) {
        this(producer, properties, meterRegistry, new SalesforceApiUsageMeter(meterRegistry, Clock.systemUTC()));
    }

    @Autowired
    public SalesforceCustomerDirectory(ProducerTemplate producer, SalesforceProperties properties,
                                       MeterRegistry meterRegistry, SalesforceApiUsageMeter apiUsage) {
        this.apiUsage = apiUsage;
        this.producer = producer;
        this.queries = new SoqlQueries(properties);
        this.records = new SalesforceRecords(properties);
        this.quotaBackoff = properties.quotaBackoff();
        this.quotaExhausted = Counter.builder(QUOTA_COUNTER)
                .description("Salesforce calls refused because the org's daily API allowance was used up")
                .register(meterRegistry);
    }

    /**
     * The Contact with this email, its account's recent orders and products, and open known issues on those products.
     *
     * @throws SalesforceQuotaExhaustedException when Salesforce answers REQUEST_LIMIT_EXCEEDED for the daily allowance;
     *         any other failure propagates as camel-salesforce raised it
     */
    @Override
    public Optional<CustomerContext> findByEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        Optional<SalesforceRecords.Contact> found = records.contact(query(queries.contactByEmail(email.trim())));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SalesforceRecords.Contact contact = found.get();
        SalesforceRecords.AccountDetails account = contact.accountId() == null
                ? SalesforceRecords.AccountDetails.NONE
                : records.account(query(queries.accountOrdersAndProducts(contact.accountId())));
        List<CustomerContext.KnownIssue> issues = account.products().isEmpty() || !queries.knownIssuesConfigured()
                ? List.of()
                : records.knownIssues(query(queries.openKnownIssues(account.products())));
        return Optional.of(contact.toContext(account, issues));
    }

    /** The customer with this email, or null: what the salesforce-customer-lookup-action Kamelet answers. */
    public CustomerContext lookup(String email) {
        return findByEmail(email).orElse(null);
    }

    /** Sent as an exchange rather than requestBody, so the answer's Sforce-Limit-Info header can be read. */
    private String query(String soql) {
        Exchange exchange = producer.send(QUERY_ENDPOINT, e -> e.getIn().setBody(soql));
        apiUsage.record(exchange.getMessage().getHeader(ApiUsage.LIMIT_INFO_HEADER, String.class));
        Exception failure = exchange.getException();
        if (failure == null) {
            return exchange.getMessage().getBody(String.class);
        }
        SalesforceException refusal = dailyAllowanceRefusal(failure);
        if (refusal == null) {
            throw CamelExecutionException.wrapCamelExecutionException(exchange, failure);
        }
        quotaExhausted.increment();
        log.warn("Salesforce daily API allowance exhausted (REQUEST_LIMIT_EXCEEDED); enrichment backs off for {}",
                SalesforceQuotaExhaustedException.readable(quotaBackoff));
        throw new SalesforceQuotaExhaustedException(quotaBackoff, refusal);
    }

    // REQUEST_LIMIT_EXCEEDED also reports concurrency limits ("ConcurrentPerOrgLongTxn Limit exceeded"), which
    // clear within seconds: those stay ordinary failures so they are retried soon.
    static SalesforceException dailyAllowanceRefusal(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof SalesforceException sf && sf.getStatusCode() == 403 && sf.getErrors() != null) {
                for (RestError error : sf.getErrors()) {
                    String message = error.getMessage() == null ? "" : error.getMessage().toLowerCase(Locale.ROOT);
                    if (REQUEST_LIMIT_EXCEEDED.equals(error.getErrorCode()) && !message.contains("concurrent")) {
                        return sf;
                    }
                }
            }
        }
        return null;
    }
}
