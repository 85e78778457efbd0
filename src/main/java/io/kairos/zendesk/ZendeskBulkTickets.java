package io.kairos.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.enrichment.TicketEnrichment;
import io.kairos.proactive.HelpdeskTicket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Zendesk's bulk calls for spike enrichment, through camel-http: Show Many Tickets
 * ({@code GET /api/v2/tickets/show_many.json?ids=…}, 100 a call), Update Many Tickets in its batch form
 * ({@code PUT /api/v2/tickets/update_many.json} with {@code {"tickets": [...]}}), Show Many Job Statuses
 * ({@code GET /api/v2/job_statuses/show_many.json?ids=…}, every job a claim awaits in one request) and Show Many
 * Users. The caller takes the {@link ZendeskGate} slots of the requests first. camel-zendesk's {@code updateTickets} sends the client's Ticket
 * model, which has no {@code additional_tags}: it could only replace tags, which needs each ticket read first.
 */
@Component
public class ZendeskBulkTickets {

    static final int TICKETS_PER_CALL = ZendeskRest.IDS_PER_CALL;

    private final ZendeskRest zendesk;
    private final ObjectMapper json;

    public ZendeskBulkTickets(ZendeskRest zendesk, ObjectMapper json) {
        this.zendesk = zendesk;
        this.json = json;
    }

    /** The tickets Zendesk still has among these ids, by id: a deleted ticket is absent. */
    public Map<Long, HelpdeskTicket> tickets(Collection<Long> ids) {
        List<Long> distinct = ids.stream().distinct().toList();
        Map<Long, HelpdeskTicket> found = new LinkedHashMap<>();
        for (int from = 0; from < distinct.size(); from += TICKETS_PER_CALL) {
            String list = ZendeskRest.ids(distinct.subList(from, Math.min(distinct.size(), from + TICKETS_PER_CALL)));
            for (JsonNode t : zendesk.get("/api/v2/tickets/show_many.json", "ids=" + list).path("tickets")) {
                found.put(t.path("id").asLong(), ZendeskRest.ticket(t));
            }
        }
        return found;
    }

    /** Sends up to 100 enrichments in one Update Many Tickets request; returns the id of Zendesk's job. */
    public String updateMany(List<TicketEnrichment> enrichments, Map<Long, HelpdeskTicket> current) {
        if (enrichments.isEmpty() || enrichments.size() > TICKETS_PER_CALL) {
            throw new IllegalArgumentException("update_many takes 1 to 100 tickets, got " + enrichments.size());
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode tickets = body.putArray("tickets");
        enrichments.forEach(e -> tickets.add(ticket(json, e, current.get(e.ticketId()))));
        String id = zendesk.call("PUT", "/api/v2/tickets/update_many.json", null, body.toString()).path("job_status")
                .path("id").asText("");
        if (id.isBlank()) {
            throw new IllegalStateException("Zendesk update_many answered without a job status id");
        }
        return id;
    }

    /** Show Many Users: each requester's email, by user id. */
    public Map<Long, String> emailsOf(Collection<Long> userIds) {
        return zendesk.emailsOf(userIds, () -> { });
    }

    /** The requests {@link #jobStatuses} makes for this many jobs. */
    public static int jobStatusCalls(int jobs) {
        return (jobs + TICKETS_PER_CALL - 1) / TICKETS_PER_CALL;
    }

    /**
     * Each job's status ({@code queued}, {@code working}, {@code completed}, {@code failed}, {@code killed}) by id; a
     * job Zendesk no longer knows (it keeps them a day) is absent.
     */
    public Map<String, JobStatus> jobStatuses(Collection<String> jobIds) {
        List<String> distinct = jobIds.stream().distinct().toList();
        Map<String, JobStatus> found = new LinkedHashMap<>();
        for (int from = 0; from < distinct.size(); from += TICKETS_PER_CALL) {
            String list = ZendeskRest.ids(distinct.subList(from, Math.min(distinct.size(), from + TICKETS_PER_CALL)));
            for (JsonNode job : zendesk.get("/api/v2/job_statuses/show_many.json", "ids=" + list)
                    .path("job_statuses")) {
                JobStatus status = jobStatus(job);
                if (status.id() != null) {
                    found.put(status.id(), status);
                }
            }
        }
        return found;
    }

    private static JobStatus jobStatus(JsonNode job) {
        List<BulkJobResults.Result> results = new ArrayList<>();
        for (JsonNode r : job.path("results")) {
            results.add(new BulkJobResults.Result(r.path("id").canConvertToLong() ? r.path("id").asLong() : null,
                    r.path("success").isBoolean() ? r.path("success").asBoolean() : null, text(r, "status"),
                    text(r, "error"), text(r, "details")));
        }
        return new JobStatus(text(job, "id"), text(job, "status"), results);
    }

    /** A job as Zendesk reports it. */
    public record JobStatus(String id, String status, List<BulkJobResults.Result> results) {

        public boolean finished() {
            return BulkJobResults.finished(status);
        }
    }

    /**
     * One ticket of the batch form: a private comment, {@code additional_tags} (added to the ticket's own, so they
     * need not be read), custom fields and, for a known issue, the problem link (not on a problem ticket itself).
     */
    static ObjectNode ticket(ObjectMapper json, TicketEnrichment enrichment, HelpdeskTicket current) {
        ObjectNode ticket = json.createObjectNode();
        ticket.put("id", enrichment.ticketId());
        ticket.putObject("comment").put("body", enrichment.internalNote()).put("public", false);
        ArrayNode tags = ticket.putArray("additional_tags");
        enrichment.tags().forEach(t -> tags.add(t.toLowerCase(Locale.ROOT)));
        if (!enrichment.customFields().isEmpty()) {
            ArrayNode fields = ticket.putArray("custom_fields");
            enrichment.customFields().forEach((id, value) -> fields.addObject().put("id", id).put("value", value));
        }
        Long problemId = enrichment.problemId();
        boolean isProblem = current != null && "problem".equalsIgnoreCase(current.type());
        if (problemId != null && !isProblem && problemId != enrichment.ticketId()) {
            ticket.put("type", "incident");
            ticket.put("problem_id", problemId);
        }
        return ticket;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
