package io.kairos.proactive;

import java.time.Duration;
import java.util.List;

/** Runs a scheduled source's query in the CRM: the ids of the records it returns, at most {@code max}. */
public interface ScheduledRecords {

    /**
     * @throws Refused when the CRM will not answer for a while (its API budget or daily allowance is spent)
     */
    List<String> ids(String soql, int max);

    /** The CRM refused for a known while: asking again before {@code retryAfter} has passed only spends calls. */
    final class Refused extends RuntimeException {

        private final Duration retryAfter;

        public Refused(Duration retryAfter, String message, Throwable cause) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
