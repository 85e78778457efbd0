package io.kairos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback Intercom {@code POST /messages} that allows {@code budget} requests per 10-second window (windows
 * aligned to the epoch, as a reset time in whole seconds implies), answers 429 with {@code X-RateLimit-Reset} = the
 * window's end above it, and records every request, including whether it arrived before a reset time it had
 * already announced (a violation). Not a test.
 */
final class IntercomBudgetStub implements AutoCloseable {

    static {
        // The JDK server writes the headers and the body as two segments; with Nagle on, the second waits for the
        // client's delayed ACK (40 ms on Linux), which capped every client at about 20 requests/s per connection.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    static final long WINDOW_MILLIS = 10_000;
    static final String TOKEN = "bench-intercom-token";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] RATE_LIMITED = ("{\"type\":\"error.list\",\"errors\":[{\"code\":\"rate_limit_exceeded\","
            + "\"message\":\"Exceeded rate limit\"}]}").getBytes(StandardCharsets.UTF_8);

    /**
     * One request as the stub saw it.
     *
     * @param atMillis     arrival, epoch milliseconds
     * @param beforeReset  it arrived before a reset time this stub had announced with an earlier 429
     * @param resetMillis  for a 429, the reset time it announced
     */
    record Request(long atMillis, String email, String body, int status, boolean beforeReset, long resetMillis) { }

    private final int budget;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final List<Request> requests = new ArrayList<>();
    private long window = Long.MIN_VALUE;
    private int used;
    private long announcedResetMillis = Long.MIN_VALUE;
    private long nextId = 1;
    private int unexpected;

    IntercomBudgetStub(int budgetPerWindow) throws IOException {
        this.budget = budgetPerWindow;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Forgets the requests and the window so far, for the next phase. */
    synchronized void reset() {
        requests.clear();
        window = Long.MIN_VALUE;
        used = 0;
        announcedResetMillis = Long.MIN_VALUE;
        unexpected = 0;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests to another path or without the bearer token (expected: none). */
    synchronized int unexpected() {
        return unexpected;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long at = System.currentTimeMillis();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"POST".equals(exchange.getRequestMethod()) || !"/messages".equals(exchange.getRequestURI().getPath())
                    || !("Bearer " + TOKEN).equals(auth)) {
                synchronized (this) {
                    unexpected++;
                }
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            String email = email(text);
            long resetSeconds;
            int remaining;
            long id;
            boolean admitted;
            synchronized (this) {
                long current = Math.floorDiv(at, WINDOW_MILLIS);
                if (current != window) {
                    window = current;
                    used = 0;
                }
                resetSeconds = (current + 1) * WINDOW_MILLIS / 1000;
                boolean beforeReset = at < announcedResetMillis;
                admitted = used < budget;
                if (admitted) {
                    used++;
                } else {
                    announcedResetMillis = Math.max(announcedResetMillis, resetSeconds * 1000);
                }
                remaining = budget - used;
                id = nextId++;
                requests.add(new Request(at, email, text, admitted ? 200 : 429, beforeReset,
                        admitted ? 0 : resetSeconds * 1000));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-RateLimit-Limit", Integer.toString(budget));
            exchange.getResponseHeaders().add("X-RateLimit-Remaining", Integer.toString(remaining));
            exchange.getResponseHeaders().add("X-RateLimit-Reset", Long.toString(resetSeconds));
            byte[] answer = admitted
                    ? ("{\"type\":\"user_message\",\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)
                    : RATE_LIMITED;
            exchange.sendResponseHeaders(admitted ? 200 : 429, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static String email(String body) {
        try {
            JsonNode to = JSON.readTree(body).path("to");
            return to.path("email").isTextual() ? to.path("email").asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
