package io.kairos.platform;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Accepts one webhook delivery in two steps, so a Kamelet can own the HTTP side: verify (in the webhook source
 * Kamelet), then identify and write to the inbox (in the flow), and only then answer 2xx. Processing happens later
 * from the inbox, so a crash after the ack loses nothing. An authentic delivery its source ignores (no flow for it)
 * is answered 200 without being stored, the same way for every source.
 */
@Component("webhookIntake")
public class WebhookIntake {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

    /** Deliveries per source and outcome: accepted, duplicate, ignored, or why refused (unauthorized, ...). */
    public static final String COUNTER = "kairos.webhooks";

    private final Map<String, WebhookSource> sources;
    private final Inbox inbox;
    private final WebhookProperties properties;
    private final MeterRegistry meters;

    public WebhookIntake(List<WebhookSource> sources, Inbox inbox, WebhookProperties properties,
                         MeterRegistry meters) {
        this.sources = sources.stream().collect(Collectors.toMap(WebhookSource::name, Function.identity()));
        this.inbox = inbox;
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * Checks a delivery's signature with the webhook's secret: null when it is authentic, else the 401 reply.
     * {@code headers} are looked up case-insensitively. A webhook source Kamelet calls it by name alone: Camel
     * binds the arguments from the exchange by these annotations, which costs far less per delivery than
     * evaluating an argument list in the Simple language.
     */
    public WebhookReply verify(@ExchangeProperty("webhookSource") String sourceName, @Body byte[] body,
                               @Headers Map<String, Object> headers, @ExchangeProperty("webhookSecret") String secret) {
        WebhookSource source = source(sourceName);
        Map<String, Object> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        try {
            source.verify(body == null ? new byte[0] : body, name -> {
                Object value = byName.get(name);
                return value == null ? null : value.toString();
            }, secret);
            return null;
        } catch (WebhookRejectedException e) {
            count(sourceName, "unauthorized");
            LOG.info("Rejected {} webhook: {}", sourceName, e.getMessage());
            return WebhookReply.error(401, "unauthorized", e.getMessage());
        }
    }

    /**
     * Turns the reply into the HTTP answer: status, a JSON body, Retry-After when set, and no other header (the
     * request's headers must not echo back).
     */
    public void answer(@ExchangeProperty("webhookReply") WebhookReply reply, Message message) {
        WebhookReply answer = reply != null ? reply
                : WebhookReply.error(500, "no_reply", "the webhook's flow gave no answer");
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (answer.retryAfter() != null) {
            message.setHeader("Retry-After", answer.retryAfter());
        }
        message.setBody(answer.json());
    }

    /**
     * Identifies an authentic delivery and writes it to the inbox: 202, 200 for a redelivery or an event Kairos has
     * no flow for, 400 for a body that cannot be stored as it is, 503 while the store is down.
     */
    public WebhookReply store(String sourceName, byte[] body) {
        WebhookSource source = source(sourceName);
        byte[] raw = body == null ? new byte[0] : body;
        WebhookSource.Delivery delivery = null;
        try {
            delivery = source.identify(raw);
            if (delivery.isIgnored()) {
                count(sourceName, "ignored");
                LOG.debug("Ignored {} webhook {} ({}): {}", sourceName, delivery.eventId(), delivery.eventType(),
                        delivery.ignoreReason());
                return WebhookReply.of(200, "{\"status\":\"ignored\",\"eventId\":\""
                        + WebhookReply.escape(delivery.eventId()) + "\",\"reason\":\""
                        + WebhookReply.escape(delivery.ignoreReason()) + "\"}");
            }
            checkStorable("event id", delivery.eventId(), Inbox.MAX_EVENT_ID);
            checkStorable("event type", delivery.eventType(), Inbox.MAX_EVENT_TYPE);
            boolean fresh = inbox.accept(sourceName, delivery.eventId(), delivery.eventType(),
                    new String(raw, StandardCharsets.UTF_8));
            count(sourceName, fresh ? "accepted" : "duplicate");
            LOG.info("{} {} webhook {} ({})", fresh ? "Stored" : "Already had", sourceName, delivery.eventId(),
                    delivery.eventType());
            return WebhookReply.of(fresh ? 202 : 200, "{\"status\":\"" + (fresh ? "accepted" : "duplicate")
                    + "\",\"eventId\":\"" + WebhookReply.escape(delivery.eventId()) + "\"}");
        } catch (MalformedWebhookException e) {
            count(sourceName, "malformed");
            return WebhookReply.error(400, "malformed", e.getMessage());
        } catch (DataAccessException e) {
            if (StoreOutage.isOutage(e)) {
                count(sourceName, "store_unavailable");
                LOG.warn("Store unavailable, {} webhook refused with 503: {}", sourceName,
                        e.getMostSpecificCause().getMessage());
                return new WebhookReply(503, "{\"error\":\"store_unavailable\",\"message\":\"The delivery could "
                        + "not be stored; retry later.\"}", properties.storeDownRetryAfter().toSeconds());
            }
            // The store is up and refused this row: redelivering it would fail the same way, so no Retry-After.
            count(sourceName, "store_refused");
            LOG.error("The store refused {} webhook {}: {}", sourceName, delivery == null ? "?" : delivery.eventId(),
                    e.getMostSpecificCause().getMessage(), e);
            return WebhookReply.error(500, "store_refused", "the delivery could not be stored");
        }
    }

    /**
     * A value the inbox row cannot hold is refused here, naming it, rather than by the insert, whose failure would
     * look like a store outage and make the sender redeliver it forever.
     */
    private static void checkStorable(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw new MalformedWebhookException(field + " is " + value.length() + " characters long; at most "
                    + maxLength + " are accepted");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new MalformedWebhookException(field + " contains a control character");
        }
    }

    private WebhookSource source(String sourceName) {
        WebhookSource source = sources.get(sourceName);
        if (source == null) {
            throw new IllegalArgumentException("no webhook source named " + sourceName);
        }
        return source;
    }

    private void count(String source, String outcome) {
        meters.counter(COUNTER, "source", source, "outcome", outcome).increment();
    }
}
