package io.kairos.platform;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The correlation id of the event being handled, kept in the logging MDC under {@value #MDC_KEY}: minted where an
 * event arrives, stored with its inbox row, and put back in the MDC by the worker that processes it, so every log
 * line from the webhook to the write-back carries the same id. Routes call it as {@code correlation}.
 */
@Component("correlation")
public class Correlation {

    public static final String MDC_KEY = "correlationId";
    public static final String HEADER = "X-Correlation-Id";

    /** The exchange property that carries the id through a route, whichever thread runs each step. */
    public static final String PROPERTY = "kairosCorrelationId";

    // What a caller may hand us: short and plain, so it cannot forge log lines or fields.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** Set while an HTTP request is handled on this thread: its id came from {@link CorrelationFilter}. */
    private static final ThreadLocal<Boolean> IN_REQUEST = new ThreadLocal<>();

    /** The id in the MDC of this thread, or null. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /** The id in the MDC of this thread, or a new one (an event that arrived outside a request, e.g. a stream). */
    public static String currentOrNew() {
        String id = current();
        return id != null ? id : newId();
    }

    /** 16 hex digits: unique enough to find one event's lines among a day's logs, short enough to read. */
    public static String newId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }

    /** The given id when it is safe to log, else a new one. */
    public static String acceptOrNew(String given) {
        return given != null && SAFE.matcher(given).matches() ? given : newId();
    }

    /** Puts the id into this thread's MDC (nothing when null). */
    public static void set(String id) {
        if (id == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, id);
        }
    }

    /**
     * Route step, with the claimed inbox event as body: its id goes on the exchange, and from there (see
     * {@link CorrelationInterceptor}) on every line logged while it is processed, on any thread.
     */
    public void enter(Exchange exchange) {
        InboxEvent event = exchange.getMessage().getBody(InboxEvent.class);
        String id = event == null ? null : event.correlationId();
        exchange.setProperty(PROPERTY, id);
        set(id);
    }

    static boolean inRequest() {
        return Boolean.TRUE.equals(IN_REQUEST.get());
    }

    static void inRequest(boolean handling) {
        if (handling) {
            IN_REQUEST.set(Boolean.TRUE);
        } else {
            IN_REQUEST.remove();
        }
    }
}
