/** Builds the agent-facing context of a ticket from CRM data and the ledger; free of Camel and of system packages. */
package io.kairos.enrichment;
