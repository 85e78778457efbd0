/** The agent API behind the Zendesk sidebar app: a customer's live context for a ticket, and an agent's hold. */
package io.kairos.agent;
