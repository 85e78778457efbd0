package io.kairos.proactive;

import java.util.Optional;
import java.util.Set;

/**
 * What the Salesforce org holds, as its describe call says: the fields of an object, so that the signal catalog can
 * be checked against the org before a signal finds a missing field by dead-lettering.
 */
public interface OrgSchema {

    /** No org to ask (the offline {@code validate} command): every lookup is unavailable with this reason. */
    OrgSchema NONE = sobject -> {
        throw new Unavailable("no Salesforce org to ask (the offline validate command checks files only)");
    };

    /**
     * The API names of the object's fields, or empty when the org has no such object.
     *
     * @throws Unavailable when Salesforce cannot be asked now (not configured, down, API budget paused): then
     *                     nothing can be said about the object, which is not a problem of the configuration
     */
    Optional<Set<String>> fieldsOf(String sobject);

    /** Salesforce could not be asked; the message says why, for the "not checked" note. */
    class Unavailable extends RuntimeException {

        public Unavailable(String reason) {
            super(reason);
        }

        public Unavailable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
