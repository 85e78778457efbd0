package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.platform.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Zendesk's webhook signature: HMAC-SHA256 over timestamp + body, constant-time compare, replay window. */
class ZendeskSignatureTest {

    /** The test vector of Zendesk's documentation (see API-NOTES 1.1). */
    private static final String SECRET = "HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=";
    private static final String TIMESTAMP = "2021-07-25T10:00:00Z";
    private static final byte[] BODY = "{\"say\": \"hello\"}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "Rry/4TtIdFyawtXXp8QdI6tlAUUQ/5kL1OTp5qo/ZIk=";
    /** The same vector signed body + timestamp, as an older copy of the page described it. */
    private static final String BODY_THEN_TIMESTAMP_SIGNATURE = "tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=";

    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private final Clock clock = Clock.fixed(Instant.parse(TIMESTAMP), ZoneOffset.UTC);
    private final ZendeskSignature signature = new ZendeskSignature(SECRET, TOLERANCE, clock);

    @Test
    void signsTimestampThenBodyWithTheSecretAsText() {
        assertThat(signature.sign(TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsTheDocumentedVector() {
        assertThatCode(() -> signature.verify(TIMESTAMP, BODY, SIGNATURE)).doesNotThrowAnyException();
        assertThatCode(() -> signature.verify(TIMESTAMP, BODY, " " + SIGNATURE + "\n"))
                .as("the signature header may carry whitespace").doesNotThrowAnyException();
    }

    @Test
    void rejectsTheBodyThenTimestampOrder() {
        assertThatThrownBy(() -> signature.verify(TIMESTAMP, BODY, BODY_THEN_TIMESTAMP_SIGNATURE))
                .isInstanceOf(WebhookRejectedException.class).hasMessage("signature does not match");
    }

    @Test
    void rejectsAForgedSignature() {
        String otherSecret = new ZendeskSignature("not-the-secret", TOLERANCE, clock).sign(TIMESTAMP, BODY);
        byte[] tampered = "{\"say\": \"hellO\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> signature.verify(TIMESTAMP, BODY, otherSecret))
                .isInstanceOf(WebhookRejectedException.class).hasMessage("signature does not match");
        assertThatThrownBy(() -> signature.verify(TIMESTAMP, tampered, SIGNATURE))
                .isInstanceOf(WebhookRejectedException.class).hasMessage("signature does not match");
        assertThatThrownBy(() -> signature.verify("2021-07-25T10:00:01Z", BODY, SIGNATURE))
                .as("the timestamp is part of what is signed")
                .isInstanceOf(WebhookRejectedException.class).hasMessage("signature does not match");
        assertThatThrownBy(() -> signature.verify(TIMESTAMP, BODY, SIGNATURE.substring(0, 20)))
                .isInstanceOf(WebhookRejectedException.class).hasMessage("signature does not match");
    }

    @ParameterizedTest(name = "sent {0}")
    @CsvSource({"2021-07-25T09:54:59Z, past", "2021-07-25T10:05:01Z, future"})
    void rejectsACorrectlySignedButStaleDelivery(String sent, String side) {
        String signed = signature.sign(sent, BODY);

        assertThatThrownBy(() -> signature.verify(sent, BODY, signed))
                .isInstanceOf(WebhookRejectedException.class)
                .hasMessage("timestamp " + sent + " is outside the PT5M tolerance");
    }

    @ParameterizedTest(name = "sent {0}")
    @CsvSource({"2021-07-25T09:55:00Z", "2021-07-25T10:05:00Z"})
    void acceptsADeliveryAtTheEdgeOfTheTolerance(String sent) {
        assertThatCode(() -> signature.verify(sent, BODY, signature.sign(sent, BODY))).doesNotThrowAnyException();
    }

    @Test
    void rejectsMissingHeaders() {
        for (String[] headers : new String[][] {{null, SIGNATURE}, {"", SIGNATURE}, {TIMESTAMP, null},
                {TIMESTAMP, "  "}, {null, null}}) {
            assertThatThrownBy(() -> signature.verify(headers[0], BODY, headers[1]))
                    .isInstanceOf(WebhookRejectedException.class)
                    .hasMessage("missing X-Zendesk-Webhook-Signature or X-Zendesk-Webhook-Signature-Timestamp");
        }
    }

    @Test
    void rejectsAnUnreadableTimestamp() {
        for (String timestamp : new String[] {"yesterday", "1627207200", "2021-07-25 10:00:00"}) {
            assertThatThrownBy(() -> signature.verify(timestamp, BODY, signature.sign(timestamp, BODY)))
                    .isInstanceOf(WebhookRejectedException.class)
                    .hasMessage("unreadable X-Zendesk-Webhook-Signature-Timestamp");
        }
    }

    @Test
    void anEmptyBodySignsTheTimestampAlone() {
        String signed = signature.sign(TIMESTAMP, new byte[0]);

        assertThatCode(() -> signature.verify(TIMESTAMP, new byte[0], signed)).doesNotThrowAnyException();
        assertThat(signed).isNotEqualTo(SIGNATURE);
    }

    @Test
    void refusesAnEmptySecret() {
        assertThatThrownBy(() -> new ZendeskSignature("", TOLERANCE, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ZENDESK_WEBHOOK_SECRET");
        assertThatThrownBy(() -> new ZendeskSignature(null, TOLERANCE, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
