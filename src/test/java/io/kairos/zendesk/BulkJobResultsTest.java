package io.kairos.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.zendesk.BulkJobResults.Outcome;
import io.kairos.zendesk.BulkJobResults.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkJobResultsTest {

    @Test
    void eachTicketIsWrittenGoneOrFailedAsItsResultSays() {
        BulkJobResults results = new BulkJobResults(List.of(
                new Result(1L, true, "Updated", null, null),
                new Result(2L, false, "Failed", "TicketUpdateFailed", "Status: closed prevents ticket update"),
                new Result(3L, false, "Failed", "RecordNotFound", "Ticket not found"),
                new Result(4L, null, "Updated", null, null)));

        assertThat(results.of(1)).isEqualTo(Outcome.WRITTEN);
        assertThat(results.of(2)).isEqualTo(Outcome.FAILED);
        assertThat(results.of(3)).isEqualTo(Outcome.GONE);
        assertThat(results.of(4)).as("older jobs report a status without success").isEqualTo(Outcome.WRITTEN);
        assertThat(results.reason(2, "j1"))
                .isEqualTo("Zendesk job j1 did not update ticket 2: TicketUpdateFailed: Status: closed prevents ticket update");
    }

    @Test
    void aTicketTheJobSaysNothingOfIsFailedSoItIsSentAgainNotLost() {
        BulkJobResults results = new BulkJobResults(List.of(new Result(1L, true, "Updated", null, null)));

        assertThat(results.of(2)).isEqualTo(Outcome.FAILED);
        assertThat(results.reason(2, "j1")).isEqualTo("Zendesk job j1 reported nothing for ticket 2");
    }

    @Test
    void aTicketListedTwiceIsWrittenOnlyIfEveryEntrySaysSo() {
        BulkJobResults results = new BulkJobResults(List.of(new Result(1L, true, "Updated", null, null),
                new Result(1L, false, "Failed", "TicketUpdateFailed", null)));

        assertThat(results.of(1)).isEqualTo(Outcome.FAILED);
    }

    @Test
    void aJobIsFinishedWhenCompletedFailedOrKilled() {
        assertThat(List.of("completed", "failed", "killed")).allMatch(BulkJobResults::finished);
        assertThat(List.of("queued", "working")).noneMatch(BulkJobResults::finished);
        assertThat(BulkJobResults.finished(null)).isFalse();
    }
}
