package io.kairos.platform;

/** Replays the dead letters of one source that is not the inbox (e.g. the outbox of planned messages). */
public interface DeadLetterReplayer {

    /** The {@code dead_letter.source} this replayer owns. */
    String source();

    /** Puts the dead-lettered item back; true if something changed. */
    boolean replay(long deadLetterId, String eventId);
}
