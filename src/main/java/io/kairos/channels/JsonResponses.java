package io.kairos.channels;

import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** The classifier of a generic JSON channel: HTTP statuses as {@link HttpResponses} reads them. */
@Component("jsonResponses")
public class JsonResponses extends HttpResponses {

    /** A 429 that names no time waits a minute, the commonest rate window. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

    public JsonResponses(Clock clock) {
        super("the channel's API", DEFAULT_RATE_LIMIT_WAIT, clock);
    }
}
