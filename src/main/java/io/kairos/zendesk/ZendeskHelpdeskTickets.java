package io.kairos.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.proactive.HelpdeskTicket;
import io.kairos.proactive.HelpdeskTickets;
import io.kairos.proactive.OpenTicketProperties;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Zendesk's reads for the open-ticket lookup, through camel-http: camel-zendesk's client offers only the offset-paged
 * {@code search.json} (at most 1,000 results) and pages incidents without a page size or a cursor. Used here:
 * Export Search Results ({@code GET /api/v2/search/export.json?query=…&filter[type]=ticket&page[size]=…}), List
 * Ticket Incidents ({@code GET /api/v2/tickets/{id}/incidents.json?page[size]=…}), both with cursor pagination
 * ({@code meta.has_more}, {@code meta.after_cursor}, {@code links.next}), and Show Many Users
 * ({@code GET /api/v2/users/show_many.json?ids=…}, 100 ids a call). Each request takes a slot of the signal share of
 * {@link ZendeskGate}, waiting for it no longer than the lookup's timeout.
 */
@Component
public class ZendeskHelpdeskTickets implements HelpdeskTickets {

    private final ZendeskRest zendesk;
    private final ZendeskGate gate;
    private final int pageSize;

    public ZendeskHelpdeskTickets(ZendeskRest zendesk, ZendeskGate gate, OpenTicketProperties settings) {
        this.zendesk = zendesk;
        this.gate = gate;
        this.pageSize = settings.pageSize();
    }

    @Override
    public List<HelpdeskTicket> mentioning(String phrase, int limit) {
        return search(unsolved() + " \"" + phrase.replace("\"", " ") + "\"", limit);
    }

    @Override
    public List<HelpdeskTicket> taggedWithAny(List<String> tags, int limit) {
        // Zendesk ORs several values of one keyword: tags:a tags:b finds tickets with either.
        return search(unsolved() + tags.stream().map(t -> " tags:" + t).collect(Collectors.joining()), limit);
    }

    @Override
    public List<HelpdeskTicket> incidentsOf(long problemId, int limit) {
        return pages("/api/v2/tickets/" + problemId + "/incidents.json", "page%5Bsize%5D=" + size(limit),
                "tickets", limit);
    }

    @Override
    public Map<Long, String> emailsOf(Collection<Long> userIds) {
        return zendesk.emailsOf(userIds, gate::beforePlanningRead);
    }

    /** The query before its terms: unsolved tickets (new, open, pending, on-hold). */
    static String unsolved() {
        return "type:ticket status<solved";
    }

    private List<HelpdeskTicket> search(String query, int limit) {
        return pages("/api/v2/search/export.json", "query=" + encode(query) + "&filter%5Btype%5D=ticket"
                + "&page%5Bsize%5D=" + size(limit), "results", limit);
    }

    /** Follows the cursor page by page until Zendesk has no more or the limit is read; never loads all at once. */
    private List<HelpdeskTicket> pages(String path, String query, String field, int limit) {
        List<HelpdeskTicket> tickets = new ArrayList<>();
        String nextPath = path;
        String nextQuery = query;
        while (nextPath != null && tickets.size() < limit) {
            gate.beforePlanningRead();
            JsonNode page = zendesk.get(nextPath, nextQuery);
            for (JsonNode t : page.path(field)) {
                String kind = t.path("result_type").asText("ticket");
                if (tickets.size() < limit && "ticket".equals(kind) && t.path("id").canConvertToLong()) {
                    tickets.add(ZendeskRest.ticket(t));
                }
            }
            nextPath = null;
            if (page.path("meta").path("has_more").asBoolean(false)) {
                String next = page.path("links").path("next").asText("");
                String cursor = page.path("meta").path("after_cursor").asText("");
                if (next.startsWith(zendesk.baseUrl() + "/")) {
                    URI uri = URI.create(next);
                    nextPath = uri.getRawPath();
                    nextQuery = uri.getRawQuery();
                } else if (!cursor.isEmpty()) {
                    nextPath = path;
                    nextQuery = query + "&page%5Bafter%5D=" + encode(cursor);
                }
            }
        }
        return tickets;
    }

    private int size(int limit) {
        return Math.max(1, Math.min(pageSize, limit));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
