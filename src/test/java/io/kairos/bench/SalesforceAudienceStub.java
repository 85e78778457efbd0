package io.kairos.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback Salesforce that logs camel-salesforce in (the token's {@code instance_url} points back here) and
 * answers a KNOWN_ISSUE audience query with generated Contacts, {@code pageSize} per page, linked by
 * {@code nextRecordsUrl}: nothing is held but the audience sizes, each page is written when it is asked for.
 * Not a test.
 */
final class SalesforceAudienceStub implements AutoCloseable {

    static {
        // The JDK server writes the headers and the body as two segments; with Nagle on, the second waits for the
        // client's delayed ACK (40 ms on Linux), which capped every client at about 20 requests/s per connection.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String QUERY_PATH = "/services/data/v62.0/query";
    private static final String CURSOR_PREFIX = "01gBENCH";
    private static final Pattern PRODUCT = Pattern.compile("Product2\\.Name = '([^']*)'");
    private static final Pattern CURSOR = Pattern.compile(CURSOR_PREFIX + "(\\d+)-(\\d+)");

    /** One generated audience: who owns the product, and how many they are. */
    private record Audience(String product, int size) { }

    private final int pageSize;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<Audience> audiences = new CopyOnWriteArrayList<>();
    private final AtomicInteger pages = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();

    SalesforceAudienceStub(int pageSize) throws IOException {
        this.pageSize = pageSize;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Contacts of accounts owning {@code product}: {@code size} of them, emails unique to the product. */
    void audience(String product, int size) {
        audiences.add(new Audience(product, size));
    }

    /** How many audiences were added: the last one's index (in its emails) is one less. */
    int audiences() {
        return audiences.size();
    }

    /** Query pages served so far (first pages and queryMore). */
    int pagesServed() {
        return pages.get();
    }

    /** Requests this stub did not expect (another path, an unknown cursor). */
    int unexpected() {
        return unexpected.get();
    }

    static String email(int audience, int row) {
        return String.format("contact%06d@a%d.bench.example", row, audience);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/services/oauth2/token")) {
                reply(exchange, 200, ("{\"access_token\":\"00DBENCH!bench-token\",\"instance_url\":\"" + baseUri()
                        + "\",\"id\":\"https://login.salesforce.com/id/00D000000000001AAA/005000000000001AAA\","
                        + "\"token_type\":\"Bearer\",\"issued_at\":\"1700000000000\",\"signature\":\"c2ln\"}")
                        .getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/services/oauth2/revoke")) {
                reply(exchange, 200, new byte[0]);
            } else if (path.equals(QUERY_PATH) || path.equals(QUERY_PATH + "/")) {
                firstPage(exchange);
            } else if (path.startsWith(QUERY_PATH + "/" + CURSOR_PREFIX)) {
                nextPage(exchange, path.substring(QUERY_PATH.length() + 1));
            } else {
                unexpected.incrementAndGet();
                reply(exchange, 404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"not stubbed\"}]"
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void firstPage(HttpExchange exchange) throws IOException {
        String raw = exchange.getRequestURI().getRawQuery();
        String soql = raw == null || !raw.startsWith("q=") ? ""
                : URLDecoder.decode(raw.substring(2), StandardCharsets.UTF_8);
        Matcher product = PRODUCT.matcher(soql);
        int index = -1;
        if (product.find()) {
            for (int i = 0; i < audiences.size(); i++) {
                if (audiences.get(i).product().equals(product.group(1))) {
                    index = i;
                }
            }
        }
        if (index < 0) {
            unexpected.incrementAndGet();
            reply(exchange, 200, "{\"totalSize\":0,\"done\":true,\"records\":[]}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        reply(exchange, 200, page(index, 0));
    }

    private void nextPage(HttpExchange exchange, String cursor) throws IOException {
        Matcher m = CURSOR.matcher(cursor);
        int index = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        if (index < 0 || index >= audiences.size()) {
            unexpected.incrementAndGet();
            reply(exchange, 404, "[{\"errorCode\":\"INVALID_QUERY_LOCATOR\",\"message\":\"invalid query locator\"}]"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        reply(exchange, 200, page(index, Integer.parseInt(m.group(2))));
    }

    private byte[] page(int index, int offset) {
        pages.incrementAndGet();
        int size = audiences.get(index).size();
        int end = Math.min(size, offset + pageSize);
        boolean done = end >= size;
        StringBuilder json = new StringBuilder(300 * (end - offset) + 200);
        json.append("{\"totalSize\":").append(size).append(",\"done\":").append(done);
        if (!done) {
            json.append(",\"nextRecordsUrl\":\"").append(QUERY_PATH).append('/').append(CURSOR_PREFIX).append(index)
                    .append('-').append(end).append('"');
        }
        json.append(",\"records\":[");
        for (int row = offset; row < end; row++) {
            String id = String.format("003%012dAAA", (long) index * 10_000_000L + row);
            json.append(row == offset ? "" : ",")
                    .append("{\"attributes\":{\"type\":\"Contact\",\"url\":\"/services/data/v62.0/sobjects/Contact/")
                    .append(id).append("\"},\"Id\":\"").append(id)
                    .append("\",\"Name\":\"Contact ").append(row)
                    .append("\",\"Email\":\"").append(email(index, row))
                    .append("\",\"Time_Zone__c\":\"Europe/Berlin\",\"HasOptedOutOfEmail\":false,")
                    .append("\"Account\":{\"attributes\":{\"type\":\"Account\"},\"Name\":\"Account ")
                    .append(row / 20).append("\"}}");
        }
        json.append("]}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        // Far below the bulk share, so audience resolution never pauses for the org's API budget.
        exchange.getResponseHeaders().add("Sforce-Limit-Info", "api-usage=" + calls.incrementAndGet() + "/5000000");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
