package io.kairos.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline dispatcher: a plain pool of {@code threads} POSTing every message to {@code /messages} as fast as
 * they are answered, with no limiter and no retry (a parallel split with nothing in front of the HTTP call).
 * Not a test.
 */
final class NaiveDispatcher {

    /** What a run did: answers by status (-1 = no answer) and how long it took. */
    record Result(int sent, int ok, int rateLimited, int otherErrors, long elapsedNanos) {

        double perSecond() {
            return sent * 1e9 / elapsedNanos;
        }

        double okPerSecond() {
            return ok * 1e9 / elapsedNanos;
        }
    }

    private final int threads;

    NaiveDispatcher(int threads) {
        this.threads = threads;
    }

    Result send(URI baseUri, String token, List<String> bodies) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI messages = baseUri.resolve("/messages");
        int n = bodies.size();
        int[] status = new int[n];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        HttpRequest request = HttpRequest.newBuilder(messages)
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json")
                                .header("Intercom-Version", "2.11")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i)))
                                .build();
                        try {
                            status[i] = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (IOException e) {
                            status[i] = -1;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
            long elapsed = System.nanoTime() - start;
            int ok = 0;
            int limited = 0;
            for (int s : status) {
                if (s >= 200 && s < 300) {
                    ok++;
                } else if (s == 429) {
                    limited++;
                }
            }
            return new Result(n, ok, limited, n - ok - limited, elapsed);
        } finally {
            pool.shutdownNow();
        }
    }
}
