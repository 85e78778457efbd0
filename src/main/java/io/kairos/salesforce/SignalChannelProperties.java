package io.kairos.salesforce;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where CRM signals come from in Salesforce (the platform event and change event channels, the org's field names)
 * and how Kairos subscribes to them.
 *
 * @param subscribe          whether the subscription routes are started; off where no streaming endpoint exists
 *                           (tests, the sandbox)
 * @param retention          how long Salesforce keeps events for replay; an older stored position cannot be resumed
 * @param startRetryInitial  the first wait before starting the subscriptions again after Salesforce was unreachable
 * @param startRetryMax      the longest such wait
 * @param keepaliveTimeout   a Pub/Sub subscription that received nothing for this long is checked for a stall
 *                           (Salesforce sends a keepalive every 270 s on an open stream)
 * @param stallProbeWait     how long that check waits for an event the subscription should have delivered
 */
@ConfigurationProperties("kairos.signals")
public record SignalChannelProperties(
        @DefaultValue("/event/Kairos_Signal__e") String platformEventChannel,
        @DefaultValue("/data/OrderChangeEvent") String orderChangeChannel,
        @DefaultValue("Delayed") String delayedStatus,
        @DefaultValue("false") boolean subscribe,
        @DefaultValue("72h") Duration retention,
        @DefaultValue("2s") Duration startRetryInitial,
        @DefaultValue("5m") Duration startRetryMax,
        @DefaultValue("300s") Duration keepaliveTimeout,
        @DefaultValue("10s") Duration stallProbeWait,
        @DefaultValue Fields fields) {

    /** The platform event's field names and the Order's status field; override per org. */
    public record Fields(
            @DefaultValue("Type__c") String type,
            @DefaultValue("Record_Id__c") String recordId,
            @DefaultValue("Severity__c") String severity,
            @DefaultValue("Title__c") String title,
            @DefaultValue("Body__c") String body,
            @DefaultValue("Product__c") String product,
            @DefaultValue("Starts_At__c") String startsAt,
            @DefaultValue("Ends_At__c") String endsAt,
            @DefaultValue("Status") String orderStatus) { }
}
