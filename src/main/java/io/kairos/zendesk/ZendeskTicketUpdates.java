package io.kairos.zendesk;

import io.kairos.enrichment.TicketEnrichment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.zendesk.client.v2.model.Comment;
import org.zendesk.client.v2.model.CustomFieldValue;
import org.zendesk.client.v2.model.Ticket;
import org.zendesk.client.v2.model.Type;

/**
 * Maps an enrichment onto one sparse Zendesk ticket update: a private comment, the ticket's tags plus ours
 * (Update Ticket replaces tags, so the current ones are kept), custom fields and the problem link. It is a safe
 * update: if the ticket changed since it was read, Zendesk answers 409 and the event is retried.
 */
@Component("zendeskTicketUpdates")
public class ZendeskTicketUpdates {

    public Ticket toUpdate(TicketEnrichment enrichment, Ticket current) {
        Ticket update = new Ticket();
        update.setId(enrichment.ticketId());
        Comment note = new Comment(enrichment.internalNote());
        note.setPublic(false);
        update.setComment(note);

        Set<String> tags = new LinkedHashSet<>();
        if (current.getTags() != null) {
            current.getTags().forEach(t -> tags.add(t.toLowerCase(Locale.ROOT)));
        }
        enrichment.tags().forEach(t -> tags.add(t.toLowerCase(Locale.ROOT)));
        update.setTags(new ArrayList<>(tags));

        if (!enrichment.customFields().isEmpty()) {
            List<CustomFieldValue> fields = new ArrayList<>();
            enrichment.customFields().forEach((id, value) -> fields.add(new CustomFieldValue(id, new String[] {value})));
            update.setCustomFields(fields);
        }
        Long problemId = enrichment.problemId();
        if (problemId != null && current.getType() != Type.PROBLEM && !problemId.equals(current.getId())) {
            update.setType(Type.INCIDENT);
            update.setProblemId(problemId);
        }
        update.setSafeUpdate(true);
        update.setUpdatedAt(current.getUpdatedAt());
        return update;
    }
}
