package io.kairos.proactive;

import java.util.List;
import java.util.function.Consumer;

/** Resolves who a signal concerns, page by page, so a large audience is never held in memory at once. */
public interface AudienceSource {

    /** Hands each page of recipients to {@code page} as it arrives; failures of the CRM surface as exceptions. */
    void resolve(Signal signal, Consumer<List<Recipient>> page);
}
