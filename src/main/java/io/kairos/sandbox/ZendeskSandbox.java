package io.kairos.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The simulated Zendesk account: users, tickets and their comments, in memory and rendered as the Ticketing API v2 does. */
@Component
@Profile("sandbox")
class ZendeskSandbox {

    /** How a tags request changes a ticket's tags. */
    enum TagEdit { ADD, SET, REMOVE }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> PLAIN_FIELDS =
            List.of("subject", "status", "type", "priority", "problem_id", "assignee_id");
    // The Java client sends updated_stamp as 2026-11-26T10:00:00.000+00:00, Zendesk itself as 2026-11-26T10:00:00Z.
    private static final DateTimeFormatter STAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private final Clock clock;
    private final Map<Long, ObjectNode> users = new LinkedHashMap<>();
    private final Map<Long, ObjectNode> tickets = new LinkedHashMap<>();
    private final Map<Long, List<ObjectNode>> comments = new HashMap<>();
    private final Map<String, ObjectNode> jobs = new HashMap<>();
    private Instant lastStamp = SandboxSeed.TICKETS_UPDATED_AT;
    private long nextCommentId = 1;

    ZendeskSandbox() {
        this(Clock.systemUTC());
    }

    ZendeskSandbox(Clock clock) {
        this.clock = clock;
        SandboxSeed.zendeskUsers().forEach(u -> users.put(u.id(), user(u.id(), u.name(), u.email(), u.role())));
        for (SandboxSeed.ZendeskTicket seed : SandboxSeed.zendeskTickets()) {
            ObjectNode ticket = newTicket(seed.id(), seed.requesterId(), seed.subject(), seed.description(),
                    seed.createdAt());
            ticket.put("type", seed.type());
            ticket.set("tags", strings(seed.tags()));
            ticket.put("updated_at", SandboxSeed.TICKETS_UPDATED_AT.toString());
            tickets.put(seed.id(), ticket);
            addComment(seed.id(), seed.requesterId(), seed.description(), true, seed.createdAt());
        }
    }

    synchronized ObjectNode ticket(long id) {
        return find(id).deepCopy();
    }

    synchronized List<ObjectNode> comments(long id) {
        find(id);
        return comments.getOrDefault(id, List.of()).stream().map(ObjectNode::deepCopy).toList();
    }

    /** Applies an Update Ticket body ({@code {"ticket":{...}}} content) the way Zendesk does, tags replacing. */
    synchronized ObjectNode update(long id, JsonNode changes) {
        ObjectNode ticket = find(id);
        checkSafeUpdate(ticket, changes);
        checkProblem(changes);
        Instant now = nextStamp();
        for (String field : PLAIN_FIELDS) {
            if (changes.has(field)) {
                ticket.set(field, changes.get(field));
            }
        }
        if (changes.has("tags")) {
            ticket.set("tags", tagList(changes.get("tags")));
        }
        if (changes.has("additional_tags")) {
            ArrayNode tags = tagList(ticket.get("tags"));
            for (JsonNode tag : tagList(changes.get("additional_tags"))) {
                if (java.util.stream.StreamSupport.stream(tags.spliterator(), false)
                        .noneMatch(t -> t.asText().equals(tag.asText()))) {
                    tags.add(tag.asText());
                }
            }
            ticket.set("tags", tags);
        }
        mergeCustomFields(ticket, changes.path("custom_fields"));
        JsonNode comment = changes.path("comment");
        if (comment.isObject()) {
            String body = comment.hasNonNull("body") ? comment.get("body").asText() : comment.path("html_body").asText("");
            if (!body.isBlank()) {
                addComment(id, comment.path("author_id").asLong(SandboxSeed.KAIROS_AGENT_ID), body,
                        comment.path("public").asBoolean(true), now);
            }
        }
        ticket.put("updated_at", now.toString());
        return ticket.deepCopy();
    }

    /** Show Many Tickets: the tickets among these ids that exist; a deleted or unknown id is left out. */
    synchronized List<ObjectNode> tickets(List<Long> ids) {
        return ids.stream().map(tickets::get).filter(java.util.Objects::nonNull).map(ObjectNode::deepCopy).toList();
    }

