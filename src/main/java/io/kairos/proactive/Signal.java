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

    /**
     * What happened: a kind of the signal catalog (config/signals.yaml, {@link SignalCatalog}). The four kinds Kairos
     * ships are constants; ops add others in the catalog.
     */
    public record Type(String name) {

        // Before the constants: each is checked against it as it is built.
        private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

        public static final Type ORDER_DELAY = new Type("ORDER_DELAY");
        public static final Type KNOWN_ISSUE = new Type("KNOWN_ISSUE");
        public static final Type OUTAGE = new Type("OUTAGE");
        public static final Type ANNOUNCEMENT = new Type("ANNOUNCEMENT");

        /** @throws IllegalArgumentException when the name is not a kind name (upper case, digits, underscores) */
        public Type {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a signal kind name (upper case letters, "
                        + "digits and _, at most 64, e.g. ORDER_DELAY)");
            }
        }

        /** The kind of this name, as the enum it replaces read one (property keys, stored rows, JSON). */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Type valueOf(String name) {
            return new Type(name);
        }

        @Override
        @com.fasterxml.jackson.annotation.JsonValue
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

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
