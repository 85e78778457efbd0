package io.kairos.platform;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.stereotype.Component;

/**
 * One Camel thread pool profile per inbox lane, {@code inbox-<lane>}, sized from {@code kairos.inbox.lanes}: the
 * inbox-lane-source Kamelet splits each claim over it, so a lane's concurrency is its own and bounded.
 */
@Component
class InboxLanePools implements CamelContextConfiguration {

    private final InboxProperties properties;

    InboxLanePools(InboxProperties properties) {
        this.properties = properties;
    }

    static String profileId(InboxLane lane) {
        return "inbox-" + lane.key();
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        for (InboxLane lane : InboxLane.values()) {
            InboxProperties.Lane settings = properties.lane(lane);
            ThreadPoolProfile profile = new ThreadPoolProfile(profileId(lane));
            profile.setPoolSize(settings.concurrency());
            profile.setMaxPoolSize(settings.concurrency());
            // A claim never holds more than a batch, so the queue is never full; were it, the lane's timer runs it.
            profile.setMaxQueueSize(settings.batchSize());
            profile.setRejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns);
            camel.getExecutorServiceManager().registerThreadPoolProfile(profile);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // Nothing to do once started: the profiles are read when the lanes' routes are built.
    }
}
