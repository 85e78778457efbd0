package io.kairos.proactive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads and checks the body of {@code POST /api/signals} into a {@link Signal}, naming the field that is wrong;
 * also writes a signal to JSON and back, for the inbox payload.
 */
public class SignalRequests {

    /** Checks an audience WHERE clause against the allowed Contact fields; throws IllegalArgumentException. */
    @FunctionalInterface
    public interface AudienceCheck {
        void validate(String whereClause, Collection<String> allowedFields);
    }

    static final String SOURCE = "manual";
    /** The field name for the request body as a whole (JSONPath's root; "body" is the message text). */
    static final String WHOLE_BODY = "$";

    private static final Set<String> FIELDS =
            Set.of("type", "recordId", "severity", "title", "body", "product", "startsAt", "endsAt", "audience");
    private static final int MAX_IDEMPOTENCY_KEY = 200 - "manual:".length();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ProactiveProperties properties;
    private final Clock clock;
    private final AudienceCheck audienceCheck;
    private final Supplier<SignalCatalog> catalog;

    /** With the kinds Kairos ships. @param audienceCheck wired to {@code AudienceFilter::validate} */
    public SignalRequests(ProactiveProperties properties, Clock clock, AudienceCheck audienceCheck) {
        this(properties, clock, audienceCheck, () -> SignalCatalog.BUILT_IN);
    }

    /** @param catalog the signal kinds in force, read at each request (the catalog is reloaded live) */
    public SignalRequests(ProactiveProperties properties, Clock clock, AudienceCheck audienceCheck,
                          Supplier<SignalCatalog> catalog) {
        this.properties = properties;
        this.clock = clock;
        this.audienceCheck = audienceCheck;
        this.catalog = catalog;
    }

    /**
     * The signal a manual request asks for, with a new id; its dedupe key is {@code manual:} plus the caller's
     * Idempotency-Key, or plus the new id when the caller gave none.
     *
     * @throws InvalidSignalException naming the first field that is wrong
     */
    public Signal parse(String body, String idempotencyKey) {
        return parse(body, idempotencyKey, SignalKind.Source.API);
    }

    /**
     * A signal to preview: as {@link #parse}, of any kind of the catalog, whatever its sources; with the
     * Idempotency-Key the signal will be raised with, the same key, so the same control group.
     */
    public Signal parsePreview(String body, String idempotencyKey) {
        return parse(body, idempotencyKey, null);
    }

