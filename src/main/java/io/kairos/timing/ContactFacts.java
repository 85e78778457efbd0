package io.kairos.timing;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * What the caller found out about a contact besides their CRM record and history, before deciding.
 *
 * @param openTicket        an open helpdesk ticket of the contact about the same signal
 * @param accountZone       the account's time zone, the fallback when the contact has none
 * @param suppressedBecause why the contact is on Kairos's suppression list, when they are
 * @param activity          when the contact (else their account) is usually active, when Kairos has seen them
 */
public record ContactFacts(Optional<OpenTicket> openTicket, Optional<ZoneId> accountZone,
                           Optional<String> suppressedBecause, Optional<ActivityHistogram> activity) {

    private static final ContactFacts NONE = new ContactFacts(Optional.empty(), Optional.empty(), Optional.empty());

    public ContactFacts {
        Objects.requireNonNull(openTicket, "openTicket");
        Objects.requireNonNull(accountZone, "accountZone");
        Objects.requireNonNull(suppressedBecause, "suppressedBecause");
        Objects.requireNonNull(activity, "activity");
    }

    /** Facts without activity: the moment is the earliest the rules allow. */
    public ContactFacts(Optional<OpenTicket> openTicket, Optional<ZoneId> accountZone,
                        Optional<String> suppressedBecause) {
        this(openTicket, accountZone, suppressedBecause, Optional.empty());
    }

    /** These facts with the contact's activity. */
    public ContactFacts withActivity(Optional<ActivityHistogram> newActivity) {
        return new ContactFacts(openTicket, accountZone, suppressedBecause, newActivity);
    }

    public static ContactFacts none() {
        return NONE;
    }
}
