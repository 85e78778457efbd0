package io.kairos.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.platform.Inbox;
import io.kairos.proactive.ChangeRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Closes the open replay gaps. On a change event channel, for each change rule of the signal catalog on it (the
 * Order status rule of order-change among them), the records of its entity changed during the gap whose field now
 * meets the rule are queried by {@code LastModifiedDate} and stored in the inbox as the change event that would have
 * carried it; platform events of a gap cannot be queried, so their loss is counted and logged.
 */
@Component("replayGapReconciler")
public class ReplayGapReconciler {

    static final String UNRECOVERABLE_COUNTER = "kairos.salesforce.replay.gap.unrecoverable";
    static final String EVENT_ID_PREFIX = "reconcile:";

    private static final Logger log = LoggerFactory.getLogger(ReplayGapReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // The catalog's schema allows only API names here; checked again since they are written into SOQL.
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final ReplayPositions positions;
    private final Inbox inbox;
    private final SoqlPages soql;
    private final SignalChannelProperties properties;
    private final MeterRegistry meters;
    private final SubscriberTerm term;
    private final SalesforceSignalEvents events;

    /** @param events what the catalog's change rules are, as the live change events are judged by them */
    public ReplayGapReconciler(ReplayPositions positions, Inbox inbox, SoqlPages soql,
                               SignalChannelProperties properties, MeterRegistry meters, SubscriberTerm term,
                               SalesforceSignalEvents events) {
        this.term = term;
        this.events = events;
        this.positions = positions;
        this.inbox = inbox;
        this.soql = soql;
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
        List<ChangeRule> rules = events.rulesOn(gap.channel());
        if (gap.since() != null && !rules.isEmpty()) {
            for (ChangeRule rule : rules) {
                reconcileChanges(gap, rule);
            }
        } else if (gap.since() != null && gap.channel().startsWith("/data/")) {
            log.info("Salesforce channel {}: replay gap since {} closed without a query: no kind of the signal "
                    + "catalog takes change events from it any more", gap.channel(), gap.since());
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

    private void reconcileChanges(ReplayGap gap, ChangeRule rule) {
        int[] records = {0};
        int[] stored = {0};
        int pages = soql.eachRecord(changesDuring(gap, rule), record -> {
            records[0]++;
            if (store(gap.channel(), rule, record)) {
                stored[0]++;
            }
            return true;
        });
        log.info("Salesforce channel {}: replay gap since {} reconciled for {}: {} records changed since then "
                + "({} pages), {} new change events in the inbox", gap.channel(), gap.since(), rule.describe(),
                records[0], pages, stored[0]);
    }

    /**
     * The records of the rule's entity whose field meets its condition, changed during the gap, oldest first: from
     * the last stored event (rounded down to the second) until the oldest change Salesforce still retained when the
     * gap was found. Later changes are replayed by the subscription itself (it resubscribed from the earliest
     * retained event), so querying them too would signal the same change twice. The condition in SOQL only narrows
     * the rows: each is judged by the rule itself before it is stored.
     */
    String changesDuring(ReplayGap gap, ChangeRule rule) {
        String field = apiName(rule.field());
        Instant retainedFrom = gap.detectedAt().minus(properties.retention());
        Instant until = retainedFrom.truncatedTo(ChronoUnit.SECONDS).equals(retainedFrom)
                ? retainedFrom : retainedFrom.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        String condition = switch (rule.condition()) {
            case BECOMES -> field + " = " + SoqlQueries.literal(rule.value());
            // The rule checked its value is a number when it was read.
            case BELOW -> field + " < " + new BigDecimal(rule.value().trim()).toPlainString();
            case ABOVE -> field + " > " + new BigDecimal(rule.value().trim()).toPlainString();
        };
        return "SELECT Id, " + field + ", LastModifiedDate FROM " + apiName(rule.entity()) + " WHERE " + condition
                + " AND LastModifiedDate >= "
                + DateTimeFormatter.ISO_INSTANT.format(gap.since().truncatedTo(ChronoUnit.SECONDS))
                + " AND LastModifiedDate < " + DateTimeFormatter.ISO_INSTANT.format(until)
                + " ORDER BY LastModifiedDate";
    }

    /** Stores the record's change unless the rule says it does not meet it; a value it cannot judge is stored. */
    private boolean store(String channel, ChangeRule rule, JsonNode record) {
        String id = StreamEvent.text(record.path("Id"));
        String lastModified = StreamEvent.text(record.path("LastModifiedDate"));
        if (id == null || lastModified == null) {
            throw new IllegalStateException("Salesforce " + rule.entity() + " row without Id or LastModifiedDate: "
                    + record);
        }
        try {
            if (!rule.matches(List.of(rule.field()), StreamEvent.text(record.path(rule.field())))) {
                return false;
            }
        } catch (IllegalArgumentException e) {
            // Stored all the same: the signal flow dead-letters it at once with the reason, as a live event.
        }
        // The same key for every rule of the record's change, so a record two rules query is stored once.
        String eventId = EVENT_ID_PREFIX + id + ":" + lastModified;
        String payload = reconciledChange(channel, eventId, rule, id, record.path(rule.field()), lastModified);
        return inbox.accept(SalesforceSignalEvents.SOURCE, eventId, StreamEvent.parse(payload).eventType(), payload);
    }

    /**
     * A change event as the Streaming API would have delivered it for this change of the rule's field, which
     * {@link SalesforceSignalEvents#toSignal} judges like a live one; its EventUuid is the reconciliation's event id.
     */
    String reconciledChange(String channel, String eventId, ChangeRule rule, String recordId, JsonNode value,
                            String lastModified) {
        Instant modified = StreamEvent.instant(lastModified);
        ObjectNode message = JSON.createObjectNode();
        message.put("channel", channel);
        ObjectNode data = message.putObject("data");
        data.put("schema", "kairos-replay-gap-reconciliation");
        ObjectNode payload = data.putObject("payload");
        ObjectNode header = payload.putObject("ChangeEventHeader");
        header.put("entityName", rule.entity());
        header.putArray("recordIds").add(recordId);
        header.put("changeType", "UPDATE");
        header.put("changeOrigin", "kairos/replay-gap-reconciliation");
        if (modified != null) {
            header.put("commitTimestamp", modified.toEpochMilli());
        }
        header.putArray("changedFields").add(rule.field()).add("LastModifiedDate");
        payload.set(rule.field(), value == null || value.isMissingNode() ? JSON.nullNode() : value);
        payload.put("LastModifiedDate", lastModified);
        data.putObject("event").put("EventUuid", eventId);
        return message.toString();
    }

    private static String apiName(String name) {
        if (!API_NAME.matcher(name).matches()) {
            throw new IllegalStateException("not a Salesforce API name: " + name);
        }
        return name;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
