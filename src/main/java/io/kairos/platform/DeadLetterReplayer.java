package io.kairos.platform;

/** Replays the dead letters of one source that is not the inbox (e.g. the outbox of planned messages). */
public interface DeadLetterReplayer {

    /** The {@code dead_letter.source} this replayer owns. */
    String source();

    /** Puts the dead-lettered item back; true if something changed. */
    boolean replay(long deadLetterId, String eventId);

    /**
     * As {@link #replay(long, String)}, recording in the ledger that {@code actor} replayed it; a replayer that
     * records nothing of its own leaves it to the caller.
     *
     * @return true if something changed
     */
    default boolean replay(long deadLetterId, String eventId, String actor) {
        return replay(deadLetterId, eventId);
    }

    /** Whether {@link #replay(long, String, String)} writes the ledger entry itself. */
    default boolean recordsReplays() {
        return false;
    }
}
