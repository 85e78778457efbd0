package io.kairos.proactive;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Turns a stored signal into one outbox message per recipient, page by page as the audience resolves, each planned
 * as the timing policy decides: due now, deferred, or suppressed with its reason.
 */
@Component("signalPlanner")
public class SignalPlanner {

    private final AudienceSource audienceSource;
    private final Outbox outbox;
    private final SignalStore signalStore;
    private final ProactiveRules rules;
    private final TimingDecisions timing;
    private final MessageLanguages languages;

    public SignalPlanner(AudienceSource audienceSource, Outbox outbox, SignalStore signalStore,
                         ProactiveRules rules, TimingDecisions timing, MessageLanguages languages) {
        this.audienceSource = audienceSource;
        this.outbox = outbox;
        this.signalStore = signalStore;
        this.rules = rules;
        this.timing = timing;
        this.languages = languages;
    }

    /**
     * Plans the signal's audience (the signal must be stored) and records the result on the signal. Safe to run
     * again after a crash: recipients already planned are skipped. A failure of the audience source propagates
     * with the pages before it planned; the caller retries or calls {@link SignalStore#failed}.
     *
     * @return the number of messages this run added, suppressed ones included
     */
    public int plan(Signal signal) {
        String channel = rules.channelFor(signal.type());
        int[] planned = {0};
        audienceSource.resolve(signal,
                page -> {
                    List<Recipient> recipients = languages.assign(signal, page);
                    planned[0] += outbox.plan(signal, recipients, timing.forPage(signal, recipients, channel),
                            channel);
                });
        signalStore.planned(signal.id(), planned[0], "planned " + planned[0] + " new message(s) for " + channel);
        return planned[0];
    }
}
