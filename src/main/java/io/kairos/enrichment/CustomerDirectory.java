package io.kairos.enrichment;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Finds a customer's CRM context by email; implemented by the Salesforce package. */
public interface CustomerDirectory {

    /** Empty when no Contact has this email. Failures of the CRM surface as exceptions. */
    Optional<CustomerContext> findByEmail(String email);

    /**
     * The context of each of these emails that the CRM knows, keyed by the email as given (an unknown email is
     * absent). A directory that can ask for many customers at once overrides this one-by-one default.
     */
    default Map<String, CustomerContext> findByEmails(Collection<String> emails) {
        Map<String, CustomerContext> found = new LinkedHashMap<>();
        for (String email : emails) {
            findByEmail(email).ifPresent(context -> found.put(email, context));
        }
        return found;
    }
}
