package io.kairos.agent;

import io.kairos.platform.RateSlotWaitException;
import io.kairos.platform.SecretMask;
import io.kairos.zendesk.TicketNotFoundException;
import io.kairos.zendesk.ZendeskRestException;
import io.kairos.zendesk.ZendeskTicketRequesters;
import io.kairos.zendesk.ZendeskTicketRequesters.Requester;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The requester of a ticket: from the store when Kairos enriched the ticket (no call at all), else from Zendesk.
 * Zendesk's refusals become the agent API's answers: a missing ticket 404, Zendesk busy or down 503/502.
 */
@Component
class TicketRequesters {

    private static final Logger LOG = LoggerFactory.getLogger(TicketRequesters.class);

    private final JdbcTemplate jdbc;
    private final ZendeskTicketRequesters zendesk;
    private final Clock clock;

    TicketRequesters(JdbcTemplate jdbc, ZendeskTicketRequesters zendesk, Clock clock) {
        this.jdbc = jdbc;
        this.zendesk = zendesk;
        this.clock = clock;
    }

    /** The requester; its email is null when the ticket has none. */
    Requester of(long ticket, String subdomain) {
        String stored = jdbc.queryForList("select contact_email from ticket_enrichment where ticket_id = ?",
                String.class, ticket).stream().filter(email -> email != null && !email.isBlank()).findFirst()
                .orElse(null);
        if (stored != null) {
            return new Requester(stored, null);
        }
        try {
            return zendesk.of(ticket).orElse(new Requester(null, null));
        } catch (TicketNotFoundException missing) {
            throw new AgentApiException(404, "not_found", "Ticket " + ticket + " does not exist in " + subdomain);
        } catch (RateSlotWaitException busy) {
            throw unavailable(Duration.between(clock.instant(), busy.slot()));
        } catch (ZendeskRestException refused) {
            LOG.warn("Agent API: Zendesk refused reading ticket {}: {}", ticket, SecretMask.mask(refused.getMessage()));
            if (refused.status() == 429) {
                throw unavailable(refused.retryAfter() == null ? Duration.ofSeconds(60) : refused.retryAfter());
            }
            throw zendeskDown();
        } catch (IllegalStateException unreachable) {
            // ZendeskRest's transport failures and unreadable answers.
            LOG.warn("Agent API: Zendesk could not be read for ticket {}: {}", ticket,
                    SecretMask.mask(unreachable.getMessage()));
            throw zendeskDown();
        }
    }

    private static AgentApiException unavailable(Duration wait) {
        return new AgentApiException(503, "zendesk_busy", "Kairos's share of the Zendesk API is used up for now; "
                + "try again shortly.", wait.isNegative() ? Duration.ZERO : wait);
    }

    private static AgentApiException zendeskDown() {
        return new AgentApiException(502, "zendesk_unavailable",
                "Zendesk could not be reached to find the ticket's requester; try again shortly.");
    }
}
