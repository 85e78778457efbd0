package io.kairos.proactive;

import java.util.Map;

/** A channel's failure classifier: reads its sink's answer, or the failure to get one, as a {@link DeliveryOutcome}. */
public interface DeliveryClassifier {

    /**
     * The sink answered: {@code status} is the HTTP status when the sink reports one (null otherwise), header names
     * match without regard to case, {@code body} is what the sink returned.
     */
    DeliveryOutcome answered(Integer status, Map<String, Object> headers, Object body);

    /** The sink threw: only a failure that proves the request never left may be retried. */
    DeliveryOutcome failed(Throwable failure);
}
