package io.kairos.platform;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Structured (JSON) logs mask secrets as the plain-text pattern does: every string member, the message and the stack
 * trace included. Named in application.yaml as {@code logging.structured.json.customizer}.
 */
public class SecretMaskingJsonCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, SecretMask::mask));
    }
}
