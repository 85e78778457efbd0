package io.kairos.salesforce;

import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.CustomerDirectory;
import io.kairos.proactive.KnownIssueProblems;
import io.kairos.enrichment.EnrichmentRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Looks customers up in Salesforce with up to three SOQL queries sent through camel-salesforce. */
@Component("salesforceCustomerDirectory")
public class SalesforceCustomerDirectory implements CustomerDirectory, KnownIssueProblems {

    /** camel-salesforce reads the SOQL from the message body when neither header nor URI carries sObjectQuery. */
    static final String QUERY_ENDPOINT = "salesforce:query?rawPayload=true";

    static final String QUOTA_COUNTER = "kairos.salesforce.quota.exhausted";

    private static final Logger log = LoggerFactory.getLogger(SalesforceCustomerDirectory.class);
    private static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";

    private final ProducerTemplate producer;
    private final EnrichmentRules rules;
    private final SoqlQueries queries;
    private final SalesforceRecords records;
    private final Duration quotaBackoff;
    private final Counter quotaExhausted;
    private final SalesforceApiUsageMeter apiUsage;
    private final SalesforceFirstCall firstCall;
    /** Mapped field sets Salesforce refused, and why: logged once each, then asked for no more. */
    private final Map<List<String>, String> refusedMappings = new ConcurrentHashMap<>();

    public SalesforceCustomerDirectory(ProducerTemplate producer, SalesforceProperties properties,
                                       EnrichmentRules rules, MeterRegistry meterRegistry) {
        this(producer, properties, rules, meterRegistry,
                new SalesforceApiUsageMeter(meterRegistry, Clock.systemUTC()), new SalesforceFirstCall());
    }

