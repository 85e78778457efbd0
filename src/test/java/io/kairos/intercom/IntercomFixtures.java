package io.kairos.intercom;

import io.kairos.proactive.OutboxMessage;
import io.kairos.proactive.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Outbox messages and Intercom settings for the offline Intercom tests. */
final class IntercomFixtures {

    static final IntercomProperties PROPERTIES = new IntercomProperties("https://api.intercom.test", "secret-token",
            "client-secret", "394051", "2.11", "email", Duration.ofSeconds(5), Duration.ofSeconds(30));

    private IntercomFixtures() {
    }

    static Signal signal(Signal.Type type, String title, String body) {
        return new Signal("sig-1", "evt-1", "salesforce", type, "801000000000123AAA", Signal.Severity.NORMAL, title,
                body, "Widget Pro", Instant.parse("2025-12-01T13:00:00Z"), Instant.parse("2025-12-01T15:30:00Z"), null,
                Instant.parse("2025-11-26T09:00:00Z"));
    }

    static OutboxMessage message(Signal signal, String name, String timeZone, Map<String, String> variables) {
        return new OutboxMessage(42L, signal, "jane@acme.example", "003000000000001AAA", name, timeZone, "intercom",
                variables, Instant.parse("2025-11-26T09:00:00Z"), 1, false);
    }

    static OutboxMessage orderDelay() {
        return message(signal(Signal.Type.ORDER_DELAY, "Your order is delayed", "The carrier lost a day."),
                "Jane Doe", "Europe/Berlin", Map.of("orderNumber", "00123", "expectedDelivery", "2 Dec 2025",
                        "accountName", "Acme"));
    }
}
