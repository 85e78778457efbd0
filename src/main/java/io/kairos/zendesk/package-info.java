/** Zendesk: webhook signatures and payloads, and the ticket write-back through camel-zendesk. */
package io.kairos.zendesk;
