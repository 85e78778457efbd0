package io.kairos.salesforce;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * Decodes the bitmap header fields of a change event received over the Pub/Sub API (changedFields, diffFields,
 * nulledFields) into the field names the Streaming API sends, as Salesforce's "Event Deserialization
 * Considerations" describe: {@code "0x…"} is a hexadecimal number whose bit i (least significant first) stands for
 * field i of the event's Avro schema; {@code "<i>-0x…"} stands for the fields of the compound field at position i
 * (a nested record, e.g. BillingAddress), named {@code Parent.Child}.
 */
final class ChangeEventBitmaps {

    static final List<String> FIELDS = List.of("changedFields", "diffFields", "nulledFields");

    private static final Pattern TOP_LEVEL = Pattern.compile("0x([0-9a-fA-F]+)");
    private static final Pattern COMPOUND = Pattern.compile("(\\d{1,9})-0x([0-9a-fA-F]+)");

    private ChangeEventBitmaps() {
    }

    /**
     * The field names these bitmap entries stand for, in schema order, each once.
     *
     * @throws IllegalArgumentException when an entry is no bitmap, or sets a bit beyond its record's fields, or
     *                                  names a parent that is not a compound field
     */
    static List<String> fieldNames(Schema event, List<String> entries, String headerField) {
        Set<String> names = new LinkedHashSet<>();
        for (String entry : entries) {
            String text = entry == null ? "" : entry.trim();
            Matcher topLevel = TOP_LEVEL.matcher(text);
            Matcher compound = COMPOUND.matcher(text);
            if (topLevel.matches()) {
                for (int i : setBits(topLevel.group(1), event, headerField, text)) {
                    names.add(event.getFields().get(i).name());
                }
            } else if (compound.matches()) {
                names.addAll(compoundNames(event, Integer.parseInt(compound.group(1)), compound.group(2),
                        headerField, text));
            } else {
                throw new IllegalArgumentException(headerField + " entry '" + entry + "' of " + event.getName()
                        + " is not a Pub/Sub field bitmap (0x… or <index>-0x…)");
            }
        }
        return List.copyOf(names);
    }

    private static List<String> compoundNames(Schema event, int parentIndex, String hex, String headerField,
                                              String entry) {
        if (parentIndex >= event.getFields().size()) {
            throw new IllegalArgumentException(headerField + " entry '" + entry + "' names field " + parentIndex
                    + ", but " + event.getName() + " has " + event.getFields().size() + " fields");
        }
        Schema.Field parent = event.getFields().get(parentIndex);
        Schema nested = record(parent.schema());
        if (nested == null) {
            throw new IllegalArgumentException(headerField + " entry '" + entry + "' names " + parent.name()
                    + ", which is not a compound field");
        }
        List<Integer> bits = setBits(hex, nested, headerField, entry);
        // As Salesforce's own decoders do: every part of a compound field changed is the field itself.
        if (!bits.isEmpty() && bits.size() == nested.getFields().size()) {
            return List.of(parent.name());
        }
        List<String> names = new ArrayList<>();
        bits.forEach(i -> names.add(parent.name() + "." + nested.getFields().get(i).name()));
        return names;
    }

    private static List<Integer> setBits(String hex, Schema record, String headerField, String entry) {
        BigInteger bitmap = new BigInteger(hex, 16);
        if (bitmap.bitLength() > record.getFields().size()) {
            throw new IllegalArgumentException(headerField + " bitmap '" + entry + "' sets bit "
                    + (bitmap.bitLength() - 1) + ", but " + record.getName() + " has " + record.getFields().size()
                    + " fields");
        }
        List<Integer> bits = new ArrayList<>();
        for (int i = 0; i < bitmap.bitLength(); i++) {
            if (bitmap.testBit(i)) {
                bits.add(i);
            }
        }
        return bits;
    }

    /** The record a compound field holds: the field's own schema, or its one record branch when optional. */
    private static Schema record(Schema schema) {
        if (schema.getType() == Schema.Type.RECORD) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> records = schema.getTypes().stream().filter(s -> s.getType() == Schema.Type.RECORD).toList();
            return records.size() == 1 ? records.get(0) : null;
        }
        return null;
    }
}