    /**
     * Update Many Tickets in its batch form: applies each ticket's changes as Update Ticket does (with
     * additional_tags added to the ticket's own) and keeps a job, completed at once, with each ticket's result.
     */
    synchronized String updateMany(JsonNode ticketChanges) {
        ArrayNode results = JSON.arrayNode();
        int index = 0;
        for (JsonNode changes : ticketChanges) {
            long id = changes.path("id").asLong();
            ObjectNode result = results.addObject().put("id", id).put("index", index++).put("action", "update");
            try {
                update(id, changes);
                result.put("success", true).put("status", "Updated");
            } catch (SandboxApiException refused) {
                result.put("success", false).put("status", "Failed")
                        .put("error", refused.body().path("error").asText("Failed"))
                        .put("details", refused.body().path("description").asText(""));
            }
        }
        String jobId = "sandbox-job-" + (jobs.size() + 1);
        ObjectNode job = JSON.objectNode().put("id", jobId).put("status", "completed").put("total", results.size())
                .put("progress", results.size());
        job.set("results", results);
        jobs.put(jobId, job);
        return jobId;
    }

    /** A job of {@link #updateMany}, as Show Job Status answers it. */
    synchronized ObjectNode job(String jobId) {
        ObjectNode job = jobs.get(jobId);
        if (job == null) {
            throw notFound();
        }
        return job.deepCopy();
    }

    /** Show Many Job Statuses: the jobs it knows among these ids; an unknown id is left out. */
    synchronized List<ObjectNode> jobs(List<String> jobIds) {
        return jobIds.stream().map(jobs::get).filter(java.util.Objects::nonNull).map(ObjectNode::deepCopy).toList();
    }

    /** Creates a ticket from a Create Ticket body; the comment becomes the description and the first comment. */
    synchronized ObjectNode create(JsonNode fields) {
        JsonNode comment = fields.path("comment");
        String description = comment.hasNonNull("body") ? comment.get("body").asText()
                : comment.path("html_body").asText("");
        if (description.isBlank()) {
            throw invalid("description", "Description: cannot be blank");
        }
        long requesterId = requesterOf(fields);
        checkProblem(fields);
        Instant now = nextStamp();
        long id = tickets.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        ObjectNode ticket = newTicket(id, requesterId, fields.path("subject").asText(null), description, now);
        ticket.put("status", "new");
        for (String field : PLAIN_FIELDS) {
            if (fields.hasNonNull(field)) {
                ticket.set(field, fields.get(field));
            }
        }
        if (fields.hasNonNull("external_id")) {
            ticket.put("external_id", fields.get("external_id").asText());
        }
        ticket.set("tags", tagList(fields.get("tags")));
        mergeCustomFields(ticket, fields.path("custom_fields"));
        tickets.put(id, ticket);
        addComment(id, fields.path("comment").path("author_id").asLong(requesterId), description,
                fields.path("comment").path("public").asBoolean(true), now);
        return ticket.deepCopy();
    }

    /** Tickets whose {@code external_id} equals the given one, as {@code GET /tickets.json?external_id=} lists them. */
    synchronized List<ObjectNode> ticketsByExternalId(String externalId) {
        return tickets.values().stream()
                .filter(t -> externalId != null && externalId.equals(t.path("external_id").asText(null)))
                .map(ObjectNode::deepCopy)
                .toList();
    }

    /** Adds, sets or removes tags, as {@code PUT|POST|DELETE /tickets/{id}/tags} do; returns the resulting tags. */
    synchronized ArrayNode editTags(long id, JsonNode request, TagEdit edit) {
        ObjectNode ticket = find(id);
        checkSafeUpdate(ticket, request);
        Set<String> tags = new LinkedHashSet<>();
        ticket.withArray("tags").forEach(t -> tags.add(t.asText()));
        List<String> given = new ArrayList<>();
        tagList(request.get("tags")).forEach(t -> given.add(t.asText()));
        switch (edit) {
            case ADD -> tags.addAll(given);
            case SET -> {
                tags.clear();
                tags.addAll(given);
            }
            case REMOVE -> given.forEach(tags::remove);
        }
        ArrayNode result = JSON.arrayNode();
        tags.forEach(result::add);
        ticket.set("tags", result);
        ticket.put("updated_at", nextStamp().toString());
        return result.deepCopy();
    }

    synchronized ObjectNode user(long id) {
        ObjectNode user = users.get(id);
        if (user == null) {
            throw notFound();
        }
        return user.deepCopy();
    }

