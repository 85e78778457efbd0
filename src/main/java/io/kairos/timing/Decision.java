package io.kairos.timing;

import java.time.Instant;
import java.util.Objects;

/**
 * What the timing policy decided for one message, and why.
 *
 * @param sendAt when to send: now for SEND, the next allowed moment for DEFER, null for SUPPRESS, HOLD_FOR_TICKET
 *               and HOLD_OUT
 * @param sentence the reason for a person reading the ledger, with times in the recipient's zone and in UTC
 * @param heldFor  for HOLD_FOR_TICKET, the open ticket that gets the internal note; null otherwise
 * @param arm      the send-time experiment's arm (at the active hour, or at once) when the
 *                 kind runs it and send-time applies to the contact; null otherwise
 */
public record Decision(Outcome outcome, Instant sendAt, ReasonCode code, String sentence, OpenTicket heldFor,
                       SendTimeArm arm) {

    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(sentence, "sentence");
        if ((outcome == Outcome.SEND || outcome == Outcome.DEFER) != (sendAt != null)) {
            throw new IllegalArgumentException(outcome + " must " + (sendAt == null ? "" : "not ") + "have a send-at");
        }
        if ((outcome == Outcome.HOLD_FOR_TICKET) != (heldFor != null)) {
            throw new IllegalArgumentException(outcome + " must " + (heldFor == null ? "" : "not ") + "name a ticket");
        }
    }

    public Decision(Outcome outcome, Instant sendAt, ReasonCode code, String sentence, OpenTicket heldFor) {
        this(outcome, sendAt, code, sentence, heldFor, null);
    }

    public Decision(Outcome outcome, Instant sendAt, ReasonCode code, String sentence) {
        this(outcome, sendAt, code, sentence, null, null);
    }

    /** The same decision, in this arm of the send-time experiment. */
    public Decision inArm(SendTimeArm newArm) {
        return new Decision(outcome, sendAt, code, sentence, heldFor, newArm);
    }

    /**
     * What happens to the message; HOLD_FOR_TICKET: the caller adds an internal note to the open ticket instead;
     * HOLD_OUT: an eligible contact drawn into the kind's control group, not messaged so the effect can be measured.
     */
    public enum Outcome { SEND, DEFER, SUPPRESS, HOLD_FOR_TICKET, HOLD_OUT }
}
