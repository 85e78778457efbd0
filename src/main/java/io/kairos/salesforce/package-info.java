/** Salesforce through camel-salesforce: customer lookups, signal audiences, streaming signals, API quota and budget. */
package io.kairos.salesforce;
