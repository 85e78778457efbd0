package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.platform.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Intercom's X-Hub-Signature: sha1= + hex HMAC-SHA1 of the raw body, keyed with the client secret. */
class IntercomSignatureTest {

    /** RFC 2202, HMAC-SHA1 test case 2: an independent vector for the algorithm and the hex encoding. */
    private static final String RFC_KEY = "Jefe";
    private static final byte[] RFC_DATA = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
    private static final String RFC_DIGEST = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";

    private static final byte[] BODY = "{\"type\":\"notification_event\",\"id\":\"notif_1\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final IntercomSignature signature = new IntercomSignature("client-secret");

    @Test
    void signsWithHmacSha1InLowercaseHexAfterTheSha1Prefix() {
        assertThat(new IntercomSignature(RFC_KEY).sign(RFC_DATA)).isEqualTo("sha1=" + RFC_DIGEST);
    }

    @Test
    void acceptsItsOwnSignatureWhateverTheCaseOfTheHexAndSurroundingWhitespace() {
        String valid = signature.sign(BODY);

        assertThatCode(() -> signature.verify(BODY, valid)).doesNotThrowAnyException();
        assertThatCode(() -> signature.verify(BODY, " " + valid.toUpperCase() + "\n")).doesNotThrowAnyException();
        assertThatCode(() -> new IntercomSignature(RFC_KEY).verify(RFC_DATA, "sha1=" + RFC_DIGEST))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsATamperedBodyOrAnotherSecretsSignature() {
        byte[] tampered = "{\"type\":\"notification_event\",\"id\":\"notif_2\"}".getBytes(StandardCharsets.UTF_8);
        String otherSecret = new IntercomSignature("not-the-secret").sign(BODY);

        assertThatThrownBy(() -> signature.verify(tampered, signature.sign(BODY)))
                .isInstanceOf(WebhookRejectedException.class).hasMessage("signature does not match");
        assertThatThrownBy(() -> signature.verify(BODY, otherSecret))
                .isInstanceOf(WebhookRejectedException.class).hasMessage("signature does not match");
        assertThatThrownBy(() -> signature.verify(BODY, signature.sign(BODY).substring(0, 30)))
                .as("a truncated digest").isInstanceOf(WebhookRejectedException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void rejectsAMissingSignature(String header) {
        assertThatThrownBy(() -> signature.verify(BODY, header))
                .isInstanceOf(WebhookRejectedException.class).hasMessage("missing X-Hub-Signature");
    }

    @Test
    void rejectsADigestWithoutTheSha1PrefixOrWithAnotherAlgorithm() {
        String hexOnly = signature.sign(BODY).substring("sha1=".length());

        assertThatThrownBy(() -> signature.verify(BODY, hexOnly))
                .isInstanceOf(WebhookRejectedException.class).hasMessage("X-Hub-Signature must be sha1=<hex digest>");
        assertThatThrownBy(() -> signature.verify(BODY, "sha256=" + hexOnly))
                .isInstanceOf(WebhookRejectedException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void withoutAClientSecretEveryDeliveryIsRejected(String secret) {
        IntercomSignature unconfigured = new IntercomSignature(secret);

        assertThatThrownBy(() -> unconfigured.verify(BODY, signature.sign(BODY)))
                .isInstanceOf(WebhookRejectedException.class)
                .hasMessageContaining("INTERCOM_CLIENT_SECRET is not set");
    }
}
