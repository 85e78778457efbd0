package io.kairos.proactive;

import java.time.Instant;

/**
 * A proactive message a channel accepted, as an answer to it needs it told: its kind, its subject (as sent) and
 * when it went out.
 */
public record SentMessage(String kind, String subject, Instant sentAt) { }
