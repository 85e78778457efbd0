package io.kairos.enrichment;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One Salesforce field of the requester written onto enriched tickets: its value into a Zendesk custom field, as a
 * tag, or both.
 *
 * @param salesforce  {@code Contact.<Field>} or {@code Account.<Field>} (the requester's Account), by API name
 * @param customField the Zendesk custom field id to fill with the value, or null
 * @param tag         a tag pattern with one {@code {value}} (the value slugged), prefixed with the tag prefix; or null
 */
public record FieldMapping(String salesforce, Long customField, String tag) {

    /**
     * What a mapped field may be, matched whole: the Contact itself or its Account (one relationship hop at most),
     * then one Salesforce API name: letters, digits and single underscores, or a custom field's {@code __c} name with
     * an optional namespace. The SOQL of a lookup is built from these names, so nothing else ever reaches it.
     */
    public static final Pattern FIELD = Pattern.compile("(Contact|Account)\\.((?:[A-Za-z][A-Za-z0-9]{0,14}__)?"
            + "[A-Za-z](?:_?[A-Za-z0-9]){0,79}__c|[A-Za-z](?:_?[A-Za-z0-9]){0,79})");

    /** Zendesk tags Kairos writes are lower-case letters, digits and underscores; {@code {value}} once. */
    public static final Pattern TAG = Pattern.compile("[a-z0-9_]{0,40}\\{value\\}[a-z0-9_]{0,40}");

    private static final int MAX_SLUG = 60;

    public FieldMapping {
        fieldProblem(salesforce).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (tag != null) {
            tagProblem(tag).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        }
        if (customField != null && customField < 1) {
            throw new IllegalArgumentException("custom-field must be a Zendesk field id (1 or more)");
        }
        if (customField == null && tag == null) {
            throw new IllegalArgumentException("mapping of " + salesforce + " names neither a custom-field nor a tag");
        }
    }

    /** Why this is not a field a mapping may read, or empty when it is one. */
    public static Optional<String> fieldProblem(String salesforce) {
        if (salesforce != null && FIELD.matcher(salesforce).matches()) {
            return Optional.empty();
        }
        return Optional.of("'" + salesforce + "' is not a field Kairos can read: write Contact.<Field> or "
                + "Account.<Field> with the field's API name (Industry, Region__c), one relationship hop at most");
    }

    /** Why this is not a tag pattern, or empty when it is one. */
    public static Optional<String> tagProblem(String tag) {
        if (tag != null && TAG.matcher(tag).matches()) {
            return Optional.empty();
        }
        return Optional.of("'" + tag + "' is not a tag pattern: lower-case letters, digits and _ around one "
                + "{value}, e.g. region_{value}");
    }

    /** The object the field belongs to: Contact or Account. */
    public String object() {
        return salesforce.substring(0, salesforce.indexOf('.'));
    }

    /** The field's API name on its object. */
    public String field() {
        return salesforce.substring(salesforce.indexOf('.') + 1);
    }

    /** The tag for this value without the prefix, or empty when there is no tag or nothing of the value remains. */
    public Optional<String> tagFor(String value) {
        String slug = slug(value);
        if (tag == null || slug.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(tag.replace("{value}", slug));
    }

    /** Lower-case letters and digits, every other run of characters one underscore. */
    static String slug(String value) {
        if (value == null) {
            return "";
        }
        String slug = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return slug.length() <= MAX_SLUG ? slug : slug.substring(0, MAX_SLUG).replaceAll("_$", "");
    }
}
