package io.kairos.proactive;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;

/**
 * A Change Data Capture source of a signal kind: an update of {@code entity} on {@code channel} whose changed fields
 * include {@code field} and whose new value meets the condition (becomes a value, drops below or rises above a
 * number). A change event carries only the new value, so "below 40" holds for every update that leaves the field
 * under 40; the kind's timing caps keep repeats from reaching a customer.
 *
 * @param channel the change event channel, e.g. /data/AccountChangeEvent
 * @param entity  the changed object's API name as the event header says it, e.g. Account
 * @param field   the field's API name, e.g. Health_Score__c
 * @param value   the value {@code becomes} compares with (ignoring case), or the number {@code below}/{@code above}
 */
public record ChangeRule(String channel, String entity, String field, Condition condition, String value) {

    public ChangeRule {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(value, "value");
        if (condition != Condition.BECOMES) {
            number(value, "the rule's " + condition.yamlName());
        }
    }

    /** What the field's new value must do. */
    public enum Condition {
        BECOMES, BELOW, ABOVE;

        /** As config/signals.yaml writes it. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether a change event on this channel about this entity concerns the rule (before looking at the field). */
    public boolean concerns(String eventChannel, String eventEntity) {
        // The header names the entity on every event; a missing one is read as the channel's own object.
        return channel.equals(eventChannel) && (eventEntity == null || entity.equals(eventEntity));
    }

    /**
     * Whether the update meets the rule: the field is among the changed fields and its new value meets the condition.
     * A field that was cleared (no new value) meets none.
     *
     * @throws IllegalArgumentException when the rule compares numbers and the new value is not one: the catalog
     *                                  entry does not fit the org's field, which no retry changes
     */
    public boolean matches(Collection<String> changedFields, String newValue) {
        if (!changedFields.contains(field) || newValue == null) {
            return false;
        }
        return switch (condition) {
            case BECOMES -> value.equalsIgnoreCase(newValue.trim());
            case BELOW -> number(newValue, entity + "." + field).compareTo(new BigDecimal(value)) < 0;
            case ABOVE -> number(newValue, entity + "." + field).compareTo(new BigDecimal(value)) > 0;
        };
    }

    /** For messages and the README: {@code Account.Health_Score__c below 40 on /data/AccountChangeEvent}. */
    public String describe() {
        return entity + "." + field + " " + condition.yamlName() + " " + value + " on " + channel;
    }

    private static BigDecimal number(String text, String what) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            String shown = text.length() <= 40 ? text : text.substring(0, 40) + "…";
            throw new IllegalArgumentException(what + " is '" + shown + "', not a number", e);
        }
    }
}
