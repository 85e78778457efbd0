package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.proactive.ChangeRule;
import io.kairos.proactive.InvalidSignalException;
import io.kairos.proactive.Signal;
import java.util.Set;
import java.util.List;
import java.util.ArrayList;
import io.kairos.proactive.SignalKind;
import io.kairos.proactive.SignalCatalog;
import io.kairos.support.Fixtures;
import io.kairos.support.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SalesforceSignalEventsTest {

    static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    static final MutableClock CLOCK = new MutableClock(START);

    private final SalesforceSignalEvents events = new SalesforceSignalEvents(properties(), CLOCK);

    @Test
    void platformEventBecomesSignalWithEveryField() {
        Signal signal = events.toSignal(fixture("signal-known-issue.json")).orElseThrow();

        assertThat(signal.dedupeKey()).isEqualTo("sf:4b3c8a52-0c4e-4a4f-9d0e-6f0f1b0c0a07");
        assertThat(signal.source()).isEqualTo("salesforce");
        assertThat(signal.type()).isEqualTo(Signal.Type.KNOWN_ISSUE);
        assertThat(signal.recordId()).isEqualTo("a01000000000001AAA");
        assertThat(signal.severity()).isEqualTo(Signal.Severity.HIGH);
        assertThat(signal.title()).isEqualTo("Sync App loses drafts");
        assertThat(signal.body()).startsWith("Drafts saved offline");
        assertThat(signal.product()).isEqualTo("Sync App");
        assertThat(signal.startsAt()).isEqualTo(Instant.parse("2026-11-26T08:30:00Z"));
        assertThat(signal.endsAt()).isEqualTo(Instant.parse("2026-11-27T18:00:00Z"));
        assertThat(signal.audience()).isNull();
        assertThat(signal.receivedAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void aKindOpsAddedToTheCatalogComesFromItsPlatformEventsAndOtherNamesAreNoSignal() {
        String maintenance = fixture("signal-known-issue.json").replace("\"KNOWN_ISSUE\"", "\"MAINTENANCE\"");
        assertThat(events.toSignal(maintenance)).as("no such kind in the catalog Kairos ships").isEmpty();

        List<SignalKind> kinds = new ArrayList<>(SignalCatalog.BUILT_IN.kinds().values());
        kinds.add(new SignalKind(Signal.Type.valueOf("MAINTENANCE"), "Planned downtime",
                SignalKind.Audience.CONTACTS_WHERE, Set.of(SignalKind.Source.PLATFORM_EVENT)));
        // OUTAGE by API only, and no kind for Order changes.
        kinds.set(2, new SignalKind(Signal.Type.OUTAGE, "", SignalKind.Audience.CONTACTS_WHERE,
                Set.of(SignalKind.Source.API)));
        kinds.set(0, new SignalKind(Signal.Type.ORDER_DELAY, "", SignalKind.Audience.ORDER_CONTACT,
                Set.of(SignalKind.Source.API)));
        SalesforceSignalEvents catalogued = new SalesforceSignalEvents(properties(), CLOCK,
                () -> SignalCatalog.of(kinds));

        assertThat(catalogued.toSignal(maintenance)).hasValueSatisfying(signal -> {
            assertThat(signal.type().name()).isEqualTo("MAINTENANCE");
            assertThat(signal.title()).isEqualTo("Sync App loses drafts");
        });
        assertThat(catalogued.toSignal(maintenance.replace("\"MAINTENANCE\"", "\"OUTAGE\"")))
                .as("OUTAGE takes no platform events here").isEmpty();
        assertThat(catalogued.toSignal(fixture("order-change-delayed.json")))
                .as("no kind takes Order changes here").isEmpty();
    }

    @Test
    void redeliveryMapsToTheSameSignalId() {
        Signal first = events.toSignal(fixture("signal-known-issue.json")).orElseThrow();
        Signal again = events.toSignal(fixture("signal-known-issue.json")).orElseThrow();

        assertThat(again.id()).isEqualTo(first.id());
    }

    @Test
    void missingSeverityIsNormalAndMissingFieldsStayEmpty() {
        Signal signal = events.toSignal(fixture("signal-order-delay.json")).orElseThrow();

        assertThat(signal.type()).isEqualTo(Signal.Type.ORDER_DELAY);
        assertThat(signal.recordId()).isEqualTo("801000000000102AAA");
        assertThat(signal.severity()).isEqualTo(Signal.Severity.NORMAL);
        assertThat(signal.body()).isNull();
        assertThat(signal.product()).isNull();
        assertThat(signal.startsAt()).isNull();
        assertThat(signal.endsAt()).isNull();
    }

    @Test
    void unknownSeverityAndUnreadableTimesAreNotFatal() {
        String raw = platformEvent("\"Type__c\":\"outage\",\"Severity__c\":\"URGENT\",\"Starts_At__c\":\"soon\","
                + "\"Ends_At__c\":\"2026-11-30\"");

        Signal signal = events.toSignal(raw).orElseThrow();

        assertThat(signal.type()).isEqualTo(Signal.Type.OUTAGE);
        assertThat(signal.severity()).isEqualTo(Signal.Severity.NORMAL);
        assertThat(signal.startsAt()).isNull();
        assertThat(signal.endsAt()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    }

    @Test
    void anOrderDelayWhoseRecordIsNoOrderIdIsRefusedNamingRecordId() {
        for (String recordId : new String[] {"8018c0000' OR Id != '", "001000000000102AAA", null}) {
            String raw = platformEvent("\"Type__c\":\"ORDER_DELAY\",\"Title__c\":\"late\""
                    + (recordId == null ? "" : ",\"Record_Id__c\":\"" + recordId + "\""));

            assertThatThrownBy(() -> events.toSignal(raw)).as(recordId)
                    .isInstanceOfSatisfying(InvalidSignalException.class,
                            e -> assertThat(e.field()).isEqualTo("recordId"));
        }
    }

    @Test
    void platformEventWithoutKnownTypeIsNoSignal() {
        assertThat(events.toSignal(platformEvent("\"Title__c\":\"no type\""))).isEmpty();
        assertThat(events.toSignal(platformEvent("\"Type__c\":\"PRICE_CHANGE\""))).isEmpty();
    }

    @Test
    void orderChangeToDelayedIsOrderDelayForTheRecord() {
        Signal signal = events.toSignal(fixture("order-change-delayed.json")).orElseThrow();

        assertThat(signal.type()).isEqualTo(Signal.Type.ORDER_DELAY);
        assertThat(signal.recordId()).isEqualTo("801000000000102AAA");
        assertThat(signal.severity()).isEqualTo(Signal.Severity.NORMAL);
        assertThat(signal.dedupeKey())
                .isEqualTo("sf:cdc:000046c7-a642-11e2-c29b-229c6786473e:801000000000102AAA");
        assertThat(signal.startsAt()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
    }

    @Test
    void anOrderChangeIsKeyedByItsTransactionOverEitherTransport() {
        String cometd = fixture("order-change-delayed.json");
        // Over Pub/Sub the event also has an id (Kairos hands it on as EventUuid); CometD sends none.
        String pubSub = cometd.replace("\"replayId\":31", "\"replayId\":31,\"EventUuid\":\"cdc-uuid-1\"");

        assertThat(events.toSignal(pubSub).orElseThrow().dedupeKey())
                .isEqualTo(events.toSignal(cometd).orElseThrow().dedupeKey())
                .isEqualTo("sf:cdc:000046c7-a642-11e2-c29b-229c6786473e:801000000000102AAA");
    }

    @Test
    void orderChangeThatIsNoDelayIsNoSignal() {
        assertThat(events.toSignal(fixture("order-change-shipped.json"))).isEmpty();
        assertThat(events.toSignal(fixture("order-change-delayed.json")
                .replace("\"changedFields\":[\"Status\",\"LastModifiedDate\"]", "\"changedFields\":[\"Description\"]")))
                .as("status not among the changed fields").isEmpty();
        assertThat(events.toSignal(fixture("order-change-delayed.json").replace("\"UPDATE\"", "\"CREATE\"")))
                .as("a new order").isEmpty();
        assertThat(events.toSignal(fixture("order-change-delayed.json").replace("\"Order\"", "\"Account\"")))
                .as("another object").isEmpty();
    }

    @Test
    void delayedStatusIsConfiguration() {
        SalesforceSignalEvents backordered = new SalesforceSignalEvents(
                properties("kairos.signals.delayed-status", "Backordered"), CLOCK);
        String raw = fixture("order-change-delayed.json").replace("\"Status\":\"Delayed\"", "\"Status\":\"Backordered\"");

        assertThat(backordered.toSignal(raw)).isPresent();
        assertThat(backordered.toSignal(fixture("order-change-delayed.json"))).isEmpty();
    }

    @Test
    void fieldNamesAreConfiguration() {
        SalesforceSignalEvents custom = new SalesforceSignalEvents(
                properties("kairos.signals.fields.type", "Kind__c", "kairos.signals.fields.title", "Headline__c"),
                CLOCK);

        Signal signal = custom.toSignal(platformEvent("\"Kind__c\":\"ANNOUNCEMENT\",\"Headline__c\":\"New plan\""))
                .orElseThrow();

        assertThat(signal.type()).isEqualTo(Signal.Type.ANNOUNCEMENT);
        assertThat(signal.title()).isEqualTo("New plan");
    }

    @Test
    void textThatIsNoStreamingEventIsRejected() {
        assertThatThrownBy(() -> events.toSignal("{\"channel\":\"/meta/connect\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> events.toSignal("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAccountUpdateMeetingTheCatalogsChangeRuleBecomesASignalAboutTheAccount() {
        SalesforceSignalEvents churn = withChurnRisk();

        Signal signal = churn.toSignal(accountChange("31", "Health_Score__c")).orElseThrow();

        assertThat(signal.type().name()).isEqualTo("CHURN_RISK");
        assertThat(signal.recordId()).isEqualTo(ACCOUNT);
        assertThat(signal.dedupeKey()).isEqualTo("sf:cdc:0000-tx-1:" + ACCOUNT);
        assertThat(signal.severity()).isEqualTo(Signal.Severity.NORMAL);
        assertThat(signal.startsAt()).isEqualTo(START.minusSeconds(60));
        assertThat(churn.toSignal(fixture("order-change-delayed.json"))).as("the Order shorthand still works")
                .hasValueSatisfying(delay -> assertThat(delay.type()).isEqualTo(Signal.Type.ORDER_DELAY));
    }

    @Test
    void anAccountUpdateNotMeetingTheRuleIsNoSignal() {
        SalesforceSignalEvents churn = withChurnRisk();

        assertThat(churn.toSignal(accountChange("40", "Health_Score__c"))).as("not below 40").isEmpty();
        assertThat(churn.toSignal(accountChange("12", "Name"))).as("the score did not change").isEmpty();
        assertThat(churn.toSignal(accountChange(null, "Health_Score__c"))).as("the score was cleared").isEmpty();
        assertThat(churn.toSignal(accountChange("12", "Health_Score__c").replace("/data/AccountChangeEvent",
                "/data/OtherChangeEvent"))).as("another channel").isEmpty();
        assertThat(churn.toSignal(accountChange("12", "Health_Score__c").replace("\"UPDATE\"", "\"CREATE\"")))
                .as("a created record has no changed fields").isEmpty();
        assertThat(events.toSignal(accountChange("12", "Health_Score__c"))).as("the shipped catalog").isEmpty();
    }

    @Test
    void aValueThatDoesNotFitTheRuleIsRefusedWithTheReason() {
        assertThatThrownBy(() -> withChurnRisk().toSignal(accountChange("\"Red\"", "Health_Score__c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("change event cdc:0000-tx-1:" + ACCOUNT + " does not fit CHURN_RISK's change-event "
                        + "source (Account.Health_Score__c below 40 on /data/AccountChangeEvent): "
                        + "Account.Health_Score__c is 'Red', not a number");
    }

    @Test
    void orderChangeIsShorthandForTheOrderStatusRule() {
        assertThat(events.orderChange()).isEqualTo(new ChangeRule("/data/OrderChangeEvent", "Order", "Status",
                ChangeRule.Condition.BECOMES, "Delayed"));
        assertThat(new SalesforceSignalEvents(properties("kairos.signals.delayed-status", "Late",
                "kairos.signals.order-change-channel", "data/Orders__chn"), CLOCK).orderChange())
                .isEqualTo(new ChangeRule("/data/Orders__chn", "Order", "Status", ChangeRule.Condition.BECOMES,
                        "Late"));
    }

    static final String ACCOUNT = "001000000000007AAA";

    static SalesforceSignalEvents withChurnRisk() {
        List<SignalKind> kinds = new ArrayList<>(SignalCatalog.BUILT_IN.kinds().values());
        kinds.add(new SignalKind(Signal.Type.valueOf("CHURN_RISK"), "", SignalKind.Audience.ACCOUNT_CONTACTS,
                Set.of(SignalKind.Source.CHANGE_EVENT), List.of(new ChangeRule("/data/AccountChangeEvent", "Account",
                "Health_Score__c", ChangeRule.Condition.BELOW, "40")), "Decision Maker"));
        return new SalesforceSignalEvents(properties(), CLOCK, () -> SignalCatalog.of(kinds));
    }

    /** An Account update as Salesforce sends it over CometD; score is JSON (a number, a quoted text) or null. */
    private static String accountChange(String score, String changedField) {
        return "{\"channel\":\"/data/AccountChangeEvent\",\"data\":{\"schema\":\"s\",\"payload\":{"
                + "\"ChangeEventHeader\":{\"entityName\":\"Account\",\"recordIds\":[\"" + ACCOUNT + "\"],"
                + "\"changeType\":\"UPDATE\",\"transactionKey\":\"0000-tx-1\",\"sequenceNumber\":1,"
                + "\"commitTimestamp\":" + START.minusSeconds(60).toEpochMilli() + ","
                + "\"changedFields\":[\"" + changedField + "\",\"LastModifiedDate\"]},"
                + "\"Health_Score__c\":" + score + "},\"event\":{\"replayId\":7}}}";
    }

    @Test
    void defaultsMatchTheReferenceOrg() {
        SignalChannelProperties defaults = properties();

        assertThat(defaults.platformEventChannel()).isEqualTo("/event/Kairos_Signal__e");
        assertThat(defaults.orderChangeChannel()).isEqualTo("/data/OrderChangeEvent");
        assertThat(defaults.delayedStatus()).isEqualTo("Delayed");
        assertThat(defaults.subscribe()).isFalse();
        assertThat(defaults.retention()).isEqualTo(Duration.ofHours(72));
        assertThat(defaults.fields().severity()).isEqualTo("Severity__c");
    }

    /** The properties as Spring Boot binds them, defaults included, with these key/value overrides. */
    static SignalChannelProperties properties(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("kairos.signals", SignalChannelProperties.class);
    }

    /** A fixture with its times relative to this test's clock at its start (fixtures carry relative times). */
    static String fixture(String name) {
        return Fixtures.read("salesforce/" + name, Clock.fixed(START, ZoneOffset.UTC));
    }

    private static String platformEvent(String fields) {
        return "{\"channel\":\"/event/Kairos_Signal__e\",\"data\":{\"schema\":\"s\",\"payload\":{"
                + "\"CreatedDate\":\"2026-11-26T09:00:00.000+0000\"," + fields + "},"
                + "\"event\":{\"EventUuid\":\"uuid-x\",\"replayId\":3}}}";
    }
}
