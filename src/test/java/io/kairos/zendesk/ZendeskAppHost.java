package io.kairos.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Zendesk's side of the sidebar app for the page tests: serves the files of the packaged zip (the page's ZAF SDK
 * script tag pointed at {@code zaf-standin.js}) and a {@code /proxy} that does what Zendesk's proxy does for
 * {@code client.request({secure: true})}: only to the whitelisted host, the secure setting put in place of
 * {@code {{setting.token}}} on the server, never in the browser.
 */
final class ZendeskAppHost implements AutoCloseable {

    static final String SDK = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js";
    private static final String PLACEHOLDER = "{{setting.token}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, byte[]> files;
    private final String whitelistedHost;
    private volatile String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> fromBrowser = new CopyOnWriteArrayList<>();
    private volatile String configuration = "{}";

    private ZendeskAppHost(Map<String, byte[]> files, String token, String whitelistedHost) throws IOException {
        this.files = files;
        this.token = token;
        this.whitelistedHost = whitelistedHost;
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", this::serve);
        server.createContext("/proxy", this::proxy);
        server.start();
    }

    /** Serves {@code zip} with {@code token} as the app's secure setting, sent only to {@code whitelistedHost}. */
    static ZendeskAppHost start(Path zip, String token, String whitelistedHost) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipFile app = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : app.stream().filter(entry -> !entry.isDirectory()).toList()) {
                files.put(entry.getName(), app.getInputStream(entry).readAllBytes());
            }
        }
        String page = new String(files.get("assets/iframe.html"), StandardCharsets.UTF_8);
        if (!page.contains(SDK)) {
            throw new IllegalStateException("assets/iframe.html no longer loads " + SDK);
        }
        files.put("assets/iframe.html", page.replace(SDK, "zaf-standin.js").getBytes(StandardCharsets.UTF_8));
        try (InputStream standIn = ZendeskAppHost.class.getResourceAsStream("/zendesk-app/zaf-standin.js")) {
            files.put("assets/zaf-standin.js", standIn.readAllBytes());
        }
        return new ZendeskAppHost(files, token, whitelistedHost);
    }

    /** What the stand-in answers for this page: {@code {ticket: {...}, currentUser: {...}, settings: {...}}}. */
    void configure(Object configuration) {
        try {
            this.configuration = JSON.writeValueAsString(configuration);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The secure setting as an admin filled it in, e.g. a wrong one. */
    void secureToken(String token) {
        this.token = token;
    }

    String sidebarUrl() {
        return "http://localhost:" + server.getAddress().getPort() + "/assets/iframe.html";
    }

    /** Everything the files served to the browser contain. */
    Map<String, byte[]> servedFiles() {
        return Map.copyOf(files);
    }

    /** The request options the browser handed to the proxy, as it sent them. */
    List<String> fromBrowser() {
        return List.copyOf(fromBrowser);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(1);
        byte[] body = files.get(path);
        if (body == null) {
            answer(exchange, 404, "text/plain", "no such file: " + path);
            return;
        }
        if (path.equals("assets/zaf-standin.js")) {
            body = (new String(body, StandardCharsets.UTF_8) + "\nZAFStandIn.configure(" + configuration + ");\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
        answer(exchange, 200, contentType(path), body);
    }

    private void proxy(HttpExchange exchange) throws IOException {
        String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        fromBrowser.add(sent);
        JsonNode options = JSON.readTree(sent);
        URI url = URI.create(options.path("url").asText());
        ObjectNode result = JSON.createObjectNode();
        if (!whitelistedHost.equals(url.getHost())) {
            result.put("status", 403).put("body", "{\"message\":\"" + url.getHost() + " is not in domainWhitelist\"}");
            answer(exchange, 200, "application/json", JSON.writeValueAsString(result));
            return;
        }
        String data = options.path("data").asText("");
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
                .method(options.path("type").asText("GET"), data.isEmpty()
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(data));
        boolean secure = options.path("secure").asBoolean();
        options.path("headers").fields().forEachRemaining(header -> request.header(header.getKey(),
                secure ? header.getValue().asText().replace(PLACEHOLDER, token) : header.getValue().asText()));
        if (!options.path("contentType").asText("").isEmpty()) {
            request.header("Content-Type", options.path("contentType").asText());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            result.put("status", response.statusCode()).put("body", response.body());
            response.headers().firstValue("Retry-After").ifPresent(value -> result.put("retryAfter", value));
        } catch (IOException unreachable) {
            result.put("status", 502).put("body", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.put("status", 502).put("body", "");
        }
        answer(exchange, 200, "application/json", JSON.writeValueAsString(result));
    }

    private static String contentType(String path) {
        if (path.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (path.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (path.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (path.endsWith(".json")) {
            return "application/json";
        }
        return path.endsWith(".png") ? "image/png" : "application/octet-stream";
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        answer(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
