package io.kairos.proactive;

import io.kairos.timing.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * A dry run of planning: resolves a signal's audience and asks the timing policy about each recipient, writing
 * nothing; lists the first {@value #LISTED} recipients and counts all of them per reason code.
 */
@Component("signalPreview")
public class SignalPreview {

    static final int LISTED = 1000;

    private final AudienceSource audienceSource;
    private final TimingDecisions timing;
    private final ProactiveRules rules;
    private final MessageLanguages languages;

    public SignalPreview(AudienceSource audienceSource, TimingDecisions timing, ProactiveRules rules,
                         MessageLanguages languages) {
        this.audienceSource = audienceSource;
        this.timing = timing;
        this.rules = rules;
        this.languages = languages;
    }

    /** What planning the signal now would decide for its audience. */
    public Result preview(Signal signal) {
        List<Line> listed = new ArrayList<>();
        Map<String, Integer> totals = new TreeMap<>();
        Map<String, Integer> arms = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        int[] total = {0};
        String channel = rules.channelFor(signal.type());
        audienceSource.resolve(signal, resolved -> {
            List<Recipient> page = languages.assign(signal, resolved);
            Map<String, Decision> decisions = timing.forPage(signal, page, channel);
            for (Recipient recipient : page) {
                String email = Outbox.normalise(recipient.email());
                Decision decision = email == null ? null : decisions.get(email);
                // The same contact twice (two pages, two spellings) gets one message, as in planning.
                if (decision == null || !seen.add(email)) {
                    continue;
                }
                total[0]++;
                totals.merge(decision.code().name(), 1, Integer::sum);
                String arm = decision.arm() == null ? null : decision.arm().column();
                if (arm != null) {
                    arms.merge(arm, 1, Integer::sum);
                }
                if (listed.size() < LISTED) {
                    listed.add(new Line(email, recipient.name(), decision.outcome().name(), decision.sendAt(),
                            decision.code().name(), decision.sentence(),
                            recipient.variables().get(MessageLanguages.LANGUAGE),
                            recipient.variables().get(MessageLanguages.LANGUAGE_NOTE), arm));
                }
            }
        });
        return new Result(signal.type().name(), channel, total[0], listed.size() < total[0], listed,
                totals, arms);
    }

    /**
     * The preview's answer; {@code truncated}: more recipients than listed, all counted in the totals;
     * {@code experimentArms}: all recipients per send-time experiment arm (empty when the kind runs none).
     */
    public record Result(String signalType, String channel, int recipients, boolean truncated, List<Line> listed,
                         Map<String, Integer> totals, Map<String, Integer> experimentArms) {

        /** The JSON body, with the field names of the README. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("signalType", signalType);
            json.put("channel", channel);
            json.put("recipientCount", recipients);
            json.put("truncated", truncated);
            json.put("recipients", listed.stream().map(Line::toJson).toList());
            json.put("totals", totals);
            json.put("experimentArms", experimentArms);
            return json;
        }
    }

    /**
     * One recipient and what the policy decided for them; {@code experimentArm} is the send-time experiment's arm
     * the signal puts them in ({@code send-time:active}: {@code sendAt} is their active hour; {@code
     * send-time:at-once}: the moment the other rules give), null outside the experiment.
     */
    public record Line(String email, String name, String decision, Instant sendAt, String reasonCode,
                       String reason, String language, String languageNote, String experimentArm) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("email", email);
            json.put("name", name);
            json.put("decision", decision);
            json.put("sendAt", sendAt == null ? null : sendAt.toString());
            json.put("reasonCode", reasonCode);
            json.put("reason", reason);
            json.put("language", language);
            json.put("languageNote", languageNote);
            json.put("experimentArm", experimentArm);
            return json;
        }
    }
}
