package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.support.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Manual signal bodies: what a valid one becomes, and that every invalid one names its field. */
class SignalRequestsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final ProactiveProperties PROPERTIES = new ProactiveProperties("intercom", 10, null, null);

    private final List<String> checkedAudiences = new ArrayList<>();
    private final SignalRequests requests = new SignalRequests(PROPERTIES, MutableClock.at(NOW.toString()),
            this::checkAudience);

    /** Stands in for AudienceFilter.validate: rejects any clause that mentions Phone. */
    private void checkAudience(String where, Collection<String> allowed) {
        assertThat(allowed).isEqualTo(PROPERTIES.audienceFields());
        checkedAudiences.add(where);
        if (where.contains("Phone")) {
            throw new IllegalArgumentException("field Phone is not allowed; allowed: " + String.join(", ", allowed));
        }
    }

    @Test
    void aValidOutageBecomesAManualSignal() {
        Signal signal = requests.parse("""
                {"type": "OUTAGE", "severity": "HIGH", "title": "Checkout down", "body": "We are on it.",
                 "startsAt": "2026-11-26T09:00:00Z", "endsAt": "2026-11-26T11:00:00Z",
                 "audience": "MailingCountry = 'DE'"}""", "maint-42");

        assertThat(signal.type()).isEqualTo(Signal.Type.OUTAGE);
        assertThat(signal.severity()).isEqualTo(Signal.Severity.HIGH);
        assertThat(signal.title()).isEqualTo("Checkout down");
        assertThat(signal.body()).isEqualTo("We are on it.");
        assertThat(signal.startsAt()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
        assertThat(signal.endsAt()).isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));
        assertThat(signal.audience()).isEqualTo("MailingCountry = 'DE'");
        assertThat(signal.source()).isEqualTo("manual");
        assertThat(signal.dedupeKey()).isEqualTo("manual:maint-42");
        assertThat(signal.id()).hasSize(36);
        assertThat(signal.receivedAt()).isEqualTo(NOW);
        assertThat(checkedAudiences).containsExactly("MailingCountry = 'DE'");
    }

    @Test
    void aKindOfTheCatalogThatAcceptsTheApiIsAcceptedAndOthersAreNamed() {
        List<SignalKind> kinds = new ArrayList<>(SignalCatalog.BUILT_IN.kinds().values());
        kinds.add(new SignalKind(Signal.Type.valueOf("MAINTENANCE"), "", SignalKind.Audience.CONTACTS_WHERE,
                Set.of(SignalKind.Source.API)));
        kinds.add(new SignalKind(Signal.Type.valueOf("CHURN_RISK"), "", SignalKind.Audience.CONTACTS_WHERE,
                Set.of(SignalKind.Source.PLATFORM_EVENT)));
        SignalRequests catalogued = new SignalRequests(PROPERTIES, MutableClock.at(NOW.toString()),
                this::checkAudience, () -> SignalCatalog.of(kinds));

        Signal signal = catalogued.parse("{\"type\": \"maintenance\", \"severity\": \"LOW\", "
                + "\"title\": \"Maintenance tonight\", \"audience\": \"MailingCountry = 'DE'\"}", null);

        assertThat(signal.type()).isEqualTo(Signal.Type.valueOf("MAINTENANCE"));
        assertThat(signal.audience()).isEqualTo("MailingCountry = 'DE'");
        assertThatThrownBy(() -> catalogued.parse("{\"type\": \"CHURN_RISK\", \"severity\": \"LOW\", "
                + "\"title\": \"x\"}", null)).isInstanceOf(InvalidSignalException.class)
                .hasMessage("type: 'CHURN_RISK' is not one of ORDER_DELAY, KNOWN_ISSUE, OUTAGE, ANNOUNCEMENT, "
                        + "MAINTENANCE (the signal catalog's kinds that accept the API)");
        assertThat(catalogued.parsePreview("{\"type\": \"CHURN_RISK\", \"severity\": \"LOW\", \"title\": \"x\"}", null)
                .type().name()).as("a preview takes every kind").isEqualTo("CHURN_RISK");
    }

    @Test
    void withoutAnIdempotencyKeyTheDedupeKeyIsTheNewId() {
        String body = """
                {"type": "order_delay", "severity": "normal", "title": "Order 00123 is late",
                 "recordId": "801000000000123AAA"}""";

        Signal first = requests.parse(body, null);
        Signal second = requests.parse(body, " ");

        assertThat(first.type()).isEqualTo(Signal.Type.ORDER_DELAY);
        assertThat(first.severity()).isEqualTo(Signal.Severity.NORMAL);
        assertThat(first.dedupeKey()).isEqualTo("manual:" + first.id());
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(first.audience()).isNull();
        assertThat(checkedAudiences).isEmpty();
    }

    @Test
    void offsetsAreAcceptedAsInstants() {
        Signal signal = requests.parse("""
                {"type": "ANNOUNCEMENT", "severity": "LOW", "title": "New region",
                 "startsAt": "2026-11-26T11:00:00+01:00"}""", null);

        assertThat(signal.startsAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    }

    static Stream<Arguments> invalidBodies() {
        String ok = "\"severity\": \"LOW\", \"title\": \"t\"";
        return Stream.of(
                Arguments.of("", "$", "empty"),
                Arguments.of("{\"type\": ", "$", "not valid JSON"),
                Arguments.of("[1, 2]", "$", "JSON object"),
                Arguments.of("{\"type\": \"OUTAGE\", " + ok + "} {}", "$", "not valid JSON"),
                Arguments.of("{" + ok + "}", "type", "ORDER_DELAY, KNOWN_ISSUE, OUTAGE, ANNOUNCEMENT"),
                Arguments.of("{\"type\": \"RECALL\", " + ok + "}", "type",
                        "'RECALL' is not one of ORDER_DELAY, KNOWN_ISSUE, OUTAGE, ANNOUNCEMENT"),
                Arguments.of("{\"type\": 3, " + ok + "}", "type", "string"),
                Arguments.of("{\"type\": \"OUTAGE\", \"title\": \"t\"}", "severity", "LOW, NORMAL, HIGH, CRITICAL"),
                Arguments.of("{\"type\": \"OUTAGE\", \"severity\": \"URGENT\", \"title\": \"t\"}", "severity",
                        "'URGENT' is not one of LOW, NORMAL, HIGH, CRITICAL"),
                Arguments.of("{\"type\": \"OUTAGE\", \"severity\": \"LOW\"}", "title", "required"),
                Arguments.of("{\"type\": \"OUTAGE\", \"severity\": \"LOW\", \"title\": \"  \"}", "title", "blank"),
                Arguments.of("{\"type\": \"OUTAGE\", \"severity\": \"LOW\", \"title\": \"" + "x".repeat(501) + "\"}",
                        "title", "at most 500"),
                Arguments.of("{\"type\": \"ORDER_DELAY\", " + ok + "}", "recordId", "ORDER_DELAY"),
                Arguments.of("{\"type\": \"ORDER_DELAY\", \"recordId\": \"8018c0000' OR Id != '\", " + ok + "}",
                        "recordId", "not a Salesforce id"),
                Arguments.of("{\"type\": \"ORDER_DELAY\", \"recordId\": \"001000000000123AAA\", " + ok + "}",
                        "recordId", "Order key prefix 801"),
                Arguments.of("{\"type\": \"KNOWN_ISSUE\", " + ok + "}", "product", "KNOWN_ISSUE"),
                Arguments.of("{\"type\": \"OUTAGE\", " + ok + ", \"startsAt\": \"tomorrow\"}", "startsAt",
                        "ISO-8601"),
                Arguments.of("{\"type\": \"OUTAGE\", " + ok + ", \"endsAt\": \"2026-11-26\"}", "endsAt", "ISO-8601"),
                Arguments.of("{\"type\": \"OUTAGE\", " + ok + ", \"startsAt\": \"2026-11-26T10:00:00Z\", "
                        + "\"endsAt\": \"2026-11-26T09:59:59Z\"}", "endsAt", "before startsAt"),
                Arguments.of("{\"type\": \"OUTAGE\", " + ok + ", \"priority\": 1}", "priority", "unknown field"),
                Arguments.of("{\"type\": \"OUTAGE\", " + ok + ", \"title\": \"again\"}", "$", "Duplicate field"),
                Arguments.of("{\"type\": \"ORDER_DELAY\", \"recordId\": \"801000000000123AAA\", " + ok
                        + ", \"audience\": \"MailingCountry = 'DE'\"}", "audience", "only for kinds whose audience is contacts-where"),
                Arguments.of("{\"type\": \"KNOWN_ISSUE\", \"product\": \"Router\", " + ok
                        + ", \"audience\": \"MailingCountry = 'DE'\"}", "audience", "only for kinds whose audience is contacts-where"),
                Arguments.of("{\"type\": \"OUTAGE\", " + ok + ", \"audience\": \"Phone != null\"}", "audience",
                        "field Phone is not allowed"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("invalidBodies")
    void everyInvalidBodyNamesItsField(String body, String field, String message) {
        assertThatThrownBy(() -> requests.parse(body, null))
                .isInstanceOfSatisfying(InvalidSignalException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field + ": ").contains(message);
                });
    }

    @Test
    void aTooLongIdempotencyKeyIsNamed() {
        assertThatThrownBy(() -> requests.parse("{\"type\": \"OUTAGE\", \"severity\": \"LOW\", \"title\": \"t\"}",
                "k".repeat(194)))
                .isInstanceOfSatisfying(InvalidSignalException.class,
                        e -> assertThat(e.field()).isEqualTo("Idempotency-Key"));
    }

    @Test
    void aSignalSurvivesTheInboxPayload() {
        Signal full = new Signal("id-1", "evt:abc", "platform-event", Signal.Type.KNOWN_ISSUE, "a0B1",
                Signal.Severity.CRITICAL, "Router reboots", "Firmware 2.1 \"hotfix\"\ncoming", "Router X",
                Instant.parse("2026-11-26T09:00:00.123Z"), Instant.parse("2026-11-27T09:00:00Z"), null, NOW);
        Signal sparse = new Signal("id-2", "manual:id-2", "manual", Signal.Type.OUTAGE, null, Signal.Severity.LOW,
                "Down", null, null, null, null, "MailingCountry = 'DE'", NOW);

        assertThat(requests.fromJson(requests.toJson(full))).isEqualTo(full);
        assertThat(requests.fromJson(requests.toJson(sparse))).isEqualTo(sparse);
        assertThat(requests.toJson(full)).contains("\"startsAt\":\"2026-11-26T09:00:00.123Z\"")
                .doesNotContain("audience");
    }
}
