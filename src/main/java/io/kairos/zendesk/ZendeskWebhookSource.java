package io.kairos.zendesk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.WebhookRejectedException;
import io.kairos.platform.WebhookSource;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * Zendesk as a webhook source: signature per Zendesk's scheme with the secret of the webhook it came through (each
 * webhook has its own), identity from either payload shape.
 */
@Component
class ZendeskWebhookSource implements WebhookSource {

    static final String NAME = "zendesk";

    private final Map<String, ZendeskSignature> signatures = new ConcurrentHashMap<>();
    private final ZendeskProperties properties;
    private final ZendeskPayloads payloads;
    private final Clock clock;

    ZendeskWebhookSource(ZendeskProperties properties, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.payloads = new ZendeskPayloads(json);
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void verify(byte[] body, UnaryOperator<String> header, String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new WebhookRejectedException("no signing secret is configured for this webhook");
        }
        ZendeskSignature signature = signatures.computeIfAbsent(secret,
                s -> new ZendeskSignature(s, properties.signatureTolerance(), clock));
        signature.verify(header.apply(ZendeskSignature.TIMESTAMP_HEADER), body,
                header.apply(ZendeskSignature.SIGNATURE_HEADER));
    }

    @Override
    public Delivery identify(byte[] body) {
        return payloads.identify(body);
    }
}