    private Signal parse(String body, String idempotencyKey, SignalKind.Source source) {
        JsonNode json = readObject(body);
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidSignalException(name, "unknown field; the fields are " + String.join(", ",
                        FIELDS.stream().sorted().toList()));
            }
        }
        SignalKind kind = kind(json, source);
        Signal.Type type = kind.type();
        Signal.Severity severity = enumValue(json, "severity", Signal.Severity.class);
        String title = text(json, "title", 500);
        if (title == null) {
            throw new InvalidSignalException("title", "is required and must not be blank");
        }
        String recordId = text(json, "recordId", 100);
        SignalRecordIds.check(kind, recordId);
        String product = text(json, "product", 255);
        if (kind.audience() == SignalKind.Audience.PRODUCT_OWNERS && product == null) {
            throw new InvalidSignalException("product", "is required for " + type + ": the affected product");
        }
        Instant startsAt = instant(json, "startsAt");
        Instant endsAt = instant(json, "endsAt");
        if (startsAt != null && endsAt != null && endsAt.isBefore(startsAt)) {
            throw new InvalidSignalException("endsAt", "must not be before startsAt");
        }
        String audience = audience(json, kind);
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.trim();
        if (key != null && key.length() > MAX_IDEMPOTENCY_KEY) {
            throw new InvalidSignalException("Idempotency-Key", "must be at most " + MAX_IDEMPOTENCY_KEY
                    + " characters");
        }
        String id = UUID.randomUUID().toString();
        return new Signal(id, SOURCE + ":" + (key == null ? id : key), SOURCE, type, recordId, severity, title,
                text(json, "body", Integer.MAX_VALUE), product, startsAt, endsAt, audience, clock.instant());
    }

    /** The signal as JSON (camelCase, ISO-8601 instants, absent fields left out). */
    public String toJson(Signal signal) {
        ObjectNode json = JSON.createObjectNode();
        putText(json, "id", signal.id());
        putText(json, "dedupeKey", signal.dedupeKey());
        putText(json, "source", signal.source());
        putText(json, "type", signal.type() == null ? null : signal.type().name());
        putText(json, "recordId", signal.recordId());
        putText(json, "severity", signal.severity() == null ? null : signal.severity().name());
        putText(json, "title", signal.title());
        putText(json, "body", signal.body());
        putText(json, "product", signal.product());
        putText(json, "startsAt", signal.startsAt() == null ? null : signal.startsAt().toString());
        putText(json, "endsAt", signal.endsAt() == null ? null : signal.endsAt().toString());
        putText(json, "audience", signal.audience());
        putText(json, "receivedAt", signal.receivedAt() == null ? null : signal.receivedAt().toString());
        return json.toString();
    }

    /** The signal {@link #toJson} wrote. */
    public Signal fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stored signal: " + e.getOriginalMessage(), e);
        }
        String type = stored(node, "type");
        String severity = stored(node, "severity");
        return new Signal(stored(node, "id"), stored(node, "dedupeKey"), stored(node, "source"),
                type == null ? null : Signal.Type.valueOf(type), stored(node, "recordId"),
                severity == null ? null : Signal.Severity.valueOf(severity), stored(node, "title"),
                stored(node, "body"), stored(node, "product"), storedInstant(node, "startsAt"),
                storedInstant(node, "endsAt"), stored(node, "audience"), storedInstant(node, "receivedAt"));
    }

    private static JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidSignalException(WHOLE_BODY, "is empty; send a JSON object");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidSignalException(WHOLE_BODY, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new InvalidSignalException(WHOLE_BODY, "must be a JSON object");
        }
        return json;
    }

    /** The kind the request names: one of the catalog's that accepts signals from {@code source} (null: any). */
    private SignalKind kind(JsonNode json, SignalKind.Source source) {
        SignalCatalog kinds = catalog.get();
        List<String> allowed = kinds.names(source);
        String value = text(json, "type", Integer.MAX_VALUE);
        if (value == null) {
            throw new InvalidSignalException("type", "is required; one of " + String.join(", ", allowed));
        }
        String name = value.trim().toUpperCase(Locale.ROOT);
        return kinds.kind(name, source)
                .orElseThrow(() -> new InvalidSignalException("type", "'" + value + "' is not one of "
                        + String.join(", ", allowed) + (source == null ? " (the signal catalog's kinds)"
                        : " (the signal catalog's kinds that accept the API)")));
    }

    private String audience(JsonNode json, SignalKind kind) {
        String audience = text(json, "audience", 2000);
        if (audience == null) {
            return null;
        }
        if (kind.audience() != SignalKind.Audience.CONTACTS_WHERE) {
            throw new InvalidSignalException("audience", "is only for kinds whose audience is contacts-where; "
                    + kind.type() + " has its audience from the CRM record");
        }
        try {
            audienceCheck.validate(audience, properties.audienceFields());
        } catch (IllegalArgumentException e) {
            throw new InvalidSignalException("audience", e.getMessage());
        }
        return audience;
    }

    private static <E extends Enum<E>> E enumValue(JsonNode json, String field, Class<E> type) {
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        String value = text(json, field, Integer.MAX_VALUE);
        if (value == null) {
            throw new InvalidSignalException(field, "is required; one of " + allowed);
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSignalException(field, "'" + value + "' is not one of " + allowed);
        }
    }

    private static Instant instant(JsonNode json, String field) {
        String value = text(json, field, Integer.MAX_VALUE);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidSignalException(field, "'" + value + "' is not an ISO-8601 instant such as "
                    + "2026-11-26T10:00:00Z");
        }
    }

    /** A string field, or null when absent, null or blank. */
    private static String text(JsonNode json, String field, int maxLength) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidSignalException(field, "must be a string");
        }
        String value = node.textValue();
        if (value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidSignalException(field, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    private static void putText(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static String stored(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Instant storedInstant(JsonNode json, String field) {
        String value = stored(json, field);
        return value == null ? null : Instant.parse(value);
    }
}
