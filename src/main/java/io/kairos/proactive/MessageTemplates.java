package io.kairos.proactive;

import io.kairos.timing.TimeZones;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Which template a planned message uses and the values it may say, whatever channel sends it. */
@Component("messageTemplates")
public class MessageTemplates {

    private final ProactiveRules rules;

    /** The names every template may use; each is always present, empty when unknown. */
    public static final List<String> TEMPLATE_VARIABLES = List.of("firstName", "name", "title", "body", "orderNumber",
            "expectedDelivery", "product", "startsAt", "endsAt", "accountName");

    /**
     * The internal note on an open ticket that replaces a held-back message (agents read it, not the contact), for a
     * kind whose catalog entry names no note of its own (open-tickets.note).
     */
    public static final String NOTE_TEMPLATE = "open_ticket_note";

    /** The note's names: the message's and what the signal and the ticket are. */
    public static final List<String> NOTE_VARIABLES = java.util.stream.Stream.concat(TEMPLATE_VARIABLES.stream(),
            java.util.stream.Stream.of("signalType", "recordId", "ticketId", "email")).toList();

    // A region id, so times read "UTC" rather than "Z".
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z", Locale.ENGLISH);

    /** Each signal type's template is named after it (e.g. {@code order_delay}). */
    public MessageTemplates() {
        this(null);
    }

    @Autowired
    public MessageTemplates(ProactiveRules rules) {
        this.rules = rules;
    }

    /**
     * The template's file name without extension: as config/messages.yaml or the catalog says, else the signal type
     * in lower case, e.g. {@code order_delay}; in the language planned for the recipient (see
     * {@link MessageLanguages}) the catalog's locale for it or the variant ({@code order_delay.de}) when it exists.
     * For a note on an open ticket, the kind's note template ({@link #NOTE_TEMPLATE} unless the catalog names
     * one), in the recipient's language when it has a variant in it.
     */
    public String templateName(OutboxMessage message) {
        Signal.Type type = message.signal().type();
        String language = message.variables().get(MessageLanguages.LANGUAGE);
        boolean note = Outbox.TICKET_NOTE.equals(message.channel());
        if (rules == null) {
            return note ? NOTE_TEMPLATE : type.name().toLowerCase(Locale.ROOT);
        }
        // A variant removed since planning: the default template, rather than no message.
        return note ? rules.noteTemplateFor(type, language) : rules.templateFor(type, language);
    }

    /**
     * The checked text of the named template, so an edit that failed its check never reaches a message; null when
     * the templates were not loaded, and then the file is read.
     */
    public String templateText(String name) {
        return rules == null ? null : rules.templateText(name);
    }

    /**
     * The values the message's template may use. Every name is present (empty when unknown) so a template's
     * {@code {{#orderNumber}}} sections work and a missing value never falls through to an outer Mustache scope.
     * The recipient's own values (order number, ETA, account name, ...) come last and win. A note on an open
     * ticket gets {@link #noteModel}.
     */
    public Map<String, String> templateModel(OutboxMessage message) {
        return Outbox.TICKET_NOTE.equals(message.channel()) ? noteModel(message) : messageModel(message);
    }

    private Map<String, String> messageModel(OutboxMessage message) {
        Signal signal = message.signal();
        Map<String, String> model = new LinkedHashMap<>();
        TEMPLATE_VARIABLES.forEach(name -> model.put(name, ""));
        String name = text(message.contactName()).strip();
        model.put("name", name);
        model.put("firstName", name.isEmpty() ? "" : name.split("\\s+")[0]);
        model.put("title", text(signal.title()));
        model.put("body", text(signal.body()));
        model.put("product", text(signal.product()));
        ZoneId zone = zone(message.timeZone());
        model.put("startsAt", when(signal.startsAt(), zone));
        model.put("endsAt", when(signal.endsAt(), zone));
        message.variables().forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                model.put(key, value);
            }
        });
        return model;
    }

    /**
     * The values of the internal note that replaces a held-back message on the contact's open ticket: the message's
     * own values plus what the signal is ({@code signalType}, {@code recordId}) and the ticket ({@code ticketId}).
     */
    public Map<String, String> noteModel(OutboxMessage message) {
        Map<String, String> model = messageModel(message);
        model.put("signalType", message.signal().type().name());
        model.put("recordId", text(message.signal().recordId()));
        model.put("ticketId", message.ticketId() == null ? "" : message.ticketId().toString());
        model.put("email", text(message.contactEmail()));
        return model;
    }

    /** A message's subject: the signal's title, else its type in words ("Order delay"). */
    public static String subject(Signal signal) {
        if (signal.title() != null && !signal.title().isBlank()) {
            return signal.title().strip();
        }
        String type = signal.type().name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(type.charAt(0)) + type.substring(1);
    }

    private static ZoneId zone(String timeZone) {
        return TimeZones.parse(timeZone).orElse(UTC);
    }

    private static String when(Instant instant, ZoneId zone) {
        return instant == null ? "" : WHEN.format(instant.atZone(zone));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
