package io.kairos.salesforce;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Lets Kairos's Salesforce requests through one at a time until one has succeeded. camel-salesforce logs in lazily
 * (so an outage never blocks start-up) and starts each producer on its first use; several threads doing that at
 * once race inside it: measured in SpikeBenchmark, a NullPointerException in its HTTP client or first requests that
 * never returned. Once a request succeeded, requests go side by side.
 */
@Component
class SalesforceFirstCall {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ReentrantLock first = new ReentrantLock();
    private volatile boolean established;

    /** Sends the request, alone while no request has succeeded yet. */
    Exchange send(Supplier<Exchange> request) {
        if (established) {
            return request.get();
        }
        try {
            if (!first.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SalesforceStartingException("Salesforce's first request is still under way after "
                        + WAIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SalesforceStartingException("interrupted while Salesforce's first request was under way");
        }
        try {
            Exchange exchange = request.get();
            if (exchange.getException() == null) {
                established = true;
            }
            return exchange;
        } finally {
            first.unlock();
        }
    }

    /** Not a failure of the event: Salesforce is being reached for the first time; it is retried. */
    static class SalesforceStartingException extends RuntimeException {
        SalesforceStartingException(String message) {
            super(message);
        }
    }
}
