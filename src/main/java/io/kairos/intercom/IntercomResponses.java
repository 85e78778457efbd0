package io.kairos.intercom;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.channels.HttpResponses;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Reads Intercom's answer to {@code POST /messages} (or the failure to get one), with Intercom's error texts. */
@Component("intercomResponses")
public class IntercomResponses extends HttpResponses {

    /** Intercom enforces its limit in 10-second windows: the wait when a 429 names no reset time. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(10);

    public IntercomResponses(Clock clock) {
        super("Intercom", DEFAULT_RATE_LIMIT_WAIT, clock);
    }

    /** ": code: message" from Intercom's {@code error.list}, else the start of the body. */
    @Override
    protected String errorText(String body) {
        JsonNode error = parse(body).path("errors").path(0);
        if (error.isObject()) {
            String code = error.path("code").asText("");
            String message = error.path("message").asText("");
            return ": " + (code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message);
        }
        return super.errorText(body);
    }
}
