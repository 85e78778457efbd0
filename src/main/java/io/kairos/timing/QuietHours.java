package io.kairos.timing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/** Local quiet hours in one zone: whether an instant falls inside them and the next instant they end. */
record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    boolean isEmpty() {
        return start.equals(end);
    }

    boolean contains(Instant instant) {
        return containsLocal(instant.atZone(zone).toLocalTime());
    }

    /** Whether this local time of day is quiet, whatever the zone. */
    boolean containsLocal(LocalTime local) {
        if (isEmpty()) {
            return false;
        }
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /**
     * The first instant at or after {@code from} outside quiet hours: {@code from} itself, or the earliest quiet end
     * after it. A quiet end in a daylight-saving gap resolves to the first valid instant after the gap; in an overlap
     * to the earlier offset, or the later one once the earlier has passed (local time repeats, so quiet hours do).
     */
    Instant nextAllowed(Instant from) {
        if (!contains(from)) {
            return from;
        }
        LocalDate day = from.atZone(zone).toLocalDate();
        Instant best = null;
        // Two days either side covers every quiet end a quiet instant can be waiting for, even across date-line shifts.
        for (LocalDate date = day.minusDays(2); !date.isAfter(day.plusDays(2)); date = date.plusDays(1)) {
            for (Instant candidate : endsOn(date)) {
                if (candidate.isAfter(from) && !contains(candidate) && (best == null || candidate.isBefore(best))) {
                    best = candidate;
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("no end of quiet hours " + start + "–" + end + " in " + zone
                    + " near " + from);
        }
        return best;
    }

    private List<Instant> endsOn(LocalDate date) {
        LocalDateTime local = LocalDateTime.of(date, end);
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return List.of(gap.getInstant());
        }
        return offsets.stream().map(local::toInstant).sorted().toList();
    }
}
