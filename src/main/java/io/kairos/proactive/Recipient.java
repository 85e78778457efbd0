package io.kairos.proactive;

import java.util.Map;

/**
 * One contact a signal concerns, with what the message template may say about them.
 *
 * @param variables template values beyond the contact's own (order number, ETA, account name, ...)
 */
public record Recipient(
        String contactId,
        String email,
        String name,
        String timeZone,
        boolean optedOutOfEmail,
        Map<String, String> variables) {

    /** The variable holding the account's time zone, when the org keeps one: quiet hours fall back to it. */
    public static final String ACCOUNT_TIME_ZONE = "accountTimeZone";
    /** The variable holding the contact's Salesforce Account id: send-time falls back to the account's activity. */
    public static final String ACCOUNT_ID = "accountId";

    public Recipient {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
