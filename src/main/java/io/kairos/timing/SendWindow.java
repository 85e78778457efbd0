package io.kairos.timing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The local hours and days a kind's messages may go out (working hours), e.g. 09:00–17:00 Monday to Friday. A window
 * whose {@code to} is before its {@code from} runs past midnight; its days are the days it opens.
 */
public record SendWindow(LocalTime from, LocalTime to, Set<DayOfWeek> days) {

    public SendWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to)) {
            throw new IllegalArgumentException("a send window's from and to must differ, both were " + from
                    + " (leave the send-window out to allow every hour)");
        }
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("a send window needs at least one day");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    boolean contains(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        if (from.isBefore(to)) {
            return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
        }
        return days.contains(day) && !time.isBefore(from) || days.contains(day.minus(1)) && time.isBefore(to);
    }

    /**
     * The first instant at or after {@code after} inside the window: {@code after} itself, or the earliest window
     * start after it. A start in a daylight-saving gap is the first instant after the gap; in an overlap the earlier
     * offset (the window opens the first time the clock shows its start).
     */
    Instant nextOpen(Instant after, ZoneId zone) {
        if (contains(after, zone)) {
            return after;
        }
        LocalDate day = after.atZone(zone).toLocalDate();
        // A week and a day either side of the local date reach every opening day, across date-line shifts too.
        for (LocalDate date = day.minusDays(1); !date.isAfter(day.plusDays(8)); date = date.plusDays(1)) {
            if (!days.contains(date.getDayOfWeek())) {
                continue;
            }
            Instant start = opening(date, zone);
            if (start.isAfter(after) && contains(start, zone)) {
                return start;
            }
        }
        throw new IllegalStateException("no opening of the send window " + this + " in " + zone + " after " + after);
    }

    private Instant opening(LocalDate date, ZoneId zone) {
        LocalDateTime local = LocalDateTime.of(date, from);
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            return zone.getRules().getTransition(local).getInstant();
        }
        return offsets.stream().map(local::toInstant).min(Instant::compareTo).orElseThrow();
    }

    /** Whether some local time of the window is outside these quiet hours, so a message may ever go. */
    boolean leavesTimeOutside(QuietHours quiet) {
        for (int minute = 0; minute < 24 * 60; minute++) {
            LocalTime time = LocalTime.MIN.plusMinutes(minute);
            boolean inWindow = from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to)
                    : !time.isBefore(from) || time.isBefore(to);
            if (inWindow && !quiet.containsLocal(time)) {
                return true;
            }
        }
        return false;
    }

    /** E.g. "09:00–17:00 Mon–Fri", "08:00–12:00 Mon, Wed". */
    String describe() {
        return from + "–" + to + " " + daysText();
    }

    private String daysText() {
        List<DayOfWeek> sorted = days.stream().sorted().toList();
        boolean consecutive = sorted.size() > 2
                && sorted.get(sorted.size() - 1).getValue() - sorted.get(0).getValue() == sorted.size() - 1;
        if (consecutive) {
            return name(sorted.get(0)) + "–" + name(sorted.get(sorted.size() - 1));
        }
        return sorted.stream().map(SendWindow::name).collect(Collectors.joining(", "));
    }

    private static String name(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}
