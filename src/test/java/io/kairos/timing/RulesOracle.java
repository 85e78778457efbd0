package io.kairos.timing;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Quiet hours and send windows read straight from the rules, independently of the policy's own implementation: what
 * the property tests hold the policy's answers against.
 */
final class RulesOracle {

    private RulesOracle() {
    }

    /** Outside quiet hours and inside the send window (if any) in {@code zone}. */
    static boolean allowed(Instant instant, TimingRules rules, ZoneId zone) {
        return !isQuiet(instant, rules, zone) && inSendWindow(instant, rules.sendWindow(), zone);
    }

    static boolean isQuiet(Instant instant, TimingRules rules, ZoneId zone) {
        LocalTime local = instant.atZone(zone).toLocalTime();
        LocalTime start = rules.quietStart();
        LocalTime end = rules.quietEnd();
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /** A window past midnight belongs to the day it opens on. */
    static boolean inSendWindow(Instant instant, SendWindow window, ZoneId zone) {
        if (window == null) {
            return true;
        }
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean sameDay = window.days().contains(local.getDayOfWeek());
        return window.from().isBefore(window.to())
                ? sameDay && !time.isBefore(window.from()) && time.isBefore(window.to())
                : sameDay && !time.isBefore(window.from())
                        || window.days().contains(local.getDayOfWeek().minus(1)) && time.isBefore(window.to());
    }
}
