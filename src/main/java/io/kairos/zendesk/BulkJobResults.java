package io.kairos.zendesk;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a finished Update Many Tickets job says about each ticket sent in it: written, gone (deleted or never
 * there: dead-lettered alone) or failed (sent again in a later group). A ticket the job reports nothing for is
 * failed too, so no ticket is lost when a job is killed or fails as a whole.
 */
final class BulkJobResults {

    enum Outcome { WRITTEN, GONE, FAILED }

    /** One entry of the job's {@code results}: Zendesk's id, success flag, status, error code and details. */
    record Result(Long id, Boolean success, String status, String error, String details) {

        boolean written() {
            return Boolean.TRUE.equals(success) || (success == null && error == null && status != null
                    && List.of("updated", "completed", "ok").contains(status.toLowerCase(Locale.ROOT)));
        }

        boolean gone() {
            String text = ((error == null ? "" : error) + " " + (details == null ? "" : details))
                    .toLowerCase(Locale.ROOT);
            return text.contains("recordnotfound") || text.contains("ticketnotfound") || text.contains("not found")
                    || text.contains("deleted");
        }

        String reason() {
            return String.join(": ", List.of(error == null ? "failed" : error, details == null ? "" : details))
                    .replaceAll(": $", "");
        }
    }

    /** A job's state as its status says: still running, or finished (completed, failed or killed). */
    static boolean finished(String jobStatus) {
        return jobStatus != null && List.of("completed", "failed", "killed")
                .contains(jobStatus.toLowerCase(Locale.ROOT));
    }

    private final Map<Long, Result> byTicket = new HashMap<>();

    BulkJobResults(Collection<Result> results) {
        for (Result result : results) {
            if (result.id() != null) {
                // A ticket listed twice counts as written only if every entry says so.
                byTicket.merge(result.id(), result, (a, b) -> a.written() ? b : a);
            }
        }
    }

    Outcome of(long ticketId) {
        Result result = byTicket.get(ticketId);
        if (result == null) {
            return Outcome.FAILED;
        }
        if (result.written()) {
            return Outcome.WRITTEN;
        }
        return result.gone() ? Outcome.GONE : Outcome.FAILED;
    }

    /** Why the job did not write the ticket, for the retry or dead letter. */
    String reason(long ticketId, String jobId) {
        Result result = byTicket.get(ticketId);
        return "Zendesk job " + jobId + (result == null ? " reported nothing for ticket " + ticketId
                : " did not update ticket " + ticketId + ": " + result.reason());
    }
}
