package io.kairos.proactive;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How signals become messages.
 *
 * @param channel         where planned messages go: {@code intercom} or {@code zendesk}
 * @param ratePerSecond   the dispatch rate held across all dispatchers of this replica
 * @param audienceFields  the Contact fields an audience WHERE clause may use
 * @param defaultAudience the WHERE clause on Contact for OUTAGE and ANNOUNCEMENT signals that name none
 */
@ConfigurationProperties("kairos.proactive")
public record ProactiveProperties(
        @DefaultValue("intercom") String channel,
        @DefaultValue("10") double ratePerSecond,
        List<String> audienceFields,
        String defaultAudience) {

    /** The allow-list when kairos.proactive.audience-fields is not set. */
    public static final List<String> DEFAULT_AUDIENCE_FIELDS = List.of("Email", "AccountId", "Account.Name",
            "Account.Support_Tier__c", "MailingCountry", "Time_Zone__c", "HasOptedOutOfEmail");

    public ProactiveProperties {
        audienceFields = audienceFields == null ? DEFAULT_AUDIENCE_FIELDS : List.copyOf(audienceFields);
    }
}
