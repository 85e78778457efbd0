package io.kairos.enrichment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Kairos writes onto one ticket, in one update: an internal note, tags to add, custom field values and,
 * where a known issue has a problem ticket, that problem's id.
 *
 * @param topics what the ticket is about ({@link TicketTopics}): an open ticket holds proactive messages on these back
 */
public record TicketEnrichment(
        long ticketId,
        String contactEmail,
        boolean customerKnown,
        String internalNote,
        List<String> tags,
        Map<Long, String> customFields,
        Long problemId,
        List<String> topics) {

    public TicketEnrichment {
        tags = List.copyOf(tags);
        customFields = Map.copyOf(customFields);
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    public TicketEnrichment(long ticketId, String contactEmail, boolean customerKnown, String internalNote,
                            List<String> tags, Map<Long, String> customFields, Long problemId) {
        this(ticketId, contactEmail, customerKnown, internalNote, tags, customFields, problemId, List.of());
    }

    /** A stable digest of the content, so the same enrichment is never written twice. */
    public String fingerprint() {
        String canonical = internalNote + '\n' + tags + '\n' + new TreeMap<>(customFields) + '\n' + problemId;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
