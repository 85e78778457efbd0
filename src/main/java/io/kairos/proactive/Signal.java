package io.kairos.proactive;

import java.time.Instant;

/**
 * One CRM signal that may warrant telling customers something.
 *
 * @param dedupeKey what makes a redelivery the same signal: the platform event's EventUuid, the change event's
 *                  transaction and record, or the manual signal's idempotency key
 * @param audience  for OUTAGE and ANNOUNCEMENT: a SOQL WHERE clause on Contact (allow-listed fields only)
 */
public record Signal(
        String id,
        String dedupeKey,
        String source,
        Type type,
        String recordId,
        Severity severity,
        String title,
        String body,
        String product,
        Instant startsAt,
        Instant endsAt,
        String audience,
        Instant receivedAt) {

    /** What happened. */
    public enum Type { ORDER_DELAY, KNOWN_ISSUE, OUTAGE, ANNOUNCEMENT }

    /** How urgent it is; CRITICAL may bypass quiet hours once the timing policy exists. */
    public enum Severity {
        LOW, NORMAL, HIGH, CRITICAL;

        /** Its place in the inbox's signal lane: CRITICAL, then HIGH, then the rest by due time. */
        public int inboxPriority() {
            return switch (this) {
                case CRITICAL -> 2;
                case HIGH -> 1;
                case NORMAL, LOW -> 0;
            };
        }
    }
}
