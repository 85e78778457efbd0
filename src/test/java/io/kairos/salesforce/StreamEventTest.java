package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The replay id of a Streaming API message is read exactly: a fraction or an overflow is no position. */
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
}
