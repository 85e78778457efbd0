package io.kairos.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Avro records as Salesforce's Pub/Sub API carries them, built from the test schemas under {@code pubsub/}: a record
 * from field values (a map for a nested record such as an Address), and change events (Order, Account, Opportunity)
 * with their ChangeEventHeader.
 */
public final class PubSubRecords {

    public static final String ORDER_CHANGE_SCHEMA = "pubsub/OrderChangeEvent.avsc";
    public static final String ACCOUNT_CHANGE_SCHEMA = "pubsub/AccountChangeEvent.avsc";
    public static final String OPPORTUNITY_CHANGE_SCHEMA = "pubsub/OpportunityChangeEvent.avsc";

    private PubSubRecords() {
    }

    public static Schema schema(String resource) {
        try (InputStream in = PubSubRecords.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record of {@code schema}; a Map value fills the nested record of an (optional) record field. */
    public static GenericRecord record(Schema schema, Map<String, ?> fields) {
        GenericRecord record = new GenericData.Record(schema);
        fields.forEach((name, value) -> {
            Schema.Field field = schema.getField(name);
            if (field == null) {
                throw new IllegalArgumentException(schema.getName() + " has no field " + name);
            }
            Schema nestedRecord = recordOf(field.schema());
            record.put(name, value instanceof Map<?, ?> nested && nestedRecord != null
                    ? record(nestedRecord, cast(nested)) : value);
        });
        return record;
    }

    /**
     * An Order change event as Salesforce publishes it over the Pub/Sub API: the header with the bitmap entries given
     * ({@code changedFields}; diffFields and nulledFields empty) and the record fields given, all others null.
     */
    public static GenericRecord orderChange(Schema schema, String changeType, String orderId, Instant commitTime,
                                            long commitNumber, List<String> changedFields, Map<String, ?> fields) {
        return change(schema, "Order", changeType, orderId, commitTime, commitNumber, changedFields, fields);
    }

    /** A change event of {@code entity}'s record as Salesforce publishes it, as {@link #orderChange} describes. */
    public static GenericRecord change(Schema schema, String entity, String changeType, String recordId,
                                       Instant commitTime, long commitNumber, List<String> changedFields,
                                       Map<String, ?> fields) {
        Schema headerSchema = schema.getField("ChangeEventHeader").schema();
        GenericRecord header = record(headerSchema, Map.ofEntries(
                Map.entry("entityName", entity),
                Map.entry("recordIds", List.of(recordId)),
                Map.entry("changeType", new GenericData.EnumSymbol(headerSchema.getField("changeType").schema(),
                        changeType)),
                Map.entry("changeOrigin", "com/salesforce/api/soap/62.0;client=SfdcInternalAPI/"),
                // One transaction per change: the inbox keys a change event by its transaction and record.
                Map.entry("transactionKey", UUID.nameUUIDFromBytes((recordId + ":" + commitNumber)
                        .getBytes(StandardCharsets.UTF_8)).toString()),
                Map.entry("sequenceNumber", 1),
                Map.entry("commitTimestamp", commitTime.toEpochMilli()),
                Map.entry("commitNumber", commitNumber),
                Map.entry("commitUser", "005000000000001AAA"),
                Map.entry("nulledFields", List.of()),
                Map.entry("diffFields", List.of()),
                Map.entry("changedFields", changedFields)));
        GenericRecord event = record(schema, fields);
        event.put("ChangeEventHeader", header);
        return event;
    }

    /** The record a field holds (its one record branch when optional), or null when it holds none. */
    private static Schema recordOf(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(s -> s.getType() == Schema.Type.RECORD).findFirst().orElse(null);
        }
        return schema.getType() == Schema.Type.RECORD ? schema : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
