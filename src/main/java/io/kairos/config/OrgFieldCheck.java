package io.kairos.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.proactive.OrgSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the Salesforce objects and fields config/signals.yaml names against the org, so that a field the org lacks
 * is a problem at load instead of a dead-lettered signal: each change-event source's entity and field; each scheduled
 * query's FROM object and the plain fields its WHERE clause compares (not relationship fields, nor anything of a
 * query with a subquery); the allow-listed Contact fields (kairos.proactive.audience-fields) when a kind's audience is
 * contacts-where; for account-contacts, AccountContactRelation.Roles when a role is set and the AccountId of a
 * change-event entity other than Account; each platform-event source's event (its channel names it: a platform event
 * is described like any object) and the fields its mapping reads. When Salesforce cannot be asked nothing is checked
 * and the result says why.
 */
final class OrgFieldCheck {

    /** What the check found; {@code skipped} says why nothing was checked, when it could not ask the org. */
    record Result(List<ConfigProblem> problems, Optional<String> skipped) {

        static Result skipped(String reason) {
            return new Result(List.of(), Optional.of(reason));
        }
    }

    private static final Pattern FROM = Pattern.compile("(?is)\\bFROM\\s+(\\w+)");
    private static final Pattern WHERE = Pattern.compile("(?is)\\bWHERE\\b(.*)");
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'");
    // A plain field followed by a comparison: what a scheduled query's WHERE clause reads of its own object.
    private static final Pattern COMPARED_FIELD = Pattern.compile(
            "(?i)(?<![\\w.])([A-Za-z]\\w*)\\s*(?:!=|<>|<=|>=|=|<|>|\\bLIKE\\b|\\bNOT\\s+IN\\b|\\bIN\\b|\\bINCLUDES\\b"
                    + "|\\bEXCLUDES\\b)");
    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "WHERE");

    private final OrgSchema org;
    private final Map<String, Optional<Set<String>>> described = new HashMap<>();

    private OrgFieldCheck(OrgSchema org) {
        this.org = org;
    }

    /**
     * Checks the catalog document against the org.
     *
     * @param audienceFields the Contact fields a contacts-where audience may use ({@code Account.X}: the Account's)
     */
    static Result check(YamlDocument signals, Collection<String> audienceFields, OrgSchema org) {
        if (signals == null) {
            return new Result(List.of(), Optional.empty());
        }
        try {
            return new Result(new OrgFieldCheck(org).problems(signals, audienceFields), Optional.empty());
        } catch (OrgSchema.Unavailable e) {
            return Result.skipped(e.getMessage());
        }
    }

    private List<ConfigProblem> problems(YamlDocument signals, Collection<String> audienceFields) {
        List<ConfigProblem> problems = new ArrayList<>();
        boolean audienceChecked = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = signals.root().path("kinds").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String pointer = "/kinds/" + entry.getKey();
            JsonNode kind = entry.getValue();
            String audience = kind.path("audience").asText();
            JsonNode sources = kind.path("sources");
            for (int i = 0; i < sources.size(); i++) {
                String at = pointer + "/sources/" + i;
                JsonNode change = sources.get(i).path("change-event");
                JsonNode schedule = sources.get(i).path("schedule");
                if (change.isObject()) {
                    String entity = change.path("entity").asText();
                    field(signals, at + "/change-event", entity, change.path("field").asText(), problems);
                    if ("account-contacts".equals(audience) && !"Account".equalsIgnoreCase(entity)
                            && fields(entity).isPresent()) {
                        field(signals, at + "/change-event", entity, "AccountId", problems);
                    }
                } else if (schedule.isObject()) {
                    query(signals, at + "/schedule/soql", schedule.path("soql").asText(), problems);
                } else if (sources.get(i).path("platform-event").isObject()) {
                    event(signals, at + "/platform-event", sources.get(i).get("platform-event"), problems);
                }
            }
            if ("contacts-where".equals(audience) && !audienceChecked) {
                // The allow-list is one for every contacts-where kind: said once, at the first such kind.
                audienceChecked = true;
                for (String field : audienceFields) {
                    int dot = field.indexOf('.');
                    String object = dot < 0 ? "Contact" : field.substring(0, dot);
                    String name = dot < 0 ? field : field.substring(dot + 1);
                    if (name.contains(".")) {
                        continue;
                    }
                    missing(object, name).ifPresent(what -> problems.add(new ConfigProblem(SignalCatalogFile.PATH,
                            signals.lineOf(pointer + "/audience"), pointer + "/audience: " + what
                                    + ", which kairos.proactive.audience-fields lets a contacts-where audience use")));
                }
            }
            if ("account-contacts".equals(audience) && kind.hasNonNull("audience-role")) {
                missing("AccountContactRelation", "Roles").ifPresent(what -> problems.add(new ConfigProblem(
                        SignalCatalogFile.PATH, signals.lineOf(pointer + "/audience-role"), pointer
                        + "/audience-role: " + what + "; a role needs Contacts to Multiple Accounts")));
            }
        }
        return problems;
    }

    private void field(YamlDocument signals, String at, String object, String field, List<ConfigProblem> problems) {
        boolean objectKnown = fields(object).isPresent();
        String pointer = at + (objectKnown ? "/field" : "/entity");
        missing(object, field).ifPresent(what -> problems.add(new ConfigProblem(SignalCatalogFile.PATH,
                signals.lineOf(pointer), pointer + ": " + what)));
    }

    /** The event its channel names (/event/Order_Delayed__e: Order_Delayed__e), then each field its mapping reads. */
    private void event(YamlDocument signals, String pointer, JsonNode event, List<ConfigProblem> problems) {
        String channel = event.path("channel").asText();
        if (!channel.startsWith("/event/")) {
            // Not a platform event's channel: the catalog's own check says so.
            return;
        }
        String object = channel.substring(channel.lastIndexOf('/') + 1);
        if (fields(object).isEmpty()) {
            problems.add(new ConfigProblem(SignalCatalogFile.PATH, signals.lineOf(pointer + "/channel"), pointer
                    + "/channel: the org has no platform event " + object + " (INVALID_TYPE)"));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = event.path("fields").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = pointer + "/fields/" + field.getKey();
            missing(object, field.getValue().asText()).ifPresent(what -> problems.add(new ConfigProblem(
                    SignalCatalogFile.PATH, signals.lineOf(at), at + ": " + what)));
        }
    }

    /** The FROM object, then the plain fields its WHERE clause compares, unless it holds a subquery. */
    private void query(YamlDocument signals, String pointer, String soql, List<ConfigProblem> problems) {
        Matcher from = FROM.matcher(soql);
        if (!from.find()) {
            return;
        }
        String object = from.group(1);
        Set<String> names = new LinkedHashSet<>();
        Matcher where = WHERE.matcher(soql);
        if (where.find()) {
            String clause = STRING_LITERAL.matcher(where.group(1)).replaceAll("''");
            if (!clause.toUpperCase(Locale.ROOT).contains("SELECT")) {
                Matcher compared = COMPARED_FIELD.matcher(clause);
                while (compared.find()) {
                    if (!KEYWORDS.contains(compared.group(1).toUpperCase(Locale.ROOT))) {
                        names.add(compared.group(1));
                    }
                }
            }
        }
        if (fields(object).isEmpty()) {
            problems.add(new ConfigProblem(SignalCatalogFile.PATH, signals.lineOf(pointer), pointer + ": the org has "
                    + "no object " + object + " (INVALID_TYPE)"));
            return;
        }
        for (String name : names) {
            missing(object, name).ifPresent(what -> problems.add(new ConfigProblem(SignalCatalogFile.PATH,
                    signals.lineOf(pointer), pointer + ": " + what)));
        }
    }

    /** What the org lacks of object.field, if anything: the object, or the field. */
    private Optional<String> missing(String object, String field) {
        Optional<Set<String>> fields = fields(object);
        if (fields.isEmpty()) {
            return Optional.of("the org has no object " + object + " (INVALID_TYPE)");
        }
        return fields.get().contains(field) ? Optional.empty()
                : Optional.of(object + " has no field " + field + " (INVALID_FIELD)");
    }

    // API names are case-insensitive in SOQL, so Health_score__c names Health_Score__c.
    private Optional<Set<String>> fields(String object) {
        return described.computeIfAbsent(object.toLowerCase(Locale.ROOT), key -> org.fieldsOf(object).map(names -> {
            Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            set.addAll(names);
            return set;
        }));
    }
}
