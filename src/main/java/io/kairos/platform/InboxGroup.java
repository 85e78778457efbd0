package io.kairos.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Events of one claim handed to a flow together, for a flow that writes many in one request when a backlog exists.
 *
 * @param events claimed by this worker, each with its own lease
 */
public record InboxGroup(List<InboxEvent> events) {

    public InboxGroup {
        events = List.copyOf(events);
    }

    /**
     * What the lane's split hands on: the claim as one group when it holds at least {@code groupFrom} events (a
     * backlog), else each event alone, except that events awaiting a job they were sent in always go together to
     * the flow that follows jobs, never alone down a path that would send them again. {@code groupFrom} 0 groups
     * only those.
     */
    public static List<Object> of(List<InboxEvent> claimed, int groupFrom, Set<String> awaitingJob) {
        if (groupFrom > 0 && claimed.size() >= groupFrom) {
            return List.of(new InboxGroup(claimed));
        }
        List<Object> handedOut = new ArrayList<>();
        List<InboxEvent> awaiting = claimed.stream().filter(e -> awaitingJob.contains(e.eventId())).toList();
        if (!awaiting.isEmpty()) {
            handedOut.add(new InboxGroup(awaiting));
        }
        claimed.stream().filter(e -> !awaitingJob.contains(e.eventId())).forEach(handedOut::add);
        return handedOut;
    }
}
