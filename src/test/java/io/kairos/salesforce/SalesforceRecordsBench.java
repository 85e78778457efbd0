package io.kairos.salesforce;

import io.kairos.enrichment.CustomerContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * For {@code io.kairos.bench.EnrichmentBenchmark} only (not a test): exposes the package-private
 * {@link SalesforceRecords} mapping the way {@link SalesforceCustomerDirectory#findByEmail} applies it to the three
 * raw SOQL answers, minus the calls themselves.
 */
public final class SalesforceRecordsBench {

    private final SalesforceRecords records;
    private final boolean knownIssuesConfigured;

    /** With the reference org's field names (the defaults of {@link SalesforceProperties}). */
    public SalesforceRecordsBench() {
        SalesforceProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("salesforce", SalesforceProperties.class);
        this.records = new SalesforceRecords(properties);
        this.knownIssuesConfigured = new SoqlQueries(properties).knownIssuesConfigured();
    }

    /** The customer context from the contact, account and known-issue answers; empty when no contact was found. */
    public Optional<CustomerContext> context(String contactJson, String accountJson, String knownIssuesJson) {
        Optional<SalesforceRecords.Contact> found = records.contact(contactJson);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SalesforceRecords.Contact contact = found.get();
        SalesforceRecords.AccountDetails account = contact.accountId() == null
                ? SalesforceRecords.AccountDetails.NONE
                : records.account(accountJson);
        List<CustomerContext.KnownIssue> issues = account.products().isEmpty() || !knownIssuesConfigured
                ? List.of()
                : records.knownIssues(knownIssuesJson);
        return Optional.of(contact.toContext(account, issues));
    }
}
