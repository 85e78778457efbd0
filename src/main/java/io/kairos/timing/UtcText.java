package io.kairos.timing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A moment as Kairos's sentences say it, to the minute in UTC ("2026-11-27 09:00 UTC"), wherever they are written. */
public final class UtcText {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private UtcText() {
    }

    public static String of(Instant instant) {
        return UTC.format(instant);
    }
}
