package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InboxGroupTest {

    private static InboxEvent event(String id) {
        return new InboxEvent("zendesk", id, "ticket.created", "{}", 1, Instant.EPOCH);
    }

    private final List<InboxEvent> claim = List.of(event("a"), event("b"), event("c"));

    @Test
    void aClaimOfAtLeastGroupFromEventsIsHandedOnWhole() {
        assertThat(InboxGroup.of(claim, 3, Set.of())).containsExactly(new InboxGroup(claim));
    }

    @Test
    void aSmallerClaimIsHandedOnEventByEvent() {
        assertThat(InboxGroup.of(claim, 4, Set.of())).containsExactlyElementsOf(claim);
        assertThat(InboxGroup.of(claim, 0, Set.of())).as("0 never groups").containsExactlyElementsOf(claim);
    }

    @Test
    void eventsAwaitingAJobGoTogetherNeverAloneDownThePathThatWouldSendThemAgain() {
        assertThat(InboxGroup.of(claim, 0, Set.of("a", "c")))
                .containsExactly(new InboxGroup(List.of(event("a"), event("c"))), event("b"));
    }
}
