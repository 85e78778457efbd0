package io.kairos.proactive;

/** A channel's request builder: turns an outbox message and its rendered text into what its sink Kamelet takes. */
public interface MessageRequests {

    /** Whether the channel can send now (it is configured, and in use); while it cannot, its messages stay planned. */
    default boolean ready(String channel) {
        return true;
    }

    /** The sink's request for the message, {@code text} being its rendered template. */
    Object request(OutboxMessage message, String text);
}
