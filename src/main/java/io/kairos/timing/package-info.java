/** The timing policy: when, and whether, a proactive message may reach a contact, with the reason; plain Java, clock injected. */
package io.kairos.timing;