    /** Users whose email equals the query ({@code email:} prefix allowed) or whose name contains it. */
    synchronized List<ObjectNode> searchUsers(String query) {
        String q = query == null ? "" : query.trim().replaceFirst("(?i)^email:", "").toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return List.of();
        }
        return users.values().stream()
                .filter(u -> u.path("email").asText().equalsIgnoreCase(q)
                        || u.path("name").asText().toLowerCase(Locale.ROOT).contains(q))
                .map(ObjectNode::deepCopy)
                .toList();
    }

    /**
     * Tickets for the search API's ticket queries as Kairos asks them: {@code requester:<email>},
     * {@code status<solved}, {@code type:ticket}, {@code tags:<tag>} (any of them) and words or "phrases" that the
     * subject or a comment must contain.
     */
    synchronized List<ObjectNode> searchTickets(String query) {
        String requester = null;
        boolean unsolved = false;
        List<String> terms = new ArrayList<>();
        List<String> anyTag = new ArrayList<>();
        java.util.regex.Matcher parts = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)")
                .matcher(query == null ? "" : query);
        while (parts.find()) {
            String part = parts.group(1) != null ? parts.group(1) : parts.group(2);
            if (parts.group(2) != null && part.startsWith("requester:")) {
                requester = part.substring("requester:".length());
            } else if (parts.group(2) != null && part.startsWith("tags:")) {
                anyTag.add(part.substring("tags:".length()).toLowerCase(Locale.ROOT));
            } else if (parts.group(2) != null && part.equals("status<solved")) {
                unsolved = true;
            } else if (!(parts.group(2) != null && part.equals("type:ticket")) && !part.isBlank()) {
                terms.add(part.toLowerCase(Locale.ROOT));
            }
        }
        String email = requester;
        Long requesterId = email == null ? null : users.values().stream()
                .filter(u -> u.path("email").asText().equalsIgnoreCase(email))
                .map(u -> u.path("id").asLong()).findFirst().orElse(-1L);
        boolean onlyUnsolved = unsolved;
        return tickets.values().stream()
                .filter(t -> requesterId == null || t.path("requester_id").asLong() == requesterId)
                .filter(t -> !onlyUnsolved || List.of("new", "open", "pending", "hold")
                        .contains(t.path("status").asText()))
                .filter(t -> terms.stream().allMatch(term -> text(t).contains(term)))
                .filter(t -> anyTag.isEmpty() || anyTag.stream().anyMatch(tag -> hasTag(t, tag)))
                .map(t -> (ObjectNode) t.deepCopy().put("result_type", "ticket"))
                .toList();
    }

    /** The incidents linked to a problem ticket. */
    synchronized List<ObjectNode> incidents(long problemId) {
        find(problemId);
        return tickets.values().stream().filter(t -> t.path("problem_id").asLong(-1) == problemId)
                .map(ObjectNode::deepCopy).toList();
    }

    /** The users with these ids; unknown ids are left out, as Zendesk does. */
    synchronized List<ObjectNode> users(List<Long> ids) {
        return ids.stream().map(users::get).filter(java.util.Objects::nonNull).map(ObjectNode::deepCopy).toList();
    }

    private static boolean hasTag(JsonNode ticket, String tag) {
        for (JsonNode t : ticket.path("tags")) {
            if (tag.equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    private String text(ObjectNode ticket) {
        StringBuilder text = new StringBuilder(ticket.path("subject").asText("")).append('\n');
        comments.getOrDefault(ticket.path("id").asLong(), List.of())
                .forEach(c -> text.append(c.path("body").asText("")).append('\n'));
        return text.toString().toLowerCase(Locale.ROOT);
    }

    static SandboxApiException notFound() {
        return new SandboxApiException(HttpStatus.NOT_FOUND,
                JSON.objectNode().put("error", "RecordNotFound").put("description", "Not found"));
    }

    private ObjectNode find(long id) {
        ObjectNode ticket = tickets.get(id);
        if (ticket == null) {
            throw notFound();
        }
        return ticket;
    }

    private void checkSafeUpdate(ObjectNode ticket, JsonNode changes) {
        if (!changes.path("safe_update").asBoolean(false)) {
            return;
        }
        Instant current = Instant.parse(ticket.get("updated_at").asText());
        Optional<Instant> stamp = instant(changes.get("updated_stamp"));
        if (stamp.isEmpty() || !stamp.get().truncatedTo(ChronoUnit.SECONDS).equals(current)) {
            throw new SandboxApiException(HttpStatus.CONFLICT, JSON.objectNode()
                    .put("error", "UpdateConflict")
                    .put("description", "Safe Update prevented the update due to outdated ticket data. "
                            + "Please fetch the latest ticket data and try again."));
        }
    }

    private void checkProblem(JsonNode changes) {
        JsonNode problemId = changes.get("problem_id");
        if (problemId == null || problemId.isNull()) {
            return;
        }
        ObjectNode problem = tickets.get(problemId.asLong());
        if (problem == null || !"problem".equals(problem.path("type").asText())) {
            throw invalid("problem_id", "Problem: is not a problem ticket");
        }
    }

    private long requesterOf(JsonNode fields) {
        if (fields.hasNonNull("requester_id")) {
            long id = fields.get("requester_id").asLong();
            if (!users.containsKey(id)) {
                throw invalid("requester", "Requester: is invalid");
            }
            return id;
        }
        String email = fields.path("requester").path("email").asText("");
        if (email.isBlank()) {
            throw invalid("requester", "Requester: cannot be blank");
        }
        return users.values().stream()
                .filter(u -> u.path("email").asText().equalsIgnoreCase(email))
                .mapToLong(u -> u.get("id").asLong())
                .findFirst()
                .orElseGet(() -> {
                    long id = users.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
                    users.put(id, user(id, fields.path("requester").path("name").asText(email), email, "end-user"));
                    return id;
                });
    }

    private void addComment(long ticketId, long authorId, String body, boolean isPublic, Instant at) {
        ObjectNode comment = JSON.objectNode()
                .put("id", nextCommentId++)
                .put("type", "Comment")
                .put("author_id", authorId)
                .put("body", body)
                .put("plain_body", body)
                .put("public", isPublic)
                .put("created_at", at.toString());
        comments.computeIfAbsent(ticketId, k -> new ArrayList<>()).add(comment);
    }

    private Instant nextStamp() {
        // Distinct, increasing stamps even for two updates in the same second, so safe_update can tell them apart.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        lastStamp = now.isAfter(lastStamp) ? now : lastStamp.plusSeconds(1);
        return lastStamp;
    }

    private static ObjectNode newTicket(long id, long requesterId, String subject, String description, Instant at) {
        ObjectNode ticket = JSON.objectNode()
                .put("id", id)
                .put("subject", subject)
                .put("raw_subject", subject)
                .put("description", description)
                .put("status", "open")
                .putNull("type")
                .putNull("priority")
                .put("requester_id", requesterId)
                .put("submitter_id", requesterId)
                .putNull("assignee_id")
                .putNull("problem_id")
                .putNull("external_id");
        ticket.putArray("tags");
        ticket.putArray("custom_fields");
        ticket.put("created_at", at.toString());
        ticket.put("updated_at", at.toString());
        return ticket;
    }

    private static void mergeCustomFields(ObjectNode ticket, JsonNode given) {
        ArrayNode current = ticket.withArray("custom_fields");
        for (JsonNode field : given) {
            if (!field.hasNonNull("id")) {
                continue;
            }
            long id = field.get("id").asLong();
            JsonNode value = field.has("value") ? field.get("value") : NullNode.getInstance();
            ObjectNode existing = null;
            for (JsonNode candidate : current) {
                if (candidate.path("id").asLong() == id) {
                    existing = (ObjectNode) candidate;
                }
            }
            if (existing == null) {
                current.addObject().put("id", id).set("value", value);
            } else {
                existing.set("value", value);
            }
        }
    }

    /** Tags as Zendesk stores them: distinct, in order; a single string is split on spaces and commas. */
    private static ArrayNode tagList(JsonNode given) {
        List<String> tags = new ArrayList<>();
        if (given != null && given.isArray()) {
            given.forEach(t -> tags.add(t.asText().trim()));
        } else if (given != null && given.isTextual()) {
            tags.addAll(List.of(given.asText().trim().split("[\\s,]+")));
        }
        return strings(tags);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode result = JSON.arrayNode();
        new LinkedHashSet<>(values).stream().filter(v -> !v.isBlank()).forEach(result::add);
        return result;
    }

    private static ObjectNode user(long id, String name, String email, String role) {
        return JSON.objectNode().put("id", id).put("name", name).put("email", email).put("role", role)
                .put("active", true);
    }

    private static Optional<Instant> instant(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isNumber()) {
            return Optional.of(Instant.ofEpochMilli(value.asLong()));
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.asText().trim(), STAMP).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static SandboxApiException invalid(String field, String description) {
        ObjectNode body = JSON.objectNode().put("error", "RecordInvalid").put("description", "Record validation errors");
        body.putObject("details").putArray(field).addObject().put("description", description);
        return new SandboxApiException(HttpStatus.UNPROCESSABLE_ENTITY, body);
    }
}
