package io.kairos.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import io.kairos.platform.DeadLetters;
import io.kairos.platform.SecretMask;
import io.kairos.proactive.InvalidSignalException;
import io.kairos.proactive.Outbox;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalPreview;
import io.kairos.proactive.SignalRequests;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What the admin pages and their JSON endpoints share: masked payloads, replays in an admin's name, previews. */
@Component
class AdminActions {

    private final ObjectMapper json;
    private final DeadLetters deadLetters;
    private final Outbox outbox;
    private final SignalRequests signalRequests;
    private final SignalPreview signalPreview;
    private final LedgerStore ledger;

    AdminActions(ObjectMapper json, DeadLetters deadLetters, Outbox outbox, SignalRequests signalRequests,
                 SignalPreview signalPreview, LedgerStore ledger) {
        this.ledger = ledger;
        this.json = json;
        this.deadLetters = deadLetters;
        this.outbox = outbox;
        this.signalRequests = signalRequests;
        this.signalPreview = signalPreview;
    }

    /** How the ledger names who replayed. */
    static String actor(Principal principal) {
        return "admin '" + (principal == null ? "unknown" : principal.getName()) + "'";
    }

    /** The stored payload pretty-printed with secrets masked; text that is not JSON is masked as text. */
    String maskedPayload(String payload) {
        if (payload == null) {
            return "";
        }
        try {
            JsonNode tree = json.readTree(payload);
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(SecretMask.mask(tree));
        } catch (JsonProcessingException notJson) {
            return SecretMask.mask(payload);
        }
    }

    /**
     * The ledger entries about a dead letter: for a planned message (outbox), every decision about its contact and
     * signal (the failure, the replay, what followed); for a webhook event, its replays.
     */
    List<LedgerEntry> ledgerOf(DeadLetters.Letter letter) {
        if ("outbox".equals(letter.source()) && letter.payload() != null) {
            try {
                JsonNode payload = json.readTree(letter.payload());
                String email = payload.path("contactEmail").asText(null);
                String signalId = payload.path("signalId").asText(null);
                if (email != null && signalId != null) {
                    return ledger.about(email, signalId, 100);
                }
            } catch (JsonProcessingException unreadable) {
                // Only Kairos writes outbox dead letters; an unreadable one shows its replays, as a webhook would.
            }
        }
        return ledger.byReason(DeadLetters.REPLAY_REASON, letter.eventId(), 100);
    }

    boolean replayDeadLetter(long id, Principal principal) {
        return deadLetters.replay(id, actor(principal));
    }

    boolean replayMessage(long outboxId, Principal principal) {
        return outbox.replay(outboxId, actor(principal));
    }

    /** The dry run of a signal given as the JSON body of {@code POST /api/signals}; nothing is written. */
    SignalPreview.Result preview(String body) throws InvalidSignalException {
        Signal signal = signalRequests.parse(body == null ? "" : body, null);
        return signalPreview.preview(signal);
    }

    /** The same dry run from the preview form's fields (blank ones left out). */
    SignalPreview.Result preview(Map<String, String> fields) throws InvalidSignalException {
        Map<String, String> body = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            if (value != null && !value.isBlank() && !key.startsWith("_")) {
                body.put(key, value.trim());
            }
        });
        try {
            return preview(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
