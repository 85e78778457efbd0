package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.support.PubSubRecords;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The replay id of a Streaming API message is read exactly: a fraction or an overflow is no position; a Pub/Sub event
 * in the same shape keeps its opaque replay id and its DateTime fields in epoch milliseconds.
 */
class StreamEventTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "42                   | 42",
            "9223372036854775807  | 9223372036854775807",
            "18446744073709551658 | ",
            "42.5                 | ",
            "'\"42\"'             | "})
    void onlyAWholeNumberThatFitsIsAReplayId(String replayId, Long expected) {
        StreamEvent event = StreamEvent.parse("{\"channel\":\"/event/Kairos_Signal__e\",\"data\":{\"event\":"
                + "{\"replayId\":" + replayId + ",\"EventUuid\":\"e-1\"},\"payload\":{}}}");

        assertThat(event.replayId()).isEqualTo(expected);
    }

    @Test
    void aPubSubEventKeepsItsOpaqueReplayIdAndReadsEpochMilliseconds() {
        String message = new PubSubEvents().toStreamMessage(signal(Map.of("CreatedDate", 1764151500000L,
                "CreatedById", "005000000000001AAA", "Type__c", "OUTAGE")), "AAAAAAAAAAk=", "e-9",
                "/event/Kairos_Signal__e");

        StreamEvent event = StreamEvent.parse(message);

        assertThat(event.replayId()).isNull();
        assertThat(event.pubSubReplayId()).isEqualTo("AAAAAAAAAAk=");
        assertThat(event.eventId()).isEqualTo("e-9");
        assertThat(event.eventType()).isEqualTo("Kairos_Signal__e");
        assertThat(event.createdAt()).isEqualTo(Instant.ofEpochMilli(1764151500000L));
        assertThat(event.payload().path("Type__c").asText()).isEqualTo("OUTAGE");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1764151500000            | 2025-11-26T10:05:00Z",
            "2025-11-26T10:05:00.000+0000 | 2025-11-26T10:05:00Z",
            "2025-11-26               | 2025-11-26T00:00:00Z",
            "soon                     | "})
    void aDateTimeIsReadAsTextOrEpochMilliseconds(String text, Instant expected) {
        assertThat(StreamEvent.instant(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "false | AAk= | not an Avro Pub/Sub event: java.lang.String",
            "true  |      | replay id or channel missing"})
    void aPubSubEventKairosCannotReadIsRefusedWithTheReason(boolean avro, String replayId, String reason) {
        Object body = avro ? signal(Map.of("CreatedDate", 1L, "CreatedById", "005000000000001AAA")) : "{}";

        assertThatThrownBy(() -> new PubSubEvents().toStreamMessage(body, replayId, "e-1", "/event/X__e"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    /** A Kairos_Signal__e event as camel-salesforce hands it over with pubSubDeserializeType GENERIC_RECORD. */
    static GenericRecord signal(Map<String, ?> fields) {
        return PubSubRecords.record(PubSubRecords.schema("pubsub/Kairos_Signal__e.avsc"), fields);
    }
}
