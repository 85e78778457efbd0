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

    static final String ORDER = "801000000000102AAA";

    /** ORDER_DELAY from the org's own Order_Delayed__e, every value mapped. */
    static final SignalKind.EventSource ORDER_DELAYED = new SignalKind.EventSource("/event/Order_Delayed__e",
            new SignalKind.EventFields("Order__c", "Reason__c", "Details__c", "Severity__c", null, "Since__c",
                    "Until__c"), Signal.Severity.HIGH);

    @Test
    void anEventOfTheOrgsOwnChannelIsASignalOfItsKindWithItsFieldsMapped() {
        SalesforceSignalEvents mapped = withEvents(ORDER_DELAYED);

        String raw = orderDelayed("\"Order__c\":\"" + ORDER + "\",\"Reason__c\":\"Carrier strike\","
                + "\"Details__c\":\"Ships Monday\",\"Severity__c\":\"critical\",\"Since__c\":"
                + START.minusSeconds(3600).toEpochMilli() + ",\"Until__c\":\"2026-11-30T12:00:00.000+0000\"");

        Signal signal = mapped.toSignal(raw).orElseThrow();

        assertThat(signal.type()).isEqualTo(Signal.Type.ORDER_DELAY);
        assertThat(signal.source()).isEqualTo("salesforce");
        assertThat(signal.recordId()).isEqualTo(ORDER);
        assertThat(signal.title()).isEqualTo("Carrier strike");
        assertThat(signal.body()).isEqualTo("Ships Monday");
        assertThat(signal.severity()).isEqualTo(Signal.Severity.CRITICAL);
        assertThat(signal.startsAt()).isEqualTo(START.minusSeconds(3600));
        assertThat(signal.endsAt()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(signal.dedupeKey()).as("as a platform event: its id").isEqualTo("sf:od-uuid-1");
        assertThat(mapped.toSignal(raw).orElseThrow().id()).as("a redelivery").isEqualTo(signal.id());
        assertThat(events.toSignal(raw)).as("a catalog without the channel: no signal").isEmpty();
    }

    @Test
    void anEmptyMappedFieldIsNoValueAndAnEmptySeverityTheSourcesConstant() {
        SalesforceSignalEvents mapped = withEvents(ORDER_DELAYED);

        Signal signal = mapped.toSignal(orderDelayed("\"Order__c\":\"" + ORDER + "\",\"Reason__c\":null,"
                + "\"Details__c\":\"\",\"Severity__c\":null,\"Since__c\":null,\"Until__c\":null")).orElseThrow();

        assertThat(signal.severity()).as("the source's severity").isEqualTo(Signal.Severity.HIGH);
        assertThat(signal.title()).isNull();
        assertThat(signal.body()).isNull();
        assertThat(signal.startsAt()).isNull();
        assertThat(withEvents(new SignalKind.EventSource("/event/Order_Delayed__e", new SignalKind.EventFields(
                "Order__c", null, null, null, null, null, null), Signal.Severity.NORMAL))
                .toSignal(orderDelayed("\"Order__c\":\"" + ORDER + "\",\"Severity__c\":\"LOW\"")).orElseThrow()
                .severity()).as("no severity mapped: the constant, whatever the event holds")
                .isEqualTo(Signal.Severity.NORMAL);
    }

    @Test
    void aMappedFieldTheEventLacksOrWhoseValueCannotBeWhatItMapsToIsRefusedNamingIt() {
        SalesforceSignalEvents mapped = withEvents(ORDER_DELAYED);
        String order = "\"Order__c\":\"" + ORDER + "\",";
        String all = "\"Reason__c\":null,\"Details__c\":null,\"Severity__c\":null,\"Since__c\":null,\"Until__c\":null";

        assertThatThrownBy(() -> mapped.toSignal(orderDelayed(order + all.replace("\"Details__c\":null,", ""))))
                .isInstanceOfSatisfying(InvalidSignalException.class, e -> assertThat(e.field()).isEqualTo("body"))
                .hasMessage("body: event od-uuid-1 on /event/Order_Delayed__e has no field Details__c, which "
                        + "ORDER_DELAY maps to body: the catalog entry does not fit the event");
        assertThatThrownBy(() -> mapped.toSignal(orderDelayed(order + all.replace("\"Severity__c\":null",
                "\"Severity__c\":\"URGENT\""))))
                .isInstanceOfSatisfying(InvalidSignalException.class, e -> assertThat(e.field()).isEqualTo("severity"))
                .hasMessage("severity: Severity__c of event od-uuid-1 on /event/Order_Delayed__e is 'URGENT', not "
                        + "LOW, NORMAL, HIGH or CRITICAL");
        assertThatThrownBy(() -> mapped.toSignal(orderDelayed(order + all.replace("\"Since__c\":null",
                "\"Since__c\":\"soon\""))))
                .isInstanceOfSatisfying(InvalidSignalException.class, e -> assertThat(e.field()).isEqualTo("startsAt"))
                .hasMessageContaining("Since__c of event od-uuid-1 on /event/Order_Delayed__e is 'soon', not a date-time");
        assertThatThrownBy(() -> mapped.toSignal(orderDelayed(order + all.replace("\"Reason__c\":null",
                "\"Reason__c\":{\"a\":1}"))))
                .isInstanceOfSatisfying(InvalidSignalException.class, e -> assertThat(e.field()).isEqualTo("title"));
        for (String recordId : new String[] {"\"001000000000102AAA\"", "null", "\"8018c0000' OR Id != '\""}) {
            assertThatThrownBy(() -> mapped.toSignal(orderDelayed("\"Order__c\":" + recordId + "," + all)))
                    .as(recordId).isInstanceOfSatisfying(InvalidSignalException.class,
                            e -> assertThat(e.field()).isEqualTo("recordId"));
        }
    }

    @Test
    void aProductOwnersKindNeedsTheProductItsEventNames() {
        List<SignalKind> kinds = new ArrayList<>(SignalCatalog.BUILT_IN.kinds().values());
        kinds.add(new SignalKind(Signal.Type.valueOf("RECALL"), "", SignalKind.Audience.PRODUCT_OWNERS,
                Set.of(SignalKind.Source.MAPPED_EVENT), List.of(), null, List.of(), null,
                List.of(new SignalKind.EventSource("/event/Recall__e", new SignalKind.EventFields(null, "Title__c",
                        null, null, "Product__c", null, null), Signal.Severity.NORMAL))));
        SalesforceSignalEvents recalls = new SalesforceSignalEvents(properties(), CLOCK, () -> SignalCatalog.of(kinds));
        String recall = platformEvent("\"Title__c\":\"Battery recall\",\"Product__c\":PRODUCT")
                .replace("/event/Kairos_Signal__e", "/event/Recall__e");

        assertThat(recalls.toSignal(recall.replace("PRODUCT", "\"Sync App\""))).hasValueSatisfying(signal -> {
            assertThat(signal.type().name()).isEqualTo("RECALL");
            assertThat(signal.product()).isEqualTo("Sync App");
        });
        assertThatThrownBy(() -> recalls.toSignal(recall.replace("PRODUCT", "null")))
                .isInstanceOfSatisfying(InvalidSignalException.class, e -> assertThat(e.field()).isEqualTo("product"));
    }

    @Test
    void anEventOfAChannelNoKindTakesIsNoSignalEvenWithAKairosType() {
        SalesforceSignalEvents mapped = withEvents(ORDER_DELAYED);
        String elsewhere = platformEvent("\"Type__c\":\"OUTAGE\",\"Title__c\":\"down\"")
                .replace("/event/Kairos_Signal__e", "/event/Order_Shipped__e");

        assertThat(mapped.toSignal(elsewhere)).isEmpty();
        assertThat(mapped.signalOrNull(elsewhere)).isNull();
        assertThat(mapped.toSignal(platformEvent("\"Type__c\":\"OUTAGE\",\"Title__c\":\"down\"")))
                .as("Kairos's own channel still reads Type__c").isPresent();
    }

    @Test
    void aPublishedPlatformEventMapsThroughACatalogEntry() {
        // The PurgeSObjectBatch__e event a public project captured: an Account id, a null Message__c.
        List<SignalKind> kinds = new ArrayList<>(SignalCatalog.BUILT_IN.kinds().values());
        kinds.add(new SignalKind(Signal.Type.valueOf("PURGED"), "", SignalKind.Audience.ACCOUNT_CONTACTS,
                Set.of(SignalKind.Source.MAPPED_EVENT), List.of(), null, List.of(), null,
                List.of(new SignalKind.EventSource("/event/PurgeSObjectBatch__e", new SignalKind.EventFields("Id__c",
                        "SObject__c", "Message__c", null, null, null, null), Signal.Severity.LOW))));
        SalesforceSignalEvents purged = new SalesforceSignalEvents(properties(), CLOCK, () -> SignalCatalog.of(kinds));

        Signal signal = purged.toSignal(io.kairos.support.RealPayloads.read("salesforce",
                "platform-event-cometd.purge-sobject-capture.json")).orElseThrow();

        assertThat(signal.recordId()).isEqualTo("0017a00002556lhAAA");
        assertThat(signal.title()).isEqualTo("Account");
        assertThat(signal.body()).isNull();
        assertThat(signal.severity()).isEqualTo(Signal.Severity.LOW);
        assertThat(signal.dedupeKey()).isEqualTo("sf:3e74df29-9a31-4463-8639-f460e5dd9cff");
    }

    /** The shipped catalog with ORDER_DELAY also taking the org's own events of {@code source}. */
    static SalesforceSignalEvents withEvents(SignalKind.EventSource source) {
        List<SignalKind> kinds = new ArrayList<>(SignalCatalog.BUILT_IN.kinds().values());
        SignalKind delay = kinds.get(0);
        kinds.set(0, new SignalKind(delay.type(), "", delay.audience(), Set.of(SignalKind.Source.ORDER_CHANGE,
                SignalKind.Source.MAPPED_EVENT), List.of(), null, List.of(), null, List.of(source)));
        return new SalesforceSignalEvents(properties(), CLOCK, () -> SignalCatalog.of(kinds));
    }

    /** An Order_Delayed__e of the org's own as CometD delivers it, with these payload fields. */
    private static String orderDelayed(String fields) {
        return "{\"channel\":\"/event/Order_Delayed__e\",\"data\":{\"schema\":\"s\",\"payload\":{"
                + "\"CreatedDate\":\"2026-11-26T09:00:00.000+0000\"," + fields + "},"
                + "\"event\":{\"EventUuid\":\"od-uuid-1\",\"replayId\":4}}}";
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
