package io.kairos.salesforce;

import java.util.List;
import java.util.Map;
import org.apache.camel.component.salesforce.internal.client.PubSubApiClient;

/**
 * The retry loops of camel-salesforce's Pub/Sub clients: after a stream error, a client sleeps on a gRPC thread
 * ({@code resubscribeOnError}) and then subscribes again, and when its consumer was stopped meanwhile it does so on
 * its closed channel, for good (linear backoff, every attempt failing at once; PubSubSubscriptionIT shows it).
 * camel-salesforce has no way to end it; an interrupt during the sleep does, as the client then gives up.
 */
public final class PubSubRetryLoops {

    private PubSubRetryLoops() {
    }

    /** The threads waiting to resubscribe now. */
    public static List<Thread> waiting() {
        return Thread.getAllStackTraces().entrySet().stream().filter(PubSubRetryLoops::inRetryWait)
                .map(Map.Entry::getKey).toList();
    }

    /**
     * Ends every retry loop waiting now; returns how many. Only right after every Pub/Sub consumer of this JVM's
     * Kairos stopped, when each such loop belongs to a stopped consumer.
     */
    public static int endAll() {
        List<Thread> threads = waiting();
        threads.forEach(Thread::interrupt);
        return threads.size();
    }

    private static boolean inRetryWait(Map.Entry<Thread, StackTraceElement[]> thread) {
        for (StackTraceElement frame : thread.getValue()) {
            if (frame.getClassName().startsWith(PubSubApiClient.class.getName())
                    && "resubscribeOnError".equals(frame.getMethodName())) {
                return true;
            }
        }
        return false;
    }
}
