package io.kairos.intercom;

import io.kairos.proactive.SendPause;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Holds every send of this replica back while Intercom has asked us to wait (a 429 and its reset time). */
@Component("intercomRateGate")
public class IntercomRateGate extends SendPause {

    public IntercomRateGate(Clock clock) {
        super("Intercom", clock);
    }
}
