/** The durable record of every proactive decision and send, read back by enrichment and admins. */
package io.kairos.ledger;
