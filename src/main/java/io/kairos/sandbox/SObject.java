package io.kairos.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A seeded Salesforce record: field values are scalars, a parent {@code SObject} (lookup) or a list of children
 * (child relationship), keyed by API name.
 */
record SObject(String type, Map<String, Object> fields) {

    SObject {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Builds a record from alternating API names and values; {@code Id} is the first field. */
    static SObject of(String type, String id, Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (id != null) {
            fields.put("Id", id);
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new SObject(type, fields);
    }

    /** This record with more fields (or new values for existing ones), e.g. a parent lookup added to a child. */
    SObject with(Object... namesAndValues) {
        Map<String, Object> more = new LinkedHashMap<>(fields);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            more.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new SObject(type, more);
    }

    String id() {
        return (String) fields.get("Id");
    }

    /** The field with this API name, matched case-insensitively as SOQL does. */
    Optional<Map.Entry<String, Object>> field(String name) {
        return fields.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst();
    }
}
