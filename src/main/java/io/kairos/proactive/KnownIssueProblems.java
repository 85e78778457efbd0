package io.kairos.proactive;

import java.util.Optional;

/**
 * Where the CRM names the helpdesk's problem ticket of a known issue: its incidents are tickets about the issue even
 * when no search finds the problem itself.
 */
public interface KnownIssueProblems {

    /** The problem ticket the known issue names, if any. */
    Optional<Long> problemTicketOf(String knownIssueId);
}
