package io.kairos.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import io.kairos.proactive.SuppressionList;
import io.kairos.timing.UtcText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * An agent holds proactive messages for a ticket's requester for some days (a suppression that expires), or lifts
 * that hold; both go into the ledger with the agent's name. A suppression an admin put on the list (one that does
 * not expire) outranks any hold: a hold leaves it as it is, and an agent cannot lift it.
 */
@Component
class AgentHolds {

    static final String HOLD_CODE = "AGENT_HOLD";
    static final String LIFT_CODE = "AGENT_HOLD_LIFTED";

    private final TicketRequesters requesters;
    private final SuppressionList suppressions;
    private final LedgerStore ledger;
    private final TransactionOperations transactions;
    private final ObjectMapper json;
    private final Clock clock;

    AgentHolds(TicketRequesters requesters, SuppressionList suppressions, LedgerStore ledger,
               TransactionOperations transactions, ObjectMapper json, Clock clock) {
        this.transactions = transactions;
        this.requesters = requesters;
        this.suppressions = suppressions;
        this.ledger = ledger;
        this.json = json;
        this.clock = clock;
    }

    /** The list and the ledger change together; Zendesk, when asked for the requester, is asked before. */
    ObjectNode hold(HoldRequest request, String subdomain) {
        String email = emailOf(request.ticket(), subdomain);
        Instant now = clock.instant();
        Instant until = now.plus(Duration.ofDays(request.days()));
        String reason = "Held from Zendesk ticket #" + request.ticket() + " for " + request.days()
                + (request.days() == 1 ? " day" : " days");
        SuppressionList.Entry entry = transactions.execute(status -> {
            SuppressionList.Entry held = suppressions.hold(email, reason, request.agent(), until);
            if (held.expiresAt() != null) {
                ledger.record(new LedgerEntry(email, null, null, "ticket:" + request.ticket(), null,
                        LedgerEntry.Decision.AGENT_HOLD, HOLD_CODE, "Proactive messages held by " + request.agent()
                        + " from Zendesk ticket #" + request.ticket() + " until " + UtcText.of(until) + ".",
                        "hold until " + until, now));
            }
            return held;
        });
        return json.createObjectNode().set("hold", holdJson(json, entry));
    }

    ObjectNode lift(long ticket, String agent, String subdomain) {
        String email = emailOf(ticket, subdomain);
        transactions.executeWithoutResult(status -> {
            if (suppressions.removeExpiring(email)) {
                ledger.record(new LedgerEntry(email, null, null, "ticket:" + ticket, null,
                        LedgerEntry.Decision.HOLD_LIFTED, LIFT_CODE, "Hold on proactive messages lifted by " + agent
                        + " from Zendesk ticket #" + ticket + ".", "hold lifted", clock.instant()));
            }
        });
        var remaining = suppressions.find(email);
        if (remaining.isPresent()) {
            throw new AgentApiException(409, "conflict", "This customer is on Kairos's suppression list until an "
                    + "admin removes them (" + remaining.get().reason() + "); an agent cannot lift that.");
        }
        return json.createObjectNode().set("hold", NullNode.getInstance());
    }

    /** A hold as the sidebar shows it: until when (null: until an admin removes it), by whom, why. */
    static JsonNode holdJson(ObjectMapper json, SuppressionList.Entry entry) {
        if (entry == null) {
            return NullNode.getInstance();
        }
        return json.createObjectNode()
                .put("until", entry.expiresAt() == null ? null : entry.expiresAt().toString())
                .put("by", entry.createdBy()).put("reason", entry.reason());
    }

    private String emailOf(long ticket, String subdomain) {
        String email = requesters.of(ticket, subdomain).email();
        if (email == null) {
            throw new AgentApiException(409, "conflict", "Ticket " + ticket + "'s requester has no email address, "
                    + "and Kairos knows customers by email: there is nothing to hold.");
        }
        return email;
    }
}
