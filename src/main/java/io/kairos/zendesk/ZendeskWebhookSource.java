package io.kairos.zendesk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.platform.WebhookSource;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/** Zendesk as a webhook source: signature per Zendesk's scheme, identity from either payload shape. */
@Component
class ZendeskWebhookSource implements WebhookSource {

    static final String NAME = "zendesk";

    private final ZendeskSignature signature;
    private final ZendeskPayloads payloads;

    ZendeskWebhookSource(ZendeskProperties properties, ObjectMapper json, Clock clock) {
        this.signature = new ZendeskSignature(properties.webhookSecret(), properties.signatureTolerance(), clock);
        this.payloads = new ZendeskPayloads(json);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void verify(byte[] body, UnaryOperator<String> header) {
        signature.verify(header.apply(ZendeskSignature.TIMESTAMP_HEADER), body,
                header.apply(ZendeskSignature.SIGNATURE_HEADER));
    }

    @Override
    public Delivery identify(byte[] body) {
        return payloads.identify(body);
    }
}
