package io.kairos.proactive;

import io.kairos.platform.DeadLetterReplayer;
import org.springframework.stereotype.Component;

/** Replays a planned message that went to the dead-letter table: it is planned again with a fresh budget. */
@Component
class OutboxDeadLetters implements DeadLetterReplayer {

    private final Outbox outbox;

    OutboxDeadLetters(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public String source() {
        return "outbox";
    }

    @Override
    public boolean replay(long deadLetterId, String eventId) {
        return outbox.replay(Long.parseLong(eventId));
    }

    @Override
    public boolean replay(long deadLetterId, String eventId, String actor) {
        return outbox.replay(Long.parseLong(eventId), actor);
    }

    @Override
    public boolean recordsReplays() {
        return true;
    }
}
