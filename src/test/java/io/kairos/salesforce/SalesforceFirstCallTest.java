package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** Salesforce's first requests go one at a time (camel-salesforce's lazy login races), later ones side by side. */
class SalesforceFirstCallTest {

    private final SalesforceFirstCall firstCall = new SalesforceFirstCall();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    @Test
    void untilOneSucceededRequestsGoAloneThenSideBySide() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Exchange> failing = CompletableFuture.supplyAsync(() ->
                firstCall.send(() -> request(release, new IllegalStateException("login refused"))));
        await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.get() == 1);
        CompletableFuture<Exchange> second = CompletableFuture.supplyAsync(() ->
                firstCall.send(() -> request(release, null)));
        CompletableFuture<Exchange> third = CompletableFuture.supplyAsync(() ->
                firstCall.send(() -> request(release, null)));

        release.countDown();
        CompletableFuture.allOf(failing, second, third).get();
        assertThat(mostInFlight).as("a failed first request leaves the next alone too").hasValue(1);

        CountDownLatch together = new CountDownLatch(2);
        CompletableFuture<Exchange> a = CompletableFuture.supplyAsync(() -> firstCall.send(() -> meet(together)));
        CompletableFuture<Exchange> b = CompletableFuture.supplyAsync(() -> firstCall.send(() -> meet(together)));
        CompletableFuture.allOf(a, b).get();
        assertThat(mostInFlight).as("once one succeeded, requests overlap").hasValue(2);
    }

    private Exchange request(CountDownLatch release, Exception failure) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            release.await();
            return exchange(failure);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Returns only once the other request is in flight too: proves they overlap. */
    private Exchange meet(CountDownLatch together) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        together.countDown();
        try {
            assertThat(together.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            return exchange(null);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static Exchange exchange(Exception failure) {
        Exchange exchange = mock(Exchange.class);
        when(exchange.getException()).thenReturn(failure);
        return exchange;
    }
}
