package io.kairos.proactive;

import io.kairos.proactive.SignalKind.Audience;
import io.kairos.proactive.SignalKind.Source;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of proactive signal Kairos knows: config/signals.yaml when ops wrote one, else the four it ships
 * ({@link #BUILT_IN}, the same as config/examples/signals.yaml). A signal of a kind the catalog lacks is never
 * planned.
 */
public record SignalCatalog(Map<Signal.Type, SignalKind> kinds) {

    public static final SignalCatalog BUILT_IN = of(List.of(
            new SignalKind(Signal.Type.ORDER_DELAY, "An order is late: its contact hears it before they ask.",
                    Audience.ORDER_CONTACT, Set.of(Source.ORDER_CHANGE, Source.PLATFORM_EVENT, Source.API)),
            new SignalKind(Signal.Type.KNOWN_ISSUE, "A known bug in a product: its owners hear we are on it.",
                    Audience.PRODUCT_OWNERS, Set.of(Source.PLATFORM_EVENT, Source.API)),
            new SignalKind(Signal.Type.OUTAGE, "A service is down or degraded for the contacts it affects.",
                    Audience.CONTACTS_WHERE, Set.of(Source.PLATFORM_EVENT, Source.API)),
            new SignalKind(Signal.Type.ANNOUNCEMENT, "Planned maintenance or news for the contacts it concerns.",
                    Audience.CONTACTS_WHERE, Set.of(Source.PLATFORM_EVENT, Source.API))));

    public SignalCatalog {
        kinds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
    }

    public static SignalCatalog of(Collection<SignalKind> kinds) {
        Map<Signal.Type, SignalKind> byType = new LinkedHashMap<>();
        kinds.forEach(kind -> byType.put(kind.type(), kind));
        return new SignalCatalog(byType);
    }

    public Optional<SignalKind> kind(Signal.Type type) {
        return Optional.ofNullable(type == null ? null : kinds.get(type));
    }

    /** The kind of a signal being planned: the catalog's, or a clear refusal. */
    public SignalKind require(Signal.Type type) {
        return kind(type).orElseThrow(() -> new IllegalArgumentException("signal kind " + type
                + " is not in the signal catalog (config/signals.yaml): it has " + names()));
    }

    /** The kind of this name that takes signals from {@code source} (null: from anywhere), if the catalog has one. */
    public Optional<SignalKind> kind(String name, SignalKind.Source source) {
        return kinds.values().stream()
                .filter(k -> k.type().name().equals(name) && (source == null || k.accepts(source))).findFirst();
    }

    /** The names of the kinds that take signals from {@code source} (null: all of them). */
    public List<String> names(SignalKind.Source source) {
        return kinds.values().stream().filter(k -> source == null || k.accepts(source)).map(k -> k.type().name())
                .toList();
    }

    public Collection<Signal.Type> types() {
        return kinds.keySet();
    }

    /** The kind names, for messages. */
    public String names() {
        return String.join(", ", kinds.keySet().stream().map(Signal.Type::name).toList());
    }
}
