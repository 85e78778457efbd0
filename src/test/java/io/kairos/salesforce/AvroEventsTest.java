package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.proactive.Signal;
import io.kairos.support.PubSubRecords;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Pub/Sub event's Avro record becomes the JSON Salesforce sends over CometD: a platform event as before, a change
 * event with its bitmap header fields decoded to field names by the event's schema, numbers exact; a record Kairos
 * cannot read is refused with the reason, and the event is kept with that reason for the signal flow to dead-letter.
 */
class AvroEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema ORDER_CHANGE = PubSubRecords.schema(PubSubRecords.ORDER_CHANGE_SCHEMA);
    private static final Schema SIGNAL = PubSubRecords.schema("pubsub/Kairos_Signal__e.avsc");
    private static final String ORDER_ID = "801000000000102AAA";
    // Bit 7 is Status, bit 16 LastModifiedDate (their positions in OrderChangeEvent.avsc).
    private static final String STATUS_AND_LAST_MODIFIED = "0x010080";

    private final Instant committed = SalesforceSignalEventsTest.START.minus(Duration.ofHours(1));
    private final SalesforceSignalEvents signals =
            new SalesforceSignalEvents(SalesforceSignalEventsTest.properties(), SalesforceSignalEventsTest.CLOCK);

    @Test
    void aPlatformEventKeepsItsFieldsAndEpochMillisecondDateTimes() throws Exception {
        GenericRecord event = PubSubRecords.record(SIGNAL, Map.of("CreatedDate", 1764151500000L,
                "CreatedById", new Utf8("005000000000001AAA"), "Type__c", new Utf8("OUTAGE"),
                "Title__c", "Checkout down",
                "Starts_At__c", 1764151500000L));

        JsonNode payload = AvroEvents.toJson(event);

        assertThat(payload).isEqualTo(JSON.readTree("""
                {"CreatedDate":1764151500000,"CreatedById":"005000000000001AAA","Type__c":"OUTAGE",
                 "Record_Id__c":null,"Severity__c":null,"Title__c":"Checkout down","Body__c":null,"Product__c":null,
                 "Starts_At__c":1764151500000,"Ends_At__c":null}"""));
    }

    @Test
    void aCreateKeepsItsEmptyChangedFieldsAndEveryRecordField() {
        GenericRecord event = PubSubRecords.orderChange(ORDER_CHANGE, "CREATE", ORDER_ID, committed, 11657372702432L,
                List.of(), Map.of("Status", "Draft", "BillingAddress", Map.of("City", "Lyon")));

        JsonNode payload = AvroEvents.toJson(event);

        JsonNode header = payload.path("ChangeEventHeader");
        assertThat(header.path("changeType").asText()).isEqualTo("CREATE");
        assertThat(header.path("changedFields").isArray()).isTrue();
        assertThat(header.path("changedFields")).isEmpty();
        assertThat(header.path("recordIds").get(0).asText()).isEqualTo(ORDER_ID);
        assertThat(header.path("commitTimestamp").asLong()).isEqualTo(committed.toEpochMilli());
        assertThat(payload.path("BillingAddress").path("City").asText()).isEqualTo("Lyon");
        assertThat(payload.path("BillingAddress").path("Street").isNull()).isTrue();
        assertThat(payload.path("Description").isNull()).as("an unset field is present, null").isTrue();
        assertThat(signals.toSignal(message(event, "ps-create"))).as("a new order is no delay").isEmpty();
    }

    @Test
    void anUpdateOfStatusToDelayedNamesItsChangedFieldsAndIsAnOrderDelayAsOverCometD() {
        GenericRecord event = PubSubRecords.orderChange(ORDER_CHANGE, "UPDATE", ORDER_ID, committed, 11657372702432L,
                List.of(STATUS_AND_LAST_MODIFIED), Map.of("Status", "Delayed",
                        "LastModifiedDate", committed.toEpochMilli()));

        JsonNode header = AvroEvents.toJson(event).path("ChangeEventHeader");
        Signal signal = signals.toSignal(message(event, "ps-update")).orElseThrow();
        Signal overCometD = signals.toSignal(SalesforceSignalEventsTest.fixture("order-change-delayed.json"))
                .orElseThrow();

        assertThat(header.path("changedFields")).extracting(JsonNode::asText)
                .containsExactly("Status", "LastModifiedDate");
        assertThat(signal.type()).isEqualTo(overCometD.type()).isEqualTo(Signal.Type.ORDER_DELAY);
        assertThat(signal.recordId()).isEqualTo(overCometD.recordId()).isEqualTo(ORDER_ID);
        assertThat(signal.severity()).isEqualTo(overCometD.severity());
        assertThat(signal.startsAt()).isEqualTo(overCometD.startsAt()).isEqualTo(committed);
        assertThat(signal.dedupeKey()).as("keyed by its transaction and record, as over CometD")
                .isEqualTo("sf:cdc:" + header.path("transactionKey").asText() + ":" + ORDER_ID);
    }

    @Test
    void aCompoundChangeNamesTheNestedFieldsOrTheWholeField() {
        // BillingAddress is field 9; City and PostalCode are its fields 1 and 3. ShippingAddress (10): all 10 parts.
        GenericRecord event = PubSubRecords.orderChange(ORDER_CHANGE, "UPDATE", ORDER_ID, committed, 1L,
                List.of("0x010000", "9-0x0A", "10-0x3FF"), Map.of("BillingAddress", Map.of("City", "Lyon",
                        "PostalCode", "69001")));
        ((GenericRecord) event.get("ChangeEventHeader")).put("nulledFields", List.of("0x00", "9-0x01"));
        ((GenericRecord) event.get("ChangeEventHeader")).put("diffFields", List.of("0x0100"));

        JsonNode header = AvroEvents.toJson(event).path("ChangeEventHeader");

        assertThat(header.path("changedFields")).extracting(JsonNode::asText).containsExactly("LastModifiedDate",
                "BillingAddress.City", "BillingAddress.PostalCode", "ShippingAddress");
        assertThat(header.path("nulledFields")).extracting(JsonNode::asText).containsExactly("BillingAddress.Street");
        assertThat(header.path("diffFields")).extracting(JsonNode::asText).containsExactly("Description");
    }

    @Test
    void aCommitNumberAbove2To53StaysExact() throws Exception {
        long commitNumber = (1L << 53) + 1;
        GenericRecord event = PubSubRecords.orderChange(ORDER_CHANGE, "UPDATE", ORDER_ID, committed, commitNumber,
                List.of(STATUS_AND_LAST_MODIFIED), Map.of("Status", "Delayed"));

        String message = message(event, "ps-big");

        assertThat(message).contains("\"commitNumber\":9007199254740993");
        assertThat(JSON.readTree(message).path("data").path("payload").path("ChangeEventHeader").path("commitNumber")
                .asLong()).isEqualTo(commitNumber);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0xZZ      | is not a Pub/Sub field bitmap",
            "Status    | is not a Pub/Sub field bitmap",
            "0x        | is not a Pub/Sub field bitmap",
            "0x040000  | sets bit 18, but OrderChangeEvent has 18 fields",
            "99-0x01   | names field 99, but OrderChangeEvent has 18 fields",
            "7-0x01    | names Status, which is not a compound field",
            "9-0x0400  | sets bit 10, but Address has 10 fields"})
    void aMalformedBitmapIsRefusedWithTheReason(String entry, String reason) {
        GenericRecord event = PubSubRecords.orderChange(ORDER_CHANGE, "UPDATE", ORDER_ID, committed, 1L,
                List.of(entry), Map.of("Status", "Delayed"));

        assertThatThrownBy(() -> AvroEvents.toJson(event)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("changedFields").hasMessageContaining(reason);
    }

    @Test
    void anUnreadableEventKeepsItsIdentityAndPayloadAsSentAndItsSignalIsRefusedWithTheReason() throws Exception {
        GenericRecord event = PubSubRecords.orderChange(ORDER_CHANGE, "UPDATE", ORDER_ID, committed, 1L,
                List.of("0xZZ"), Map.of("Status", "Delayed"));

        String message = message(event, "ps-bad");

        JsonNode stored = JSON.readTree(message);
        assertThat(stored.path("data").path("event").path("pubSubReplayId").asText()).isEqualTo("AAAAAAAAAAk=");
        assertThat(stored.path("data").path("event").path("unreadable").asText())
                .contains("changedFields entry '0xZZ'");
        assertThat(stored.path("data").path("payload").path("ChangeEventHeader").path("changedFields").get(0)
                .asText()).as("as sent").isEqualTo("0xZZ");
        assertThat(stored.path("data").path("payload").path("Status").asText()).isEqualTo("Delayed");
        assertThatThrownBy(() -> signals.toSignal(message)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable Salesforce event cdc:")
                .hasMessageContaining(" on /data/OrderChangeEvent")
                .hasMessageContaining("changedFields entry '0xZZ'");
    }

    @Test
    void everyAvroValueHasItsJson() throws Exception {
        Schema schema = SchemaBuilder.record("Kinds").fields()
                .requiredInt("count").requiredBoolean("flag").requiredDouble("amount").requiredBytes("data")
                .name("tags").type().map().values().stringType().noDefault()
                .name("kind").type().enumeration("Kind").symbols("A", "B").noDefault()
                .name("list").type().array().items().longType().noDefault()
                .endRecord();
        GenericRecord record = PubSubRecords.record(schema, Map.of("count", 7, "flag", true, "amount", 12.5,
                "data", ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)),
                "tags", Map.of(new Utf8("k"), new Utf8("v")),
                "kind", new GenericData.EnumSymbol(schema.getField("kind").schema(), "B"),
                "list", List.of(Long.MAX_VALUE)));

        assertThat(AvroEvents.toJson(record)).isEqualTo(JSON.readTree("""
                {"count":7,"flag":true,"amount":12.5,"data":"aGk=","tags":{"k":"v"},"kind":"B",
                 "list":[9223372036854775807]}"""));
    }

    @Test
    void aNumberJsonCannotCarryIsRefused() {
        Schema schema = SchemaBuilder.record("Amounts").fields().requiredDouble("amount").endRecord();

        GenericRecord record = PubSubRecords.record(schema, Map.of("amount", Double.NaN));

        assertThatThrownBy(() -> AvroEvents.toJson(record)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount is NaN");
        assertThat(message(record, "ps-nan")).as("stored with the reason and no payload")
                .contains("\"unreadable\":\"Pub/Sub event field amount is NaN, which JSON cannot carry\"")
                .contains("\"payload\":{}");
    }

    @Test
    void aBodyThatIsNoAvroRecordIsRefused() {
        assertThatThrownBy(() -> new PubSubEvents().toStreamMessage("{\"Type__c\":\"OUTAGE\"}", "AAk=", "e-1",
                "/event/X__e")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an Avro Pub/Sub event: java.lang.String");
    }

    private static String message(GenericRecord event, String eventId) {
        return new PubSubEvents().toStreamMessage(event, "AAAAAAAAAAk=", eventId, "/data/OrderChangeEvent");
    }
}
