package io.kairos.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who asked a ticket, read from Zendesk (Show Ticket, then Show User) for a ticket Kairos has not enriched: the
 * agent sidebar's way from a ticket id to a customer. The user's locale is kept on the way (ZendeskUserLocales).
 */
@Component
public class ZendeskTicketRequesters {

    private final ZendeskRest zendesk;
    private final ZendeskGate gate;
    private final ZendeskUserLocales userLocales;

    ZendeskTicketRequesters(ZendeskRest zendesk, ZendeskGate gate, ZendeskUserLocales userLocales) {
        this.zendesk = zendesk;
        this.gate = gate;
        this.userLocales = userLocales;
    }

    /** A ticket's requester; {@code email} is null for a requester without one (a phone-only user). */
    public record Requester(String email, String name) { }

    /**
     * The ticket's requester; empty when the ticket has none.
     *
     * @throws TicketNotFoundException when Zendesk has no such ticket (or no longer has its requester)
     * @throws ZendeskRestException when Zendesk refuses otherwise (429, 5xx, …)
     */
    public Optional<Requester> of(long ticketId) {
        JsonNode requesterId = read("/api/v2/tickets/" + ticketId + ".json", "Ticket " + ticketId)
                .path("ticket").path("requester_id");
        if (!requesterId.canConvertToLong() || requesterId.isNull()) {
            return Optional.empty();
        }
        JsonNode user = read("/api/v2/users/" + requesterId.asLong() + ".json", "The requester of ticket " + ticketId)
                .path("user");
        userLocales.readAll(user.isMissingNode() ? zendesk.json().createArrayNode()
                : zendesk.json().createArrayNode().add(user));
        String email = user.path("email").asText("");
        return Optional.of(new Requester(email.isBlank() ? null : email, user.path("name").asText(null)));
    }

    private JsonNode read(String path, String what) {
        gate.beforeAgentRead();
        try {
            return zendesk.get(path, null);
        } catch (ZendeskRestException refused) {
            if (refused.status() == 404) {
                throw new TicketNotFoundException(what + " does not exist in Zendesk");
            }
            throw refused;
        }
    }
}
