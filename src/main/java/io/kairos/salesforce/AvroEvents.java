package io.kairos.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * A Pub/Sub API event (an Avro record, unions resolved) as the JSON payload Salesforce sends over the Streaming API:
 * records as objects, text as text, ints and longs as exact integers (a change event's commitNumber exceeds 2^53),
 * enums as their symbol, bytes as Base64, and a change event's bitmap header fields as field names
 * ({@link ChangeEventBitmaps}).
 */
final class AvroEvents {

    static final String CHANGE_EVENT_HEADER = "ChangeEventHeader";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroEvents() {
    }

    /** @throws IllegalArgumentException when the event holds a value JSON cannot carry or a malformed bitmap */
    static ObjectNode toJson(GenericRecord event) {
        ObjectNode payload = asSent(event);
        // A platform event has no header; GenericRecord.get of a field its schema lacks would throw.
        if (event.getSchema().getField(CHANGE_EVENT_HEADER) != null
                && payload.get(CHANGE_EVENT_HEADER) instanceof ObjectNode header) {
            for (String bitmapField : ChangeEventBitmaps.FIELDS) {
                if (header.get(bitmapField) instanceof ArrayNode entries) {
                    header.set(bitmapField, names(ChangeEventBitmaps.fieldNames(event.getSchema(), texts(entries),
                            bitmapField)));
                }
            }
        }
        return payload;
    }

    /**
     * The event as Avro holds it, a change event's bitmaps left undecoded.
     *
     * @throws IllegalArgumentException when the event holds a value JSON cannot carry
     */
    static ObjectNode asSent(GenericRecord event) {
        return object(event, "");
    }

    private static ObjectNode object(GenericRecord record, String path) {
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            object.set(field.name(), value(record.get(field.pos()), path + field.name()));
        }
        return object;
    }

    private static JsonNode value(Object value, String path) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof GenericRecord record) {
            return object(record, path + ".");
        }
        if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?>) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Float || value instanceof Double) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                // JSON has no NaN or infinity: written anyway, the stored payload could not be read back.
                throw new IllegalArgumentException("Pub/Sub event field " + path + " is " + number
                        + ", which JSON cannot carry");
            }
            return NODES.numberNode(number);
        }
        if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] data = new byte[copy.remaining()];
            copy.get(data);
            return NODES.textNode(Base64.getEncoder().encodeToString(data));
        }
        if (value instanceof GenericFixed fixed) {
            return NODES.textNode(Base64.getEncoder().encodeToString(fixed.bytes()));
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            int i = 0;
            for (Object item : items) {
                array.add(value(item, path + "[" + i++ + "]"));
            }
            return array;
        }
        if (value instanceof Map<?, ?> entries) {
            ObjectNode map = NODES.objectNode();
            entries.forEach((key, item) -> map.set(String.valueOf(key), value(item, path + "." + key)));
            return map;
        }
        throw new IllegalArgumentException("Pub/Sub event field " + path + " holds an unsupported Avro value ("
                + value.getClass().getName() + ")");
    }

    private static List<String> texts(ArrayNode entries) {
        List<String> texts = new ArrayList<>();
        entries.forEach(entry -> texts.add(entry.isNull() ? null : entry.asText()));
        return texts;
    }

    private static ArrayNode names(List<String> names) {
        ArrayNode array = NODES.arrayNode();
        names.forEach(array::add);
        return array;
    }
}
