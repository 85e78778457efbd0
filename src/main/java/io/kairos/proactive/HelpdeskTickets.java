package io.kairos.proactive;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The helpdesk calls behind the open-ticket lookup, each paging through its results up to a limit so that a
 * signal costs a bounded number of requests whatever the size of its audience. Failures surface as exceptions.
 */
public interface HelpdeskTickets {

    /** Unsolved tickets mentioning the phrase (subject, description or a comment). */
    List<HelpdeskTicket> mentioning(String phrase, int limit);

    /** Unsolved tickets carrying any of the tags. */
    List<HelpdeskTicket> taggedWithAny(List<String> tags, int limit);

    /** The incidents linked to a problem ticket, of every status. */
    List<HelpdeskTicket> incidentsOf(long problemId, int limit);

    /** The email of each user that has one, by user id. */
    Map<Long, String> emailsOf(Collection<Long> userIds);
}
