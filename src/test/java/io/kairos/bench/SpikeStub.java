package io.kairos.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback Zendesk and Salesforce on one port for {@link SpikeBenchmark}. Zendesk ({@code /api/v2/...}) allows
 * {@code budget} requests per clock minute and answers 429 with {@code Retry-After} (seconds to the minute's end)
 * above it; it serves single tickets and users, their {@code show_many}, the safe single update, Update Many
 * Tickets whose job completes {@code jobDelayMillis} after it was created, its job status alone or several at once
 * (Show Many Job Statuses, one request of the budget), and an empty open-ticket search. One stub may serve several
 * Kairos replicas: they share its budget as they share Zendesk's.
 * Salesforce ({@code /services/...}) logs in and answers the contact, account and known-issue queries of the single
 * and grouped lookups for generated customers, and a signal's audience. It records when each ticket was written
 * and how often. Not a test.
 */
final class SpikeStub implements AutoCloseable {

    static {
        // See SalesforceAudienceStub: without it every response waits for the client's delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    static final long FIRST_TICKET = 800_000;
    static final long FIRST_REQUESTER = 20_000;

    private static final Pattern TICKET = Pattern.compile("/api/v2/tickets/(\\d+)\\.json");
    private static final Pattern USER = Pattern.compile("/api/v2/users/(\\d+)\\.json");
    private static final Pattern JOB = Pattern.compile("/api/v2/job_statuses/([^/]+)\\.json");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern EMAIL = Pattern.compile("customer(\\d+)@c\\.bench\\.example");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** One Zendesk request as the stub saw it: when, what, and its answer's status. */
    record Call(long millis, String method, String path, int status) { }

    /** An Update Many Tickets job: its tickets and when Zendesk is done with them. */
    private record Job(List<Long> tickets, long doneAtMillis) { }

    private final int budget;
    private final long jobDelayMillis;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Call> zendeskCalls = new ArrayList<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final java.util.Set<String> completedJobs = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> writtenAt = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> writes = new ConcurrentHashMap<>();
    private final AtomicInteger jobIds = new AtomicInteger();
    private final AtomicInteger enrichmentSoql = new AtomicInteger();
    private final AtomicInteger otherSoql = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    private long window;
    private int usedInWindow;

    SpikeStub(int budget, long jobDelayMillis) throws IOException {
        this.budget = budget;
        this.jobDelayMillis = jobDelayMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static String email(long requester) {
        return "customer" + requester + "@c.bench.example";
    }

    /** Forgets everything seen, for the next run (the budget's minute goes on). */
    synchronized void reset() {
        zendeskCalls.clear();
        jobs.clear();
        completedJobs.clear();
        writtenAt.clear();
        writes.clear();
        enrichmentSoql.set(0);
        otherSoql.set(0);
        unexpected.set(0);
    }

    synchronized List<Call> zendeskCalls() {
        return List.copyOf(zendeskCalls);
    }

    Map<Long, Long> writtenAt() {
        return Map.copyOf(writtenAt);
    }

    /** Tickets written more than once (a single update or a completed job each count as one write). */
    List<Long> writtenTwice() {
        return writes.entrySet().stream().filter(e -> e.getValue().get() > 1).map(Map.Entry::getKey).sorted().toList();
    }

    int enrichmentSoql() {
        return enrichmentSoql.get();
    }

    int otherSoql() {
        return otherSoql.get();
    }

    int unexpected() {
        return unexpected.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/api/v2/")) {
                zendesk(exchange, exchange.getRequestMethod(), path, body);
            } else {
                salesforce(exchange, path);
            }
        }
    }

    // --- Zendesk -------------------------------------------------------------------------------------------------

    private void zendesk(HttpExchange exchange, String method, String path, String body) throws IOException {
        long now = System.currentTimeMillis();
        synchronized (this) {
            if (now / 60_000 != window) {
                window = now / 60_000;
                usedInWindow = 0;
            }
            boolean limited = ++usedInWindow > budget;
            zendeskCalls.add(new Call(now, method, path, limited ? 429 : 200));
            if (limited) {
                long retryAfter = Math.max(1, ((window + 1) * 60_000 - now + 999) / 1000);
                exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter));
                reply(exchange, 429, "{\"error\":\"APIRateLimitExceeded\"}");
                return;
            }
        }
        String query = exchange.getRequestURI().getRawQuery();
        Matcher ticket = TICKET.matcher(path);
        Matcher user = USER.matcher(path);
        Matcher job = JOB.matcher(path);
        if (path.equals("/api/v2/tickets/show_many.json")) {
            reply(exchange, 200, list("tickets", ids(query), SpikeStub::ticketJson));
        } else if (path.equals("/api/v2/users/show_many.json")) {
            reply(exchange, 200, list("users", ids(query), SpikeStub::userJson));
        } else if (path.equals("/api/v2/tickets/update_many.json") && method.equals("PUT")) {
            List<Long> tickets = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode t : JSON.readTree(body).path("tickets")) {
                tickets.add(t.path("id").asLong());
            }
            String jobId = "job-" + jobIds.incrementAndGet();
            jobs.put(jobId, new Job(tickets, now + jobDelayMillis));
            reply(exchange, 200, "{\"job_status\":{\"id\":\"" + jobId + "\",\"status\":\"queued\",\"total\":"
                    + tickets.size() + ",\"url\":\"" + baseUri() + path.replace("tickets/update_many",
                    "job_statuses/" + jobId) + "\"}}");
        } else if (path.equals("/api/v2/job_statuses/show_many.json") && method.equals("GET")) {
            jobStatuses(exchange, query, now);
        } else if (job.matches()) {
            jobStatus(exchange, job.group(1), now);
        } else if (ticket.matches() && method.equals("GET")) {
            reply(exchange, 200, "{\"ticket\":" + ticketJson(Long.parseLong(ticket.group(1))) + "}");
        } else if (ticket.matches() && method.equals("PUT")) {
            long id = Long.parseLong(ticket.group(1));
            written(id, now);
            reply(exchange, 200, "{\"ticket\":{\"id\":" + id + ",\"status\":\"open\",\"tags\":[\"kairos_enriched\"]}}");
        } else if (user.matches()) {
            reply(exchange, 200, "{\"user\":" + userJson(Long.parseLong(user.group(1))) + "}");
        } else if (path.equals("/api/v2/search/export.json") || path.endsWith("/incidents.json")) {
            String field = path.endsWith("/incidents.json") ? "tickets" : "results";
            reply(exchange, 200, "{\"" + field + "\":[],\"meta\":{\"has_more\":false,\"after_cursor\":null},"
                    + "\"links\":{\"next\":null}}");
        } else {
            unexpected.incrementAndGet();
            reply(exchange, 404, "{\"error\":\"RecordNotFound\"}");
        }
    }

    private void jobStatus(HttpExchange exchange, String jobId, long now) throws IOException {
        String status = jobStatusJson(jobId, now);
        if (status == null) {
            unexpected.incrementAndGet();
            reply(exchange, 404, "{\"error\":\"RecordNotFound\"}");
            return;
        }
        reply(exchange, 200, "{\"job_status\":" + status + "}");
    }

    /** Show Many Job Statuses: the known jobs among {@code ids}, in their order; an unknown id is left out. */
    private void jobStatuses(HttpExchange exchange, String rawQuery, long now) throws IOException {
        StringBuilder statuses = new StringBuilder();
        for (String jobId : stringIds(rawQuery)) {
            String status = jobStatusJson(jobId, now);
            if (status != null) {
                statuses.append(statuses.isEmpty() ? "" : ",").append(status);
            }
        }
        reply(exchange, 200, "{\"job_statuses\":[" + statuses + "]}");
    }

    /** A job's status object, null for a job the stub never created. */
    private String jobStatusJson(String jobId, long now) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return null;
        }
        if (now < job.doneAtMillis()) {
            return "{\"id\":\"" + jobId + "\",\"status\":\"working\",\"total\":" + job.tickets().size()
                    + ",\"progress\":0,\"results\":[]}";
        }
        // The job's tickets were written when it completed, whenever Kairos asks.
        synchronized (job) {
            if (completedJobs.add(jobId)) {
                job.tickets().forEach(t -> written(t, job.doneAtMillis()));
            }
        }
        StringBuilder results = new StringBuilder();
        for (long t : job.tickets()) {
            results.append(results.isEmpty() ? "" : ",").append("{\"id\":").append(t)
                    .append(",\"success\":true,\"status\":\"Updated\",\"action\":\"update\"}");
        }
        return "{\"id\":\"" + jobId + "\",\"status\":\"completed\",\"total\":" + job.tickets().size()
                + ",\"progress\":" + job.tickets().size() + ",\"results\":[" + results + "]}";
    }

    private void written(long ticket, long millis) {
        writtenAt.putIfAbsent(ticket, millis);
        writes.computeIfAbsent(ticket, t -> new AtomicInteger()).incrementAndGet();
    }

    /** The requester of ticket {@code FIRST_TICKET + i} is {@code FIRST_REQUESTER + i % 2000}, as the webhooks say. */
    static long requesterOf(long ticket, int customers) {
        return FIRST_REQUESTER + (ticket - FIRST_TICKET) % customers;
    }

    private static int customers = 2_000;

    static void customers(int count) {
        customers = count;
    }

    private static String ticketJson(long id) {
        return "{\"id\":" + id + ",\"subject\":\"Sync stalls since this morning (" + id + ")\",\"description\":"
                + "\"It stopped syncing.\",\"status\":\"open\",\"type\":\"question\",\"priority\":\"normal\","
                + "\"requester_id\":" + requesterOf(id, customers) + ",\"tags\":[\"web\"],\"custom_fields\":[],"
                + "\"created_at\":\"2026-11-26T10:00:00Z\",\"updated_at\":\"2026-11-26T10:00:00Z\"}";
    }

    private static String userJson(long id) {
        return "{\"id\":" + id + ",\"name\":\"Customer " + id + "\",\"email\":\"" + email(id) + "\",\"role\":"
                + "\"end-user\"}";
    }

    private static List<Long> ids(String rawQuery) {
        return stringIds(rawQuery).stream().map(Long::parseLong).toList();
    }

    /** The comma-separated {@code ids} parameter of a {@code show_many} request. */
    private static List<String> stringIds(String rawQuery) {
        List<String> ids = new ArrayList<>();
        String decoded = rawQuery == null ? "" : URLDecoder.decode(rawQuery, StandardCharsets.UTF_8);
        for (String part : decoded.split("&")) {
            if (part.startsWith("ids=")) {
                for (String id : part.substring(4).split(",")) {
                    if (!id.isBlank()) {
                        ids.add(id.trim());
                    }
                }
            }
        }
        return ids;
    }

    private static String list(String field, List<Long> ids, java.util.function.LongFunction<String> json) {
        StringBuilder out = new StringBuilder("{\"").append(field).append("\":[");
        for (int i = 0; i < ids.size(); i++) {
            out.append(i == 0 ? "" : ",").append(json.apply(ids.get(i)));
        }
        return out.append("]}").toString();
    }

    // --- Salesforce ----------------------------------------------------------------------------------------------

    private void salesforce(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/services/oauth2/token")) {
            reply(exchange, 200, "{\"access_token\":\"00DBENCH!bench-token\",\"instance_url\":\"" + baseUri()
                    + "\",\"id\":\"https://login.salesforce.com/id/00D000000000001AAA/005000000000001AAA\","
                    + "\"token_type\":\"Bearer\",\"issued_at\":\"1700000000000\",\"signature\":\"c2ln\"}");
            return;
        }
        if (path.equals("/services/oauth2/revoke")) {
            reply(exchange, 200, "");
            return;
        }
        if (!path.startsWith("/services/data/v62.0/query")) {
            unexpected.incrementAndGet();
            reply(exchange, 404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"not stubbed\"}]");
            return;
        }
        String raw = exchange.getRequestURI().getRawQuery();
        String soql = raw == null || !raw.startsWith("q=") ? "" : URLDecoder.decode(raw.substring(2),
                StandardCharsets.UTF_8);
        List<String> literals = new ArrayList<>();
        Matcher quoted = QUOTED.matcher(soql.contains(" WHERE ") ? soql.substring(soql.indexOf(" WHERE ")) : "");
        while (quoted.find()) {
            literals.add(quoted.group(1));
        }
        StringBuilder records = new StringBuilder();
        int size = 0;
        if (soql.contains("Product2.Name = ")) {
            // The signal's audience: a handful of customers of the spike.
            otherSoql.incrementAndGet();
            for (long r = FIRST_REQUESTER; r < FIRST_REQUESTER + 20; r++) {
                records.append(records.isEmpty() ? "" : ",").append(contactJson(r));
                size++;
            }
        } else if (soql.contains("FROM Contact WHERE Email")) {
            enrichmentSoql.incrementAndGet();
            for (String email : literals) {
                Matcher m = EMAIL.matcher(email.toLowerCase(java.util.Locale.ROOT));
                if (m.matches()) {
                    records.append(records.isEmpty() ? "" : ",").append(contactJson(Long.parseLong(m.group(1))));
                    size++;
                }
            }
        } else if (soql.contains("FROM Account WHERE Id")) {
            enrichmentSoql.incrementAndGet();
            for (String id : literals) {
                records.append(records.isEmpty() ? "" : ",").append(accountJson(id));
                size++;
            }
        } else if (soql.contains("FROM Known_Issue__c")) {
            enrichmentSoql.incrementAndGet();
        } else {
            otherSoql.incrementAndGet();
        }
        reply(exchange, 200, "{\"totalSize\":" + size + ",\"done\":true,\"records\":[" + records + "]}");
    }

    private static String accountId(long requester) {
        return String.format("001%012dAAA", requester);
    }

    private static String contactJson(long requester) {
        String id = String.format("003%012dAAA", requester);
        return "{\"attributes\":{\"type\":\"Contact\",\"url\":\"/services/data/v62.0/sobjects/Contact/" + id + "\"},"
                + "\"Id\":\"" + id + "\",\"Name\":\"Customer " + requester + "\",\"Email\":\"" + email(requester)
                + "\",\"Time_Zone__c\":\"Europe/Berlin\",\"HasOptedOutOfEmail\":false,\"AccountId\":\""
                + accountId(requester) + "\",\"Account\":{\"attributes\":{\"type\":\"Account\"},\"Name\":\"Account "
                + requester + "\",\"Support_Tier__c\":\"Gold\",\"Owner\":{\"attributes\":{\"type\":\"User\"},"
                + "\"Name\":\"Sam Seller\"}}}";
    }

    private static String accountJson(String id) {
        return "{\"attributes\":{\"type\":\"Account\",\"url\":\"/services/data/v62.0/sobjects/Account/" + id + "\"},"
                + "\"Id\":\"" + id + "\",\"Orders\":{\"totalSize\":0,\"done\":true,\"records\":[]},"
                + "\"Assets\":{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"Asset\"},"
                + "\"Product2\":{\"attributes\":{\"type\":\"Product2\"},\"Name\":\"Sync App\"}}]}}";
    }

    private void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        exchange.getResponseHeaders().add("Sforce-Limit-Info", "api-usage=1/5000000");
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
