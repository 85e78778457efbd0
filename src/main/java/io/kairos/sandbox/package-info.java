/** The sandbox profile: simulated Zendesk, Salesforce and Intercom endpoints served in-process with seeded data. */
package io.kairos.sandbox;
