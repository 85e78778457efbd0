package io.kairos.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.platform.Inbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Closes the open replay gaps: Order changes made during a gap are queried by {@code LastModifiedDate} and stored
 * as delay events in the inbox; platform events of a gap cannot be queried, so their loss is counted and logged.
 */
@Component("replayGapReconciler")
public class ReplayGapReconciler {

    static final String UNRECOVERABLE_COUNTER = "kairos.salesforce.replay.gap.unrecoverable";
    static final String EVENT_ID_PREFIX = "reconcile:";

    private static final Logger log = LoggerFactory.getLogger(ReplayGapReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NEXT_RECORDS_PREFIX = "/services/data/";

    private final ReplayPositions positions;
    private final Inbox inbox;
    private final ProducerTemplate producer;
    private final SignalChannelProperties properties;
    private final MeterRegistry meters;
    private final SubscriberTerm term;

    public ReplayGapReconciler(ReplayPositions positions, Inbox inbox, ProducerTemplate producer,
                               SignalChannelProperties properties, MeterRegistry meters, SubscriberTerm term) {
        this.term = term;
        this.positions = positions;
        this.inbox = inbox;
        this.producer = producer;
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * Reconciles every open gap; a gap whose query fails stays open for the next run. Returns the gaps closed. Only
     * the replica that runs the subscriptions reconciles: the others would spend the org's API calls on the same
     * queries.
     */
    public int reconcileOpenGaps() {
        if (!term.active()) {
            return 0;
        }
        int closed = 0;
        for (ReplayGap gap : positions.openGaps()) {
            try {
                if (reconcile(gap)) {
                    closed++;
                }
            } catch (RuntimeException e) {
                log.warn("Salesforce channel {}: the replay gap since {} is still open, reconciliation failed ({}); "
                        + "retrying on the next run", gap.channel(), gap.since(), rootMessage(e));
            }
        }
        return closed;
    }

    /** Reconciles one gap and closes it; false when another run closed it first. */
    boolean reconcile(ReplayGap gap) {
        if (gap.channel().equals(CamelReplayIds.channelName(properties.orderChangeChannel())) && gap.since() != null) {
            reconcileOrders(gap);
        } else {
            Counter.builder(UNRECOVERABLE_COUNTER)
                    .description("Replay gaps whose events Salesforce cannot return (platform events are not "
                            + "queryable): events in the gap are lost")
                    .tag("channel", gap.channel())
                    .register(meters)
                    .increment();
            log.error("Salesforce channel {}: events published between {} and the earliest retained event are "
                    + "unrecoverable (platform events cannot be queried once out of retention); closing the gap "
                    + "detected at {} without them. Ask the publisher to raise missed signals again (POST "
                    + "/api/signals).", gap.channel(), gap.since(), gap.detectedAt());
        }
        return positions.closeGap(gap.channel());
    }

    private void reconcileOrders(ReplayGap gap) {
        String soql = delayedOrdersDuring(gap);
        JsonNode page = query(SalesforceCustomerDirectory.QUERY_ENDPOINT, soql);
        int orders = 0;
        int stored = 0;
        int pages = 1;
        while (true) {
            for (JsonNode order : page.path("records")) {
                orders++;
                if (store(gap.channel(), order)) {
                    stored++;
                }
            }
            String next = page.path("done").asBoolean(true) ? null : StreamEvent.text(page.path("nextRecordsUrl"));
            if (next == null) {
                break;
            }
            if (!next.startsWith(NEXT_RECORDS_PREFIX)) {
                throw new IllegalStateException("Salesforce sent an unexpected nextRecordsUrl: " + next);
            }
            page = query(SoqlPages.QUERY_MORE_ENDPOINT, next);
            pages++;
        }
        log.info("Salesforce channel {}: replay gap since {} reconciled: {} orders in status {} changed since then "
                + "({} pages), {} new delay events in the inbox", gap.channel(), gap.since(),
                orders, properties.delayedStatus(), pages, stored);
    }

    /**
     * The Orders in the delayed status changed during the gap, oldest first: from the last stored event (rounded down
     * to the second) until the oldest change Salesforce still retained when the gap was found. Later changes are
     * replayed by the subscription itself (it resubscribed from the earliest retained event), so querying them too
     * would signal the same delay twice.
     */
    String delayedOrdersDuring(ReplayGap gap) {
        String status = properties.fields().orderStatus();
        Instant retainedFrom = gap.detectedAt().minus(properties.retention());
        Instant until = retainedFrom.truncatedTo(ChronoUnit.SECONDS).equals(retainedFrom)
                ? retainedFrom : retainedFrom.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return "SELECT Id, " + status + ", LastModifiedDate FROM Order WHERE " + status + " = "
                + SoqlQueries.literal(properties.delayedStatus()) + " AND LastModifiedDate >= "
                + DateTimeFormatter.ISO_INSTANT.format(gap.since().truncatedTo(ChronoUnit.SECONDS))
                + " AND LastModifiedDate < " + DateTimeFormatter.ISO_INSTANT.format(until)
                + " ORDER BY LastModifiedDate";
    }

    private boolean store(String channel, JsonNode order) {
        String id = StreamEvent.text(order.path("Id"));
        String lastModified = StreamEvent.text(order.path("LastModifiedDate"));
        if (id == null || lastModified == null) {
            throw new IllegalStateException("Salesforce Order row without Id or LastModifiedDate: " + order);
        }
        String eventId = EVENT_ID_PREFIX + id + ":" + lastModified;
        String payload = reconciledChange(channel, eventId, id,
                StreamEvent.text(order.path(properties.fields().orderStatus())), lastModified);
        return inbox.accept(SalesforceSignalEvents.SOURCE, eventId, StreamEvent.parse(payload).eventType(), payload);
    }

    /**
     * A change event as the Streaming API would have delivered it for this status change, which
     * {@link SalesforceSignalEvents#toSignal} maps like a live one; its EventUuid is the reconciliation's event id.
     */
    String reconciledChange(String channel, String eventId, String orderId, String status, String lastModified) {
        Instant modified = StreamEvent.instant(lastModified);
        ObjectNode message = JSON.createObjectNode();
        message.put("channel", channel);
        ObjectNode data = message.putObject("data");
        data.put("schema", "kairos-replay-gap-reconciliation");
        ObjectNode payload = data.putObject("payload");
        ObjectNode header = payload.putObject("ChangeEventHeader");
        header.put("entityName", "Order");
        header.putArray("recordIds").add(orderId);
        header.put("changeType", "UPDATE");
        header.put("changeOrigin", "kairos/replay-gap-reconciliation");
        if (modified != null) {
            header.put("commitTimestamp", modified.toEpochMilli());
        }
        header.putArray("changedFields").add(properties.fields().orderStatus()).add("LastModifiedDate");
        payload.put(properties.fields().orderStatus(), status);
        payload.put("LastModifiedDate", lastModified);
        data.putObject("event").put("EventUuid", eventId);
        return message.toString();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private JsonNode query(String endpoint, String body) {
        String json = producer.requestBody(endpoint, body, String.class);
        try {
            return JSON.readTree(json == null ? "{}" : json);
        } catch (IOException e) {
            throw new UncheckedIOException("Salesforce query answer is not JSON", e);
        }
    }
}
