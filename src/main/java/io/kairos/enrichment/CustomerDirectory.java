package io.kairos.enrichment;

import java.util.Optional;

/** Finds a customer's CRM context by email; implemented by the Salesforce package. */
public interface CustomerDirectory {

    /** Empty when no Contact has this email. Failures of the CRM surface as exceptions. */
    Optional<CustomerContext> findByEmail(String email);
}