    @Autowired
    public SalesforceCustomerDirectory(ProducerTemplate producer, SalesforceProperties properties,
                                       EnrichmentRules rules, MeterRegistry meterRegistry,
                                       SalesforceApiUsageMeter apiUsage, SalesforceFirstCall firstCall) {
        this.apiUsage = apiUsage;
        this.firstCall = firstCall;
        this.producer = producer;
        this.rules = rules;
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
        Optional<SalesforceRecords.Contact> found = contact(email.trim(), rules.current().mappedFields());
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

    /**
     * The Contact with the mapped fields. Ops can name a field the org does not have (the check before a mapping is
     * applied cannot ask the org): Salesforce then refuses the whole query with INVALID_FIELD. Rather than fail every
     * enrichment, the Contact is asked for again without the mapped fields, which stay blank, and the refusal is
     * logged once as an ERROR until the mappings change.
     */
    private Optional<SalesforceRecords.Contact> contact(String email, List<String> mapped) {
        if (!mapped.isEmpty() && !refusedMappings.containsKey(mapped)) {
            try {
                return records.contact(query(queries.contactByEmail(email, mapped)), mapped);
            } catch (RuntimeException e) {
                String refusal = invalidField(e);
                if (refusal == null) {
                    throw e;
                }
                if (refusedMappings.putIfAbsent(List.copyOf(mapped), refusal) == null) {
                    log.error("Salesforce refused the mapped fields {} ({}); tickets are enriched without them until "
                            + "kairos.enrichment.mappings (config/enrichment.yaml) changes", mapped, refusal);
                }
            }
        }
        return records.contact(query(queries.contactByEmail(email)), List.of())
                .map(contact -> contact.withMappedFields(mapped));
    }

    /**
     * Many customers with one query per object for the whole group instead of three per customer: the Contacts of
     * all emails ({@code Email IN (...)}), their Accounts' orders and products ({@code Id IN (...)}), and the open
     * known issues on all those products. A list longer than one query holds is split (see SoqlQueries).
     */
    @Override
    public Map<String, CustomerContext> findByEmails(Collection<String> emails) {
        Map<String, String> byKey = new LinkedHashMap<>();
        emails.stream().filter(e -> e != null && !e.isBlank())
                .forEach(e -> byKey.putIfAbsent(e.trim().toLowerCase(Locale.ROOT), e));
        Map<String, CustomerContext> found = new LinkedHashMap<>();
        if (byKey.isEmpty()) {
            return found;
        }
        Map<String, SalesforceRecords.Contact> contacts = contacts(byKey.values(), rules.current().mappedFields());
        List<String> accountIds = contacts.values().stream().map(SalesforceRecords.Contact::accountId)
                .filter(id -> id != null && !id.isBlank()).distinct().toList();
        Map<String, SalesforceRecords.AccountDetails> accounts = new LinkedHashMap<>();
        for (String soql : accountIds.isEmpty() ? List.<String>of() : queries.accountsOrdersAndProducts(accountIds)) {
            accounts.putAll(records.accounts(query(soql)));
        }
        List<String> products = accounts.values().stream().flatMap(a -> a.products().stream()).distinct().toList();
        List<CustomerContext.KnownIssue> issues = products.isEmpty() || !queries.knownIssuesConfigured()
                ? List.of() : records.knownIssues(query(queries.openKnownIssues(products)));
        Map<String, CustomerContext> byContact = new LinkedHashMap<>();
        contacts.forEach((key, contact) -> {
            SalesforceRecords.AccountDetails account = contact.accountId() == null ? SalesforceRecords.AccountDetails.NONE
                    : accounts.getOrDefault(contact.accountId(), SalesforceRecords.AccountDetails.NONE);
            // SOQL compares text without case: an issue found for "sync app" is the asset's "Sync App".
            List<CustomerContext.KnownIssue> own = issues.stream().filter(issue -> issue.product() != null
                    && account.products().stream().anyMatch(issue.product()::equalsIgnoreCase)).toList();
            byContact.put(key, contact.toContext(account, own));
        });
        // Every spelling asked for gets its customer: Salesforce compares emails without case.
        for (String email : emails) {
            CustomerContext context = email == null ? null : byContact.get(email.trim().toLowerCase(Locale.ROOT));
            if (context != null) {
                found.put(email, context);
            }
        }
        return found;
    }

    /** The newest Contact of each email (lower-cased), with the mapped fields unless Salesforce refused them. */
    private Map<String, SalesforceRecords.Contact> contacts(Collection<String> emails, List<String> mapped) {
        List<SalesforceRecords.Contact> rows = new ArrayList<>();
        boolean withMapped = !mapped.isEmpty() && !refusedMappings.containsKey(mapped);
        try {
            for (String soql : queries.contactsByEmails(emails, withMapped ? mapped : List.of())) {
                rows.addAll(records.contacts(query(soql), withMapped ? mapped : List.of()));
            }
        } catch (RuntimeException e) {
            String refusal = withMapped ? invalidField(e) : null;
            if (refusal == null) {
                throw e;
            }
            if (refusedMappings.putIfAbsent(List.copyOf(mapped), refusal) == null) {
                log.error("Salesforce refused the mapped fields {} ({}); tickets are enriched without them until "
                        + "kairos.enrichment.mappings (config/enrichment.yaml) changes", mapped, refusal);
            }
            return contacts(emails, mapped);
        }
        Map<String, SalesforceRecords.Contact> newest = new LinkedHashMap<>();
        for (SalesforceRecords.Contact row : rows) {
            if (row.email() != null) {
                newest.putIfAbsent(row.email().trim().toLowerCase(Locale.ROOT),
                        withMapped ? row : row.withMappedFields(mapped));
            }
        }
        return newest;
    }

    /** One query: the Zendesk problem ticket the known issue names (its {@code Zendesk_Problem_Id__c}). */
    @Override
    public Optional<Long> problemTicketOf(String knownIssueId) {
        if (knownIssueId == null || knownIssueId.isBlank()) {
            return Optional.empty();
        }
        return records.knownIssueProblem(query(queries.knownIssueProblem(knownIssueId)));
    }

    /** The customer with this email, or null: what the salesforce-customer-lookup-action Kamelet answers. */
    public CustomerContext lookup(String email) {
        return findByEmail(email).orElse(null);
    }

    /** Sent as an exchange rather than requestBody, so the answer's Sforce-Limit-Info header can be read. */
    private String query(String soql) {
        Exchange exchange = firstCall.send(() -> producer.send(QUERY_ENDPOINT, e -> e.getIn().setBody(soql)));
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

    // A 400 naming a field the org does not have (No such column ... on entity ...).
    static String invalidField(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof SalesforceException sf && sf.getStatusCode() == 400 && sf.getErrors() != null) {
                String messages = sf.getErrors().stream().filter(error -> "INVALID_FIELD".equals(error.getErrorCode()))
                        .map(error -> lastLine(error.getMessage())).collect(Collectors.joining("; "));
                if (!messages.isEmpty()) {
                    return "INVALID_FIELD: " + messages;
                }
            }
        }
        return null;
    }

    // Salesforce's message quotes the query and points at the column before the last line says what is wrong.
    private static String lastLine(String message) {
        List<String> lines = message == null ? List.of() : message.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
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
