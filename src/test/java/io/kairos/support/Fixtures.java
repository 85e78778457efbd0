package io.kairos.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the inbound payloads under {@code src/test/resources/fixtures/} with their times made relative to a clock,
 * so that no test depends on the day it runs. A fixture writes a time as {@code {{now}}} or {@code {{now-PT5M}}},
 * {@code {{now+P1D}}} (an ISO-8601 duration or period), optionally with a format after a bar:
 * {@code {{now-PT1H|millis}}} for Salesforce's {@code 2026-11-26T09:00:00.000Z}, {@code |offset} for its
 * {@code 2026-11-26T09:00:00.000+0000}, {@code |date} for a date, {@code |epoch-millis} for a number. Times are cut
 * to the second, as the real systems send them.
 */
public final class Fixtures {

    private static final Pattern TIME = Pattern.compile(
            "\\{\\{now(?:([+-])(P[0-9A-Z.]+))?(?:\\|(millis|offset|date|epoch-millis))?}}");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")
            .withZone(ZoneOffset.UTC);

    private Fixtures() {
    }

    /** The fixture at {@code fixtures/<path>}, its times relative to the system clock. */
    public static String read(String path) {
        return read(path, Clock.systemUTC());
    }

    /** The fixture at {@code fixtures/<path>}, its times relative to {@code clock}. */
    public static String read(String path, Clock clock) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return resolve(new String(in.readAllBytes(), StandardCharsets.UTF_8), clock.instant());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces every {@code {{now...}}} in {@code text} with a time relative to {@code now}. */
    public static String resolve(String text, Instant now) {
        Instant base = now.truncatedTo(ChronoUnit.SECONDS);
        Matcher matcher = TIME.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Instant at = matcher.group(2) == null ? base : shift(base, matcher.group(1), matcher.group(2));
            matcher.appendReplacement(out, Matcher.quoteReplacement(format(at, matcher.group(3))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Instant shift(Instant base, String sign, String amount) {
        boolean minus = sign.equals("-");
        if (amount.contains("T")) {
            Duration duration = Duration.parse(amount);
            return minus ? base.minus(duration) : base.plus(duration);
        }
        Period period = Period.parse(amount);
        var day = base.atZone(ZoneOffset.UTC);
        return (minus ? day.minus(period) : day.plus(period)).toInstant();
    }

    private static String format(Instant at, String style) {
        if (style == null) {
            return at.toString();
        }
        return switch (style) {
            case "millis" -> MILLIS.format(at);
            case "offset" -> OFFSET.format(at);
            case "date" -> at.atZone(ZoneOffset.UTC).toLocalDate().toString();
            case "epoch-millis" -> Long.toString(at.toEpochMilli());
            default -> throw new IllegalArgumentException("unknown time format " + style);
        };
    }

    /** The signal kinds Kairos ships, for parameterised tests. */
    public static java.util.stream.Stream<io.kairos.proactive.Signal.Type> builtInTypes() {
        return io.kairos.proactive.SignalCatalog.BUILT_IN.types().stream();
    }

    /** The kinds Kairos ships but ORDER_DELAY (whose record must be an Order). */
    public static java.util.stream.Stream<io.kairos.proactive.Signal.Type> builtInTypesButOrderDelay() {
        return builtInTypes().filter(type -> !type.equals(io.kairos.proactive.Signal.Type.ORDER_DELAY));
    }
}
