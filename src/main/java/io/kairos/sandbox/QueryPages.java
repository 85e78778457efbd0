package io.kairos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Pages query results as Salesforce does: at most a page of records per answer, the rest behind a query locator
 * ({@code nextRecordsUrl} = {@code /services/data/<version>/query/<locator>-<offset>}) that the next request names.
 */
final class QueryPages {

    /** Salesforce's default batch size. */
    static final int DEFAULT_PAGE_SIZE = 2000;

    // Salesforce keeps at most 10 open cursors per user and drops the oldest when an 11th is opened.
    private static final int OPEN_CURSORS = 10;
    private static final Pattern LOCATOR = Pattern.compile("(?<cursor>01g[A-Za-z0-9]{15})-(?<offset>\\d{1,9})");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final int pageSize;
    private final Map<String, List<JsonNode>> cursors = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<JsonNode>> eldest) {
            return size() > OPEN_CURSORS;
        }
    };
    private long opened;

    QueryPages(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        this.pageSize = pageSize;
    }

    /** The first page of a complete result; when more records follow, a cursor keeps them for the next requests. */
    synchronized ObjectNode first(ObjectNode result, String apiVersion) {
        JsonNode records = result.path("records");
        if (records.size() <= pageSize) {
            return result;
        }
        List<JsonNode> all = new ArrayList<>(records.size());
        records.forEach(all::add);
        String cursor = "01gSANDBOX%08d".formatted(++opened);
        cursors.put(cursor, all);
        return page(cursor, all, 0, apiVersion);
    }

    /** The page a {@code nextRecordsUrl}'s locator names, or Salesforce's 400 INVALID_QUERY_LOCATOR. */
    synchronized ObjectNode next(String locator, String apiVersion) {
        Matcher parts = LOCATOR.matcher(locator == null ? "" : locator);
        List<JsonNode> all = parts.matches() ? cursors.get(parts.group("cursor")) : null;
        int offset = all == null ? -1 : Integer.parseInt(parts.group("offset"));
        if (offset < 0 || offset >= all.size()) {
            ArrayNode body = JSON.arrayNode();
            body.addObject().put("message", "invalid query locator").put("errorCode", "INVALID_QUERY_LOCATOR");
            throw new SandboxApiException(HttpStatus.BAD_REQUEST, body);
        }
        return page(parts.group("cursor"), all, offset, apiVersion);
    }

    private ObjectNode page(String cursor, List<JsonNode> all, int offset, String apiVersion) {
        int end = Math.min(all.size(), offset + pageSize);
        boolean done = end == all.size();
        ObjectNode page = JSON.objectNode().put("totalSize", all.size()).put("done", done);
        if (!done) {
            page.put("nextRecordsUrl", "/services/data/" + apiVersion + "/query/" + cursor + "-" + end);
        }
        page.putArray("records").addAll(all.subList(offset, end));
        return page;
    }
}
