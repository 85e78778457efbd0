/** Salesforce: customer lookups by SOQL through camel-salesforce, and its quota signals. */
package io.kairos.salesforce;
