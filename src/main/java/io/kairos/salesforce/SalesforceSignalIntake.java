package io.kairos.salesforce;

import io.kairos.platform.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a Streaming API event in the durable inbox (once per EventUuid) and advances its channel's replay position
 * in the same transaction, so a restart resumes exactly after the last stored event.
 */
@Component("salesforceSignalIntake")
public class SalesforceSignalIntake {

    private static final Logger log = LoggerFactory.getLogger(SalesforceSignalIntake.class);

    private final Inbox inbox;
    private final ReplayPositions positions;

    public SalesforceSignalIntake(Inbox inbox, ReplayPositions positions) {
        this.inbox = inbox;
        this.positions = positions;
    }

    /** Stores the raw Bayeux message; false when this event was already stored. */
    @Transactional
    public boolean accept(String rawBayeuxJson) {
        StreamEvent event = StreamEvent.parse(rawBayeuxJson);
        boolean stored = inbox.accept(SalesforceSignalEvents.SOURCE, event.eventId(), event.eventType(),
                rawBayeuxJson);
        if (event.replayId() != null) {
            positions.advance(event.channel(), event.replayId(), event.eventId(), event.createdAt());
        }
        if (!stored) {
            log.debug("Salesforce event {} on {} was already stored", event.eventId(), event.channel());
        }
        return stored;
    }
}
