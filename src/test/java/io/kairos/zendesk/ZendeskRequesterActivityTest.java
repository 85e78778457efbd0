package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.support.Fixtures;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which Zendesk deliveries show the requester acting, and when, for their activity histogram. */
class ZendeskRequesterActivityTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-26T18:00:00Z");

    private final ZendeskPayloads payloads = new ZendeskPayloads(new ObjectMapper());

    @Test
    void aTicketTheRequesterOpenedCountsAtTheEventsTime() {
        assertThat(actedAt("ticket-created.json")).contains(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(actedAt("ticket-created-numeric-ids.json")).isPresent();
    }

    @Test
    void aTriggerBodyOfACreatedTicketCountsWhenKairosReceivedIt() {
        assertThat(actedAt("trigger-ticket.json")).contains(RECEIVED);
    }

    @Test
    void aPublicReplyOfTheRequesterCounts() {
        assertThat(actedAt("ticket-comment-by-requester.json")).contains(Instant.parse("2026-11-26T16:42:00Z"));
    }

    @Test
    void agentsActionsDoNot() {
        assertThat(actedAt("ticket-comment-by-agent.json")).as("an agent's reply").isEmpty();
        assertThat(actedAt("ticket-created-by-agent.json")).as("a ticket an agent opened for them").isEmpty();
        assertThat(actedAt("ticket-tags-changed-by-kairos.json")).as("a change, not a customer action").isEmpty();
    }

    @Test
    void aPrivateCommentDoesNot() {
        String body = Fixtures.read("zendesk/ticket-comment-by-requester.json").replace(
                "\"body\":\"Still nothing, any news?\",\"id\":\"501\",\"is_public\":true",
                "\"body\":\"Still nothing, any news?\",\"id\":\"501\",\"is_public\":false");

        assertThat(payloads.requesterActedAt(body, RECEIVED)).isEmpty();
    }

    private Optional<Instant> actedAt(String fixture) {
        return payloads.requesterActedAt(Fixtures.read("zendesk/" + fixture), RECEIVED);
    }
}
