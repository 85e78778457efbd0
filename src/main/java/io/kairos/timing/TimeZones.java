package io.kairos.timing;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/** Time zones as the CRM writes them (a Contact's or Account's text field). */
public final class TimeZones {

    private TimeZones() {
    }

    /**
     * The zone a CRM text names, or empty when it is blank or a zone Java does not know: a zone Kairos cannot read is
     * no reason to skip a customer, so callers fall back as for a missing one.
     */
    public static Optional<ZoneId> parse(String zone) {
        if (zone == null || zone.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(zone.strip()));
        } catch (DateTimeException unknownZone) {
            return Optional.empty();
        }
    }
}
