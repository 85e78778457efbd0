package io.kairos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.enrichment.FieldMapping;
import io.kairos.proactive.ChangeRule;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.kairos.proactive.SignalKind;
import io.kairos.timing.Holdout;
import io.kairos.timing.SendWindow;
import io.kairos.timing.SendTimeRules;
import io.kairos.timing.TimingPolicySettings;
import io.kairos.timing.TimingRules;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The checks every configuration file passes before it is applied: schema, binding, templates, routes. */
class ConfigValidatorTest {

    private final ConfigValidator validator = new ConfigValidator(null);

    private List<ConfigProblem> problems(Map<String, String> files) {
        Map<String, String> all = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        all.putAll(files);
        try {
            validator.check(all);
            return List.of();
        } catch (ConfigRejectedException e) {
            return e.problems();
        }
    }

    @Test
    void theRepositorysOwnFilesPass() {
        Map<String, String> files = ConfigValidator.read(Path.of("."));

        ConfigSnapshot snapshot = validator.check(files);

        assertThat(files).containsKeys("routes/zendesk-webhook-to-inbox.camel.yaml",
                "connectors/zendesk-webhook-source.kamelet.yaml", "templates/order_delay.mustache");
        assertThat(snapshot.messages().texts()).containsKeys("order_delay", "known_issue", "outage", "announcement");
    }

    @Test
    void theExamplesInConfigExamplesPassAndOverrideTheDefaults() {
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        for (String kind : ConfigValidator.KINDS.keySet()) {
            files.put("config/" + kind, read("config/examples/" + kind));
        }

        ConfigSnapshot snapshot = validator.check(files);

        assertThat(snapshot.timing().settings().forType(Signal.Type.OUTAGE).quietStart())
                .isEqualTo(LocalTime.of(22, 0));
        assertThat(snapshot.enrichment().customFields()).containsEntry("tier", 360001L);
        assertThat(snapshot.enrichment().mappings()).containsExactly(
                new FieldMapping("Account.Industry", 360004L, null),
                new FieldMapping("Contact.MailingCountry", null, "country_{value}"));
        assertThat(snapshot.messages().channels()).containsEntry(Signal.Type.OUTAGE, "zendesk");
        Map<Signal.Type, SignalKind> kinds = new LinkedHashMap<>(snapshot.catalog().kinds());
        SignalKind churn = kinds.remove(Signal.Type.valueOf("CHURN_RISK"));
        SignalKind onboarding = kinds.remove(Signal.Type.valueOf("ONBOARDING"));
        assertThat(SignalCatalog.of(kinds.values())).as("the example's other kinds are the ones Kairos ships")
                .isEqualTo(SignalCatalog.BUILT_IN);
        assertThat(churn).isEqualTo(new SignalKind(Signal.Type.valueOf("CHURN_RISK"),
                "An account's health score drops below 40: its decision makers get a check-in.",
                SignalKind.Audience.ACCOUNT_CONTACTS, Set.of(SignalKind.Source.CHANGE_EVENT),
                List.of(new ChangeRule("/data/AccountChangeEvent", "Account", "Health_Score__c",
                        ChangeRule.Condition.BELOW, "40")), "Decision Maker", List.of(),
                new SignalKind.TicketHints(List.of("at_risk", "account_{record}"), List.of())));
        assertThat(snapshot.timing().settings().forType(Signal.Type.valueOf("CHURN_RISK")).kindCaps())
                .singleElement().satisfies(cap -> assertThat(cap.window()).isEqualTo(Duration.ofDays(30)));
        assertThat(snapshot.timing().settings().forType(Signal.Type.valueOf("CHURN_RISK")).holdout().percent())
                .isEqualTo("10 %");
        assertThat(snapshot.timing().settings().forType(Signal.Type.OUTAGE).holdout().obligatory()).isTrue();
        assertThat(snapshot.messages().notes()).containsExactly(Map.entry(Signal.Type.valueOf("CHURN_RISK"),
                "churn_risk_note"));
        assertThat(onboarding.changeRules()).containsExactly(new ChangeRule("/data/OpportunityChangeEvent",
                "Opportunity", "StageName", ChangeRule.Condition.BECOMES, "Closed Won"));
        assertThat(onboarding.audience()).isEqualTo(SignalKind.Audience.ACCOUNT_CONTACTS);
        TimingRules welcome = snapshot.timing().settings().forType(onboarding.type());
        assertThat(welcome.delay()).isEqualTo(Duration.ofDays(1));
        assertThat(welcome.sendWindow()).isEqualTo(new SendWindow(LocalTime.of(9, 0), LocalTime.of(17, 0),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)));
        assertThat(snapshot.messages().texts()).containsKey("onboarding");
    }

    @Test
    void sendTimeIsOnByDefaultAndTurnedOffOrBoundedGloballyOrPerKind() {
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.remove("config/timing.yaml");
        TimingPolicySettings standard = validator.check(files).timing().settings();
        files.put("config/timing.yaml", """
                send-time: off
                types:
                  OUTAGE:
                    send-time: on
                    send-time-window: 6h
                    send-time-high-window: 1h
                """);

        TimingPolicySettings settings = validator.check(files).timing().settings();

        assertThat(standard.sendTimeFor(Signal.Type.ANNOUNCEMENT)).isEqualTo(SendTimeRules.defaults());
        assertThat(settings.sendTimeFor(Signal.Type.ANNOUNCEMENT).on()).isFalse();
        assertThat(settings.sendTimeFor(Signal.Type.OUTAGE))
                .isEqualTo(new SendTimeRules(true, Duration.ofHours(6), Duration.ofHours(1)));
        assertThat(problems(Map.of("config/timing.yaml", "send-time-window: soon\n")))
                .extracting(ConfigProblem::toString).singleElement().asString().startsWith("config/timing.yaml:1: /send-time-window");
    }

    @Test
    void aKindsDelaySendWindowExpiryAndDedupAreReadAndBadOnesRejectedWithFileLineAndWhat() {
        String timing = """
                types:
                  OUTAGE:
                    delay: 90m
                    send-window: { from: "08:00", to: "18:00", days: [MON, SAT] }
                    expires-after: 7d
                    dedup: contact
                    dedup-window: 30d
                """;
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.put("config/timing.yaml", timing);

        TimingRules outage = validator.check(files).timing().settings().forType(Signal.Type.OUTAGE);

        assertThat(outage.delay()).isEqualTo(Duration.ofMinutes(90));
        assertThat(outage.sendWindow().days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.SATURDAY);
        assertThat(outage.expiresAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(outage.dedup()).isEqualTo(TimingRules.DedupKey.CONTACT);
        assertThat(outage.dedupWindow()).isEqualTo(Duration.ofDays(30));

        String bad = """
                types:
                  OUTAGE:
                    delay: -1d
                    send-window:
                      from: "09:00"
                      to: "09:00"
                      days: [MON, FUN]
                    dedup: contact
                  ANNOUNCEMENT:
                    send-window: { from: "09:00", to: "09:00", days: [TUE] }
                """;
        assertThat(problems(Map.of("config/timing.yaml", bad))).extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(
                        "config/timing.yaml:3: /types/OUTAGE: required property 'dedup-window' not found",
                        "config/timing.yaml:3: /types/OUTAGE/delay: '-1d' is not a duration: a whole number with "
                                + "ms, s, m, h or d (e.g. 1d, 36h), not negative",
                        "config/timing.yaml:7: /types/OUTAGE/send-window/days/1: does not have a value in the "
                                + "enumeration [\"MON\", \"TUE\", \"WED\", \"THU\", \"FRI\", \"SAT\", \"SUN\"]");
        assertThat(problems(Map.of("config/timing.yaml", bad.replace("-1d", "1d").replace("FUN", "FRI")
                .replace("dedup: contact", "dedup: signal")))).extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(
                        "config/timing.yaml:6: /types/OUTAGE/send-window: from and to are both 09:00, so the window "
                                + "never opens: give it some hours, or leave send-window out to allow every hour",
                        "config/timing.yaml:10: /types/ANNOUNCEMENT/send-window: from and to are both 09:00, so the "
                                + "window never opens: give it some hours, or leave send-window out to allow every hour");
        assertThat(problems(Map.of("config/timing.yaml", "types:\n  OUTAGE:\n    send-window: {from: \"21:00\", "
                + "to: \"23:00\", days: [MON]}\n"))).extracting(ConfigProblem::toString).singleElement()
                .asString().startsWith("config/timing.yaml:2: /types/OUTAGE: the send window 21:00–23:00 Mon lies "
                        + "wholly inside quiet hours 20:00–08:00: no message could ever go");
        String lateWindow = read("config/examples/signals.yaml").replace("    audience: account-contacts\n    sources:\n"
                + "      - change-event:\n          channel: /data/OpportunityChangeEvent", "    audience: account-contacts\n"
                + "    timing:\n      send-window: { from: \"21:00\", to: \"23:00\", days: [MON] }\n"
                + "    sources:\n      - change-event:\n          channel: /data/OpportunityChangeEvent");
        assertThat(problems(Map.of("config/signals.yaml", lateWindow))).as("said in the catalog: pointed at there")
                .extracting(ConfigProblem::toString).singleElement().asString()
                .startsWith("config/signals.yaml:" + lineOf(lateWindow, "    timing:") + ": /kinds/ONBOARDING/timing: "
                        + "the send window 21:00–23:00 Mon lies wholly inside quiet hours");
        String catalog = read("config/examples/signals.yaml").replace("    audience: account-contacts\n    sources:\n"
                + "      - change-event:\n          channel: /data/OpportunityChangeEvent", "    audience: account-contacts\n"
                + "    timing:\n      delay: -2h\n      send-window: { from: \"17:00\", to: \"17:00\", days: [MON] }\n"
                + "    sources:\n      - change-event:\n          channel: /data/OpportunityChangeEvent");
        assertThat(problems(Map.of("config/signals.yaml", catalog))).extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(
                        "config/signals.yaml:" + lineOf(catalog, "delay: -2h") + ": /kinds/ONBOARDING/timing/delay: "
                                + "'-2h' is not a duration: a whole number with ms, s, m, h or d (e.g. 1d, 36h), not "
                                + "negative",
                        "config/signals.yaml:" + lineOf(catalog, "send-window:") + ": /kinds/ONBOARDING/timing/"
                                + "send-window: from and to are both 17:00, so the window never opens: give it some "
                                + "hours, or leave send-window out to allow every hour");
    }

    @Test
    void aKindsSendTimeHoldoutIsReadAndBadOnesRejectedWithFileLineAndWhat() {
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.put("config/timing.yaml", "types:\n  KNOWN_ISSUE:\n    send-time-holdout: 20%\n");

        TimingPolicySettings settings = validator.check(files).timing().settings();

        assertThat(settings.sendTimeFor(Signal.Type.KNOWN_ISSUE).holdout())
                .isEqualTo(new Holdout(new BigDecimal("0.20"), false));
        assertThat(settings.sendTimeFor(Signal.Type.KNOWN_ISSUE).experiment()).isTrue();
        assertThat(settings.sendTimeFor(Signal.Type.OUTAGE).experiment()).isFalse();
        assertThat(problems(Map.of("config/timing.yaml", "types:\n  KNOWN_ISSUE:\n    send-time-holdout: 60%\n"
                + "  OUTAGE:\n    send-time-holdout: often\n"))).extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder("config/timing.yaml:5: /types/OUTAGE/send-time-holdout: 'often' is not a "
                        + "share: a percentage such as 10% (at most 50 %)");
        assertThat(problems(Map.of("config/timing.yaml", "types:\n  KNOWN_ISSUE:\n    send-time-holdout: 60%\n")))
                .extracting(ConfigProblem::toString).containsExactly("config/timing.yaml:3: "
                        + "/types/KNOWN_ISSUE/send-time-holdout: send-time-holdout 60% is above 50 %: at most half of "
                        + "the contacts send-time applies to may be sent at once");
    }

    @Test
    void aKindsHoldoutAndObligatoryAreReadAndBadOnesRejectedWithFileLineAndWhat() {
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.put("config/timing.yaml", "types:\n  KNOWN_ISSUE:\n    holdout: 12.5%\n  OUTAGE:\n    obligatory: true\n");

        TimingPolicySettings settings = validator.check(files).timing().settings();

        assertThat(settings.forType(Signal.Type.KNOWN_ISSUE).holdout())
                .isEqualTo(new Holdout(new BigDecimal("0.125"), false));
        assertThat(settings.forType(Signal.Type.OUTAGE).holdout()).isEqualTo(new Holdout(BigDecimal.ZERO, true));

        String bad = """
                types:
                  KNOWN_ISSUE:
                    holdout: 60%
                  OUTAGE:
                    obligatory: true
                    holdout: 5%
                  ANNOUNCEMENT:
                    holdout: ten percent
                """;
        assertThat(problems(Map.of("config/timing.yaml", bad))).extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(
                        "config/timing.yaml:8: /types/ANNOUNCEMENT/holdout: 'ten percent' is not a share: a "
                                + "percentage such as 10% (at most 50 %)");
        assertThat(problems(Map.of("config/timing.yaml", bad.replace("ten percent", "50%"))))
                .extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                        "config/timing.yaml:3: /types/KNOWN_ISSUE/holdout: holdout 60% is above 50 %: at most half "
                                + "of a kind's eligible contacts may be held out",
                        "config/timing.yaml:6: /types/OUTAGE/holdout: OUTAGE is obligatory (config/timing.yaml line "
                                + "5): it reaches every eligible contact, so it takes no holdout; drop one of the two");

        String catalog = read("config/examples/signals.yaml").replace("    audience: account-contacts\n    sources:\n"
                + "      - change-event:\n          channel: /data/OpportunityChangeEvent", "    audience: account-contacts\n"
                + "    timing:\n      obligatory: true\n"
                + "    sources:\n      - change-event:\n          channel: /data/OpportunityChangeEvent");
        assertThat(problems(Map.of("config/signals.yaml", catalog, "config/timing.yaml",
                "types:\n  ONBOARDING:\n    holdout: 10%\n"))).extracting(ConfigProblem::toString)
                .containsExactly("config/timing.yaml:3: /types/ONBOARDING/holdout: ONBOARDING is obligatory "
                        + "(config/signals.yaml line " + lineOf(catalog, "obligatory: true") + "): it reaches every "
                        + "eligible contact, so it takes no holdout; drop one of the two");
        assertThat(problems(Map.of("config/signals.yaml", catalog.replace("obligatory: true", "holdout: 51%"))))
                .extracting(ConfigProblem::toString).containsExactly("config/signals.yaml:"
                        + lineOf(catalog, "obligatory: true") + ": /kinds/ONBOARDING/timing/holdout: holdout 51% is "
                        + "above 50 %: at most half of a kind's eligible contacts may be held out");
    }

    @Test
    void aKindNamesItsTemplatePerLanguageAndTheTemplateOfItsNote() {
        String catalog = read("config/examples/signals.yaml") + MAINTENANCE_WITH_LOCALES;
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.putAll(Map.of("config/signals.yaml", catalog,
                "templates/maintenance.mustache", "{{#body}}<p>{{title}}</p>{{#startsAt}}{{startsAt}}{{/startsAt}}"
                        + "{{/body}}",
                "templates/maintenance_de.mustache", "{{#body}}<p>{{title}}</p>{{#startsAt}}ab {{startsAt}}"
                        + "{{/startsAt}}{{/body}}",
                "templates/maintenance_note.mustache", "{{#body}}{{{signalType}}} held back for #{{{ticketId}}}: "
                        + "{{{title}}}{{/body}}",
                "templates/maintenance_note.de.mustache", "{{#body}}{{{signalType}}} für #{{{ticketId}}} "
                        + "zurückgehalten: {{{title}}}{{/body}}"));

        ConfigSnapshot snapshot = validator.check(files);

        Signal.Type maintenance = Signal.Type.valueOf("MAINTENANCE");
        assertThat(snapshot.messages().locales()).containsEntry(maintenance, Map.of("de", "maintenance_de"));
        assertThat(snapshot.messages().notes()).containsEntry(maintenance, "maintenance_note");
    }

    @Test
    void aLocaleOrANoteThatCannotWorkIsRejectedWithFileLineAndWhat() {
        String catalog = read("config/examples/signals.yaml") + MAINTENANCE_WITH_LOCALES
                .replace("de: maintenance_de", "de: maintenance_de, DE_at: maintenance_de, fr: maintenance_fr")
                .replace("note: maintenance_note", "note: maintenance_memo");
        String template = "{{#body}}<p>{{title}}</p>{{#startsAt}}{{startsAt}}{{/startsAt}}{{/body}}";

        assertThat(problems(Map.of("config/signals.yaml", catalog, "templates/maintenance.mustache", template,
                "templates/maintenance_de.mustache", "{{#body}}<p>{{title}}</p>{{/body}}")))
                .extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                        "config/signals.yaml:" + lineOf(catalog, "DE_at:") + ": /kinds/MAINTENANCE/message/locales/"
                                + "DE_at: 'DE_at' is not a language tag as Kairos writes them (de, pt-BR): write de-AT",
                        "config/signals.yaml:" + lineOf(catalog, "fr: maintenance_fr") + ": /kinds/MAINTENANCE/"
                                + "message/locales/fr: MAINTENANCE's fr template 'maintenance_fr', but "
                                + "templates/maintenance_fr.mustache does not exist",
                        "config/signals.yaml:" + lineOf(catalog, "de: maintenance_de") + ": /kinds/MAINTENANCE/"
                                + "message/locales/de: templates/maintenance_de.mustache, the de language variant "
                                + "of maintenance lacks startsAt, which templates/maintenance.mustache uses",
                        "config/signals.yaml:" + lineOf(catalog, "note: maintenance_memo") + ": /kinds/MAINTENANCE/"
                                + "open-tickets/note: MAINTENANCE's note on an open ticket uses template "
                                + "'maintenance_memo', but templates/maintenance_memo.mustache does not exist");

        String ownNote = read("config/examples/signals.yaml") + MAINTENANCE_WITH_LOCALES
                .replace("note: maintenance_note", "note: outage");
        assertThat(problems(Map.of("config/signals.yaml", ownNote, "templates/maintenance.mustache", template,
                "templates/maintenance_de.mustache", template)))
                .extracting(ConfigProblem::toString).containsExactly("config/signals.yaml:"
                        + lineOf(ownNote, "note: outage") + ": /kinds/MAINTENANCE/open-tickets/note: 'outage' is "
                        + "OUTAGE's message template: a note may say what a message cannot (signalType, recordId, "
                        + "ticketId, email), so it needs a template of its own");

        String withoutTemplates = read("config/examples/signals.yaml") + MAINTENANCE_WITH_LOCALES
                .replace("locales: { de: maintenance_de }", "channel: zendesk");
        assertThat(problems(Map.of("config/signals.yaml", withoutTemplates))).as("named in the catalog alone")
                .extracting(ConfigProblem::toString).containsExactlyInAnyOrder("config/signals.yaml:"
                        + lineOf(withoutTemplates, "template: maintenance") + ": MAINTENANCE messages use template "
                        + "'maintenance', but templates/maintenance.mustache does not exist",
                        "config/signals.yaml:" + lineOf(withoutTemplates, "note: maintenance_note") + ": /kinds/"
                                + "MAINTENANCE/open-tickets/note: MAINTENANCE's note on an open ticket uses template "
                                + "'maintenance_note', but templates/maintenance_note.mustache does not exist");
    }

    @Test
    void aNoteMayNameTheNotesValuesButAMessageMayNot() {
        String catalog = read("config/examples/signals.yaml") + MAINTENANCE_WITH_LOCALES;
        String template = "{{#body}}<p>{{title}}</p>{{#startsAt}}{{startsAt}}{{/startsAt}}{{/body}}";
        Map<String, String> files = Map.of("config/signals.yaml", catalog, "templates/maintenance.mustache",
                template, "templates/maintenance_de.mustache", template,
                "templates/maintenance_note.mustache", "{{#body}}{{{recordId}}}\n{{{ticketUrl}}}{{/body}}");

        assertThat(problems(files)).extracting(ConfigProblem::toString).singleElement().asString()
                .startsWith("templates/maintenance_note.mustache:2: unknown variable 'ticketUrl'; a template may use "
                        + "firstName,").contains("signalType, recordId, ticketId, email");
        Map<String, String> messageWithTicketId = new TreeMap<>(files);
        messageWithTicketId.put("templates/maintenance_note.mustache", "{{#body}}{{{recordId}}}{{/body}}");
        messageWithTicketId.put("templates/maintenance_de.mustache", template.replace("{{title}}", "{{ticketId}}"));
        assertThat(problems(messageWithTicketId)).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("templates/maintenance_de.mustache:1: unknown variable "
                        + "'ticketId'"));
    }

    @Test
    void opsAddASignalKindWithAnEntryAndItsTemplate() {
        String catalog = read("config/examples/signals.yaml") + """
                  MAINTENANCE:
                    description: "Planned downtime, the day before."
                    audience: contacts-where
                """;
        String template = "{{#body}}<p>{{title}}: {{startsAt}} to {{endsAt}}</p>{{/body}}";

        assertThat(problems(Map.of("config/signals.yaml", catalog))).extracting(ConfigProblem::toString)
                .containsExactly("templates/: MAINTENANCE messages use template 'maintenance', but "
                        + "templates/maintenance.mustache does not exist");

        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.putAll(Map.of("config/signals.yaml", catalog, "templates/maintenance.mustache", template,
                "config/timing.yaml", "types:\n  MAINTENANCE:\n    quiet-start: \"21:00\"\n"));
        ConfigSnapshot snapshot = validator.check(files);
        assertThat(snapshot.catalog().kind(Signal.Type.valueOf("MAINTENANCE"))).hasValueSatisfying(kind -> {
            assertThat(kind.audience()).isEqualTo(SignalKind.Audience.CONTACTS_WHERE);
            assertThat(kind.sources()).containsExactlyInAnyOrder(SignalKind.Source.PLATFORM_EVENT,
                    SignalKind.Source.API);
        });
        assertThat(snapshot.timing().settings().forType(Signal.Type.valueOf("MAINTENANCE")).quietStart())
                .isEqualTo(LocalTime.of(21, 0));
    }

    /** The README's "Adding a signal kind" walk-through, as written there: a valid kind with the timing it says. */
    @Test
    void theReadmesNewKindIsValidAsWritten() {
        String readme = read("README.md");
        int walkThrough = readme.indexOf("**Walk-through: \"your trial ends in 3 days\".**");
        int from = readme.indexOf("```yaml\n", walkThrough) + "```yaml\n".length();
        String entry = readme.substring(from, readme.indexOf("```", from)).replaceAll("(?m)^   ", "");
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.put("config/signals.yaml", read("config/examples/signals.yaml") + entry);
        files.put("templates/trial_ending.mustache", "{{#body}}<p>Hi {{firstName}},</p><p>{{title}}"
                + "{{#accountName}} ({{accountName}}){{/accountName}}.</p>{{/body}}");

        ConfigSnapshot snapshot = validator.check(files);

        Signal.Type trial = Signal.Type.valueOf("TRIAL_ENDING");
        assertThat(snapshot.catalog().kind(trial)).hasValueSatisfying(kind -> {
            assertThat(kind.audience()).isEqualTo(SignalKind.Audience.ACCOUNT_CONTACTS);
            assertThat(kind.schedules()).singleElement().satisfies(schedule -> {
                assertThat(schedule.every()).isEqualTo(Duration.ofDays(1));
                assertThat(schedule.oncePer()).isEqualTo(Duration.ofDays(30));
            });
        });
        TimingRules rules = snapshot.timing().settings().forType(trial);
        assertThat(rules.sendWindow()).isEqualTo(new SendWindow(LocalTime.of(9, 0), LocalTime.of(17, 0),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)));
        assertThat(rules.expiresAfter()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void theCatalogsFieldsAreCheckedAgainstTheOrgOrTheCheckSaysWhyNot() {
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.put("config/signals.yaml", read("config/examples/signals.yaml"));
        Map<String, Set<String>> fields = new java.util.HashMap<>(Map.of(
                "Account", Set.of("Id", "Name", "Support_Tier__c", "Health_Score__c"),
                "Contact", Set.of("Id", "Email", "AccountId", "MailingCountry", "Time_Zone__c", "HasOptedOutOfEmail"),
                "AccountContactRelation", Set.of("Roles"),
                "Opportunity", Set.of("Id", "AccountId", "StageName")));
        ConfigValidator withOrg = new ConfigValidator(null, sobject -> java.util.Optional.ofNullable(
                fields.get(sobject)));
        List<String> notes = new java.util.ArrayList<>();

        assertThat(withOrg.check(files, notes).catalog().kind(Signal.Type.valueOf("CHURN_RISK"))).isPresent();
        assertThat(notes).isEmpty();

        fields.put("Account", Set.of("Id", "Name", "Support_Tier__c"));
        assertThatThrownBy(() -> withOrg.check(files)).isInstanceOfSatisfying(ConfigRejectedException.class,
                e -> assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                        "config/signals.yaml:" + lineOf(files.get("config/signals.yaml"), "field: Health_Score__c")
                                + ": /kinds/CHURN_RISK/sources/0/change-event/field: Account has no field "
                                + "Health_Score__c (INVALID_FIELD)"));

        new ConfigValidator(null).check(files, notes);
        assertThat(notes).containsExactly("fields not checked against the org: no Salesforce org to ask (the "
                + "offline validate command checks files only)");
    }

    @Test
    void aScheduledSourceRunsAQueryOfRecordsItsAudienceCanStartFrom() {
        String catalog = read("config/examples/signals.yaml") + """
                  ORDER_SHIPPING_TODAY:
                    audience: order-contact
                    sources:
                      - schedule:
                          every: 1d
                          soql: "SELECT Id FROM Order WHERE EffectiveDate = TODAY"
                          title: "Your order ships today"
                          severity: LOW
                """;
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.putAll(Map.of("config/signals.yaml", catalog,
                "templates/order_shipping_today.mustache", "{{#body}}{{orderNumber}}{{/body}}"));

        assertThat(validator.check(files).catalog().kind(Signal.Type.valueOf("ORDER_SHIPPING_TODAY")))
                .hasValueSatisfying(kind -> assertThat(kind.schedules()).containsExactly(new SignalKind.Schedule(
                        java.time.Duration.ofDays(1), "SELECT Id FROM Order WHERE EffectiveDate = TODAY",
                        "Your order ships today", Signal.Severity.LOW, java.time.Duration.ofDays(30))));
        assertThat(problems(Map.of("config/signals.yaml", catalog.replace("FROM Order", "FROM Account")
                        .replace("TODAY\"", "TODAY; DELETE\""),
                "templates/order_shipping_today.mustache", "{{#body}}{{orderNumber}}{{/body}}")))
                .extracting(ConfigProblem::toString).containsExactly("config/signals.yaml:" + lineOf(catalog, "soql:") + ": "
                        + "/kinds/ORDER_SHIPPING_TODAY/sources/0/schedule/soql: soql must be one query of the form "
                        + "SELECT Id FROM <object> [WHERE ...], was: SELECT Id FROM Account WHERE EffectiveDate = "
                        + "TODAY; DELETE");
        assertThat(problems(Map.of("config/signals.yaml", catalog.replace("FROM Order", "FROM Account"),
                "templates/order_shipping_today.mustache", "{{#body}}{{orderNumber}}{{/body}}")))
                .extracting(ConfigProblem::message).containsExactly("/kinds/ORDER_SHIPPING_TODAY/sources/0/schedule/"
                        + "soql: soql selects Account records, but an order-contact kind starts from an Order");
    }

    @Test
    void aKindSaysInTheCatalogWhatIsSaidAndHowItIsTimed() {
        String catalog = read("config/examples/signals.yaml") + """
                  MAINTENANCE:
                    audience: contacts-where
                    message:
                      template: maintenance_notice
                      channel: zendesk
                    timing:
                      quiet-start: "21:00"
                      caps:
                        - { max: 1, window: 30d }
                """;
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.putAll(Map.of("config/signals.yaml", catalog,
                "templates/maintenance_notice.mustache", "{{#body}}{{title}}{{/body}}"));

        ConfigSnapshot snapshot = validator.check(files);

        Signal.Type maintenance = Signal.Type.valueOf("MAINTENANCE");
        assertThat(snapshot.messages().channels()).containsEntry(maintenance, "zendesk");
        assertThat(snapshot.messages().templates()).containsEntry(maintenance, "maintenance_notice");
        assertThat(snapshot.timing().settings().forType(maintenance).quietStart()).isEqualTo(LocalTime.of(21, 0));
        assertThat(snapshot.timing().settings().forType(maintenance).caps()).singleElement()
                .satisfies(cap -> assertThat(cap.window()).isEqualTo(java.time.Duration.ofDays(30)));

        assertThat(problems(Map.of("config/signals.yaml", catalog.replace("quiet-start", "quiet-strat")
                        .replace("channel: zendesk", "channel: sms"),
                "templates/maintenance_notice.mustache", "{{#body}}{{title}}{{/body}}",
                "config/messages.yaml", "signals:\n  MAINTENANCE:\n    template: maintenance_notice\n")))
                .extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                        "config/signals.yaml:" + lineOf(catalog, "quiet-start") + ": unknown field 'quiet-strat' in /kinds/MAINTENANCE/timing: the timing "
                                + "of a kind takes the keys of config/timing.yaml's types.<KIND>",
                        "config/signals.yaml:" + lineOf(catalog, "template: maintenance_notice") + ": /kinds/MAINTENANCE/message/template: MAINTENANCE's template is set "
                                + "here and in config/messages.yaml (signals.MAINTENANCE.template): say it once",
                        "config/signals.yaml:" + lineOf(catalog, "channel: zendesk") + ": /kinds/MAINTENANCE/message/channel: no route sends through channel "
                                + "'sms' (channels: intercom, zendesk; a channel is a templatedRoute of "
                                + "outbox-to-channel)");
    }

    @Test
    void aCatalogThatCannotWorkIsRejectedWithFileLineAndWhat() {
        String catalog = """
                kinds:
                  ORDER_DELAY:
                    audience: order-contact
                    sources: [order-change]
                  CHURN_RISK:
                    audience: contacts-where
                    sources: [order-change]
                  OUTAGE:
                    audience: everyone
                """;

        assertThat(problems(Map.of("config/signals.yaml", catalog))).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("config/signals.yaml:9: /kinds/OUTAGE/audience"));
        assertThat(problems(Map.of("config/signals.yaml", catalog.replace("audience: everyone",
                "audience: contacts-where"), "templates/churn_risk.mustache", "{{#body}}{{title}}{{/body}}",
                "config/timing.yaml", "types:\n  SHIPPING:\n    over-cap: SUPPRESS\n")))
                .extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                        "config/signals.yaml:7: /kinds/CHURN_RISK/sources: order-change makes signals about an Order, "
                                + "so the audience must be order-contact, not contacts-where",
                        "config/signals.yaml:7: order-change is the source of ORDER_DELAY and CHURN_RISK: an Order "
                                + "change event becomes one signal, so one kind at most",
                        "config/timing.yaml:2: /types/SHIPPING: SHIPPING is not a kind of the signal catalog "
                                + "(config/signals.yaml): it has ORDER_DELAY, CHURN_RISK, OUTAGE");
    }

    @Test
    void aChangeEventSourceIsReadWithItsCondition() {
        String catalog = read("config/examples/signals.yaml") + """
                  WON:
                    audience: account-contacts
                    sources:
                      - api
                      - change-event:
                          channel: /data/OpportunityChangeEvent
                          entity: Opportunity
                          field: StageName
                          becomes: "Closed Won"
                """;
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.putAll(Map.of("config/signals.yaml", catalog, "templates/won.mustache", "{{#body}}{{title}}{{/body}}"));

        SignalKind won = validator.check(files).catalog().require(Signal.Type.valueOf("WON"));

        assertThat(won.sources()).containsExactlyInAnyOrder(SignalKind.Source.API, SignalKind.Source.CHANGE_EVENT);
        assertThat(won.changeRules()).containsExactly(new ChangeRule("/data/OpportunityChangeEvent", "Opportunity",
                "StageName", ChangeRule.Condition.BECOMES, "Closed Won"));
        assertThat(won.audienceRole()).isNull();
        assertThat(won.recordEntity()).isEqualTo("Opportunity");
    }

    @Test
    void aChangeEventSourceThatCannotWorkIsRejectedWithFileLineAndWhat() {
        String catalog = """
                kinds:
                  ORDER_DELAY:
                    audience: order-contact
                    sources:
                      - change-event: { channel: /data/AccountChangeEvent, entity: Account, field: Rating, becomes: X }
                  KNOWN_ISSUE:
                    audience: product-owners
                    sources:
                      - change-event: { channel: /data/CaseChangeEvent, entity: Case, field: Priority, becomes: High }
                  OUTAGE:
                    audience: contacts-where
                    audience-role: Admin
                  CHURN_RISK:
                    audience: account-contacts
                    sources:
                      - change-event: { channel: /data/AccountChangeEvent, entity: Account, field: Score__c, below: 40 }
                      - change-event: { channel: /data/OpportunityChangeEvent, entity: Opportunity, field: X, above: 1 }
                """;
        Map<String, String> withTemplate = Map.of("config/signals.yaml", catalog,
                "templates/churn_risk.mustache", "{{#body}}{{title}}{{/body}}");

        assertThat(problems(withTemplate)).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "config/signals.yaml:5: /kinds/ORDER_DELAY/sources/0: an order-contact audience reads the Order the "
                        + "signal names, so a change-event must be on entity Order, not Account",
                "config/signals.yaml:9: /kinds/KNOWN_ISSUE/sources/0: a change event carries no product, so a "
                        + "product-owners kind cannot take change-event sources",
                "config/signals.yaml:12: /kinds/OUTAGE/audience-role: only an account-contacts audience has a role, "
                        + "not contacts-where",
                "config/signals.yaml:17: /kinds/CHURN_RISK/sources/1: an account-contacts kind reads one object's "
                        + "AccountId, but its change-event sources name Account and Opportunity: use one kind per "
                        + "object");
        assertThat(problems(Map.of("config/signals.yaml", """
                kinds:
                  ORDER_DELAY:
                    audience: order-contact
                    sources:
                      - change-event: { channel: /data/OrderChangeEvent, entity: Order, field: Status, below: soon }
                """))).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("config/signals.yaml:5: /kinds/ORDER_DELAY/sources/0"));
        assertThat(problems(Map.of("config/signals.yaml", """
                kinds:
                  ORDER_DELAY:
                    audience: order-contact
                    sources:
                      - change-event: { channel: /event/Orders, entity: Order, field: Status, becomes: Late }
                """))).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("config/signals.yaml:5: /kinds/ORDER_DELAY/sources/0"));
    }

    @Test
    void aPlatformEventSourceOfTheOrgsOwnChannelIsReadWithItsMapping() {
        String catalog = read("config/examples/signals.yaml") + """
                  LATE_ORDER:
                    audience: order-contact
                    sources:
                      - api
                      - platform-event:
                          channel: /event/Order_Delayed__e
                          fields: {recordId: Order__c, title: Reason__c, body: Details__c, severity: Severity__c}
                          severity: HIGH
                  RECALL:
                    audience: product-owners
                    sources:
                      - platform-event: {channel: /event/ns__Recall__e, fields: {product: ns__Product__c}}
                """;
        Map<String, String> files = new TreeMap<>(ConfigValidator.read(Path.of(".")));
        files.putAll(Map.of("config/signals.yaml", catalog,
                "templates/late_order.mustache", "{{#body}}{{title}}{{/body}}",
                "templates/recall.mustache", "{{#body}}{{title}}{{/body}}"));

        SignalCatalog parsed = validator.check(files).catalog();

        SignalKind late = parsed.require(Signal.Type.valueOf("LATE_ORDER"));
        assertThat(late.sources()).containsExactlyInAnyOrder(SignalKind.Source.API, SignalKind.Source.MAPPED_EVENT);
        assertThat(late.events()).containsExactly(new SignalKind.EventSource("/event/Order_Delayed__e",
                new SignalKind.EventFields("Order__c", "Reason__c", "Details__c", "Severity__c", null, null, null),
                Signal.Severity.HIGH));
        assertThat(parsed.require(Signal.Type.valueOf("RECALL")).events()).containsExactly(
                new SignalKind.EventSource("/event/ns__Recall__e", new SignalKind.EventFields(null, null, null, null,
                        "ns__Product__c", null, null), Signal.Severity.NORMAL));
        assertThat(parsed.require(Signal.Type.ORDER_DELAY).events()).as("the plain source keeps its meaning")
                .isEmpty();
    }

    @Test
    void aPlatformEventSourceThatCannotWorkIsRejectedWithFileLineAndWhat() {
        String catalog = """
                kinds:
                  ORDER_DELAY:
                    audience: order-contact
                    sources:
                      - platform-event: {channel: /event/Order_Delayed__e, fields: {recordId: Order__c}}
                  LATE_ORDER:
                    audience: order-contact
                    sources:
                      - platform-event: {channel: /event/Order_Delayed__e, fields: {recordId: Order__c}}
                  KNOWN_ISSUE:
                    audience: product-owners
                    sources:
                      - platform-event: {channel: /data/Order_Delayed__e, fields: {title: Title__c}}
                  OUTAGE:
                    audience: contacts-where
                    sources:
                      - platform-event:
                          channel: /event/Kairos_Signal__e
                          fields: {title: "Reason c", body: 2nd_Reason__c}
                """;
        Map<String, String> withTemplate = Map.of("config/signals.yaml", catalog,
                "templates/late_order.mustache", "{{#body}}{{title}}{{/body}}");

        assertThat(problems(withTemplate)).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "config/signals.yaml:9: /kinds/LATE_ORDER/sources/0/platform-event/channel: /event/Order_Delayed__e "
                        + "is already the source at /kinds/ORDER_DELAY/sources/0/platform-event: an event becomes one "
                        + "signal, so a channel is the source of one kind, once",
                "config/signals.yaml:13: /kinds/KNOWN_ISSUE/sources/0/platform-event/channel: '/data/Order_Delayed__e' "
                        + "is not a platform event channel: /event/<its API name>, ending __e, e.g. "
                        + "/event/Order_Delayed__e",
                "config/signals.yaml:13: /kinds/KNOWN_ISSUE/sources/0/platform-event: the audience product-owners "
                        + "starts from the signal's product, so fields must map product to the event field that holds it",
                "config/signals.yaml:18: /kinds/OUTAGE/sources/0/platform-event/channel: /event/Kairos_Signal__e is "
                        + "Kairos's own channel, whose events name their kind in Type__c: use the source "
                        + "platform-event (no mapping)",
                "config/signals.yaml:19: /kinds/OUTAGE/sources/0/platform-event/fields/title: 'Reason c' is not a "
                        + "Salesforce API name (letters, digits and single underscores, e.g. Order__c)",
                "config/signals.yaml:19: /kinds/OUTAGE/sources/0/platform-event/fields/body: '2nd_Reason__c' is not a "
                        + "Salesforce API name (letters, digits and single underscores, e.g. Order__c)");
        assertThat(problems(Map.of("config/signals.yaml", """
                kinds:
                  ORDER_DELAY:
                    audience: order-contact
                    sources:
                      - platform-event: {channel: /event/Order_Delayed__e, fields: {title: Reason__c}}
                """))).extracting(ConfigProblem::toString).containsExactly("config/signals.yaml:5: "
                + "/kinds/ORDER_DELAY/sources/0/platform-event: the audience order-contact starts from the "
                + "signal's recordId, so fields must map recordId to the event field that holds it");
        assertThat(problems(Map.of("config/signals.yaml", """
                kinds:
                  OUTAGE:
                    audience: contacts-where
                    sources:
                      - platform-event: {channel: /event/Notice__e, severity: URGENT, fields: {headline: Title__c}}
                """))).extracting(ConfigProblem::toString).as("what the schema says")
                .contains("config/signals.yaml:5: /kinds/OUTAGE/sources/0/platform-event/severity: does not have a "
                        + "value in the enumeration [\"LOW\", \"NORMAL\", \"HIGH\", \"CRITICAL\"]")
                .anySatisfy(p -> assertThat(p).startsWith("config/signals.yaml:5: unknown field 'headline'"));
    }

    @Test
    void aYamlSyntaxErrorNamesFileAndLine() {
        assertThat(problems(Map.of("config/timing.yaml", "quiet-start: \"21:00\"\ncaps:\n  - max: 1\n   window: 24h\n")))
                .singleElement().hasToString("config/timing.yaml:4: YAML syntax error: expected <block end>, but "
                        + "found '<block mapping start>'");
    }

    @Test
    void anUnknownFieldIsReportedAtItsLine() {
        assertThat(problems(Map.of("config/timing.yaml", "quiet-start: \"21:00\"\nquiet-strat: \"07:00\"\n")))
                .singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo("config/timing.yaml");
                    assertThat(p.line()).isEqualTo(2);
                    assertThat(p.message()).isEqualTo("unknown field 'quiet-strat': the schema does not allow it");
                });
    }

    @Test
    void aWrongTypeIsReportedAtItsLine() {
        assertThat(problems(Map.of("config/enrichment.yaml", "tag-prefix: kairos_\ncustom-fields:\n  tier: gold\n")))
                .singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo("config/enrichment.yaml");
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.message()).contains("/custom-fields/tier").contains("string found, integer expected");
                });
    }

    @Test
    void aWrongTypeInAListAndAnUnknownKeyOfATypeAreEachReportedOnceAtTheirLine() {
        assertThat(problems(Map.of("config/timing.yaml", "quiet-start: \"21:00\"\ncaps:\n  - max: two\n"
                + "    window: 24h\ntypes:\n  OUTAGE:\n    over-cap: SUPPRESS\n    quiet-hours: none\n")))
                .extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                        "config/timing.yaml:3: /caps/0/max: string found, integer expected",
                        "config/timing.yaml:8: unknown field 'quiet-hours' in /types/OUTAGE: the schema does not "
                                + "allow it");
    }

    @Test
    void aMappingOfAFieldKairosCannotReadIsReportedAtItsLine() {
        assertThat(problems(Map.of("config/enrichment.yaml", """
                mappings:
                  - salesforce: Account.Industry
                    custom-field: 360004
                  - salesforce: Account.Owner.Email
                    tag: "owner_{value}"
                  - salesforce: "Account.Name FROM User WHERE Id != null --"
                    custom-field: 360005
                """))).extracting(ConfigProblem::toString).containsExactly(
                "config/enrichment.yaml:4: /mappings/1/salesforce: 'Account.Owner.Email' is not a field Kairos can "
                        + "read: write Contact.<Field> or Account.<Field> with the field's API name (Industry, "
                        + "Region__c), one relationship hop at most",
                "config/enrichment.yaml:6: /mappings/2/salesforce: 'Account.Name FROM User WHERE Id != null --' is "
                        + "not a field Kairos can read: write Contact.<Field> or Account.<Field> with the field's API "
                        + "name (Industry, Region__c), one relationship hop at most");
    }

    @Test
    void aBadTagPatternIsReportedAtItsLine() {
        assertThat(problems(Map.of("config/enrichment.yaml", """
                mappings:
                  - salesforce: Account.Region__c
                    tag: "Region {value}"
                """))).extracting(ConfigProblem::toString).containsExactly(
                "config/enrichment.yaml:3: /mappings/0/tag: 'Region {value}' is not a tag pattern: lower-case "
                        + "letters, digits and _ around one {value}, e.g. region_{value}");
    }

    @Test
    void aMappingToNothingAndAZendeskFieldFilledTwiceAreReported() {
        assertThat(problems(Map.of("config/enrichment.yaml", """
                custom-fields:
                  tier: 360001
                mappings:
                  - salesforce: Account.Industry
                  - salesforce: Account.Rating
                    custom-field: 360001
                """))).extracting(ConfigProblem::toString).containsExactly(
                "config/enrichment.yaml:4: /mappings/0: Account.Industry is mapped to nothing: give it a "
                        + "custom-field, a tag, or both");
        assertThat(problems(Map.of("config/enrichment.yaml", """
                custom-fields:
                  tier: 360001
                mappings:
                  - salesforce: Account.Industry
                    custom-field: 360004
                  - salesforce: Account.Rating
                    custom-field: 360001
                  - salesforce: Account.Type
                    custom-field: 360004
                    tag: "type_{value}"
                """))).extracting(ConfigProblem::toString).containsExactly(
                "config/enrichment.yaml:7: /mappings/1/custom-field: Zendesk field 360001 is already filled by "
                        + "custom-fields.tier",
                "config/enrichment.yaml:9: /mappings/2/custom-field: Zendesk field 360004 is already filled by "
                        + "mappings/0 (Account.Industry)");
    }

    @Test
    void aTemplateReferringToAMissingVariableIsReportedAtItsLine() {
        assertThat(problems(Map.of("templates/outage.mustache", "{{#body}}\n<p>Hi {{firstName}},</p>\n"
                + "<p>{{orderNo}}</p>\n{{/body}}\n")))
                .singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo("templates/outage.mustache");
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.message()).startsWith("unknown variable 'orderNo'");
                });
    }

    @Test
    void aLanguageVariantSaysWhatItsTemplateSays() {
        assertThat(ConfigValidator.read(Path.of("."))).as("the repository ships one").containsKey(
                "templates/order_delay.de.mustache");
        String outage = "{{#body}}<p>{{title}}</p>{{#startsAt}}<p>{{startsAt}}</p>{{/startsAt}}{{/body}}";
        assertThat(problems(Map.of("templates/outage.mustache", outage,
                "templates/outage.fr.mustache", "{{#body}}<p>{{title}}</p>{{#startsAt}}<p>dès {{startsAt}}</p>"
                        + "{{/startsAt}}{{/body}}"))).isEmpty();

        assertThat(problems(Map.of("templates/outage.mustache", outage,
                "templates/outage.fr.mustache", "{{#body}}<p>{{title}}</p>{{/body}}",
                "templates/outage.de_DE.mustache", outage,
                "templates/nothing.it.mustache", outage)))
                .extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                        "templates/nothing.it.mustache: a language variant of nothing, but templates/nothing.mustache "
                                + "(the default language) does not exist",
                        "templates/outage.de_DE.mustache: 'de_DE' is not a language tag as Kairos writes them (de, "
                                + "pt-BR): name the file outage.de-DE.mustache",
                        "templates/outage.fr.mustache: language variant of outage lacks startsAt, which "
                                + "templates/outage.mustache uses");
    }

    @Test
    void anUnclosedSectionIsReportedWhereItOpens() {
        assertThat(problems(Map.of("templates/outage.mustache", "{{#body}}\n{{#firstName}}Hi\n{{/body}}\n")))
                .extracting(ConfigProblem::toString)
                .contains("templates/outage.mustache:3: {{/body}} closes section 'firstName' opened on line 2");
    }

    @Test
    void anUnknownZoneAndAMissingTemplateAreCaughtAfterTheSchema() {
        assertThat(problems(Map.of(
                "config/timing.yaml", "types:\n  OUTAGE:\n    default-zone: Mars/Olympus\n",
                "config/messages.yaml", "signals:\n  OUTAGE:\n    template: outage_v2\n")))
                .extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(
                        "config/timing.yaml:3: /types/OUTAGE/default-zone: unknown time zone 'Mars/Olympus'",
                        "config/messages.yaml:3: OUTAGE messages use template 'outage_v2', but "
                                + "templates/outage_v2.mustache does not exist");
    }

    @Test
    void aRouteWhoseIdIsNotItsFileNameIsRejected() {
        assertThat(problems(Map.of("routes/brand-b-webhook-to-inbox.camel.yaml",
                "- route:\n    id: brand-b\n    description: x\n    from:\n      uri: direct:x\n")))
                .extracting(ConfigProblem::toString)
                .containsExactly("routes/brand-b-webhook-to-inbox.camel.yaml:2: the id must be the file name, "
                        + "'brand-b-webhook-to-inbox'");
    }

    @Test
    void aChannelRouteIsItsFileAndSaysWhatItDoes() {
        String channel = read("routes/examples/outbox-to-webhook-message.camel.yaml");

        assertThat(problems(Map.of("routes/outbox-to-webhook-message.camel.yaml", channel))).isEmpty();
        assertThat(problems(Map.of("routes/outbox-to-sms-message.camel.yaml", channel
                .replaceAll("(?s)      - name: description\n        value: >-\n(          .*?\n)+(?=      - name)", ""))))
                .extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder("routes/outbox-to-sms-message.camel.yaml:3: the routeId must be the file "
                        + "name, 'outbox-to-sms-message'", "routes/outbox-to-sms-message.camel.yaml:2: the route "
                        + "needs a description parameter");
    }

    @Test
    void aRouteOrKameletCamelsYamlDslCannotReadIsReportedAtItsLine() {
        String route = read("routes/zendesk-webhook-to-inbox.camel.yaml").replace("        - bean:", "        - been:");
        String kamelet = read("connectors/zendesk-webhook-source.kamelet.yaml")
                .replace("            type: \"byte[]\"", "            tpye: \"byte[]\"");

        assertThat(problems(Map.of("routes/zendesk-webhook-to-inbox.camel.yaml", route,
                "connectors/zendesk-webhook-source.kamelet.yaml", kamelet)))
                .extracting(ConfigProblem::toString).containsExactly(
                        "connectors/zendesk-webhook-source.kamelet.yaml:50: Camel cannot load it: Unsupported field: "
                                + "tpye",
                        "routes/zendesk-webhook-to-inbox.camel.yaml:12: Camel cannot load it: Unknown node id: been");
    }

    @Test
    void anUnknownFileInConfigIsRejectedRatherThanIgnored() {
        assertThatThrownBy(() -> validator.check(Map.of("config/timings.yaml", "quiet-start: \"21:00\"\n")))
                .isInstanceOf(ConfigRejectedException.class)
                .hasMessageContaining("config/timings.yaml: not a Kairos configuration file");
    }

    @Test
    void aBareRouteOrKameletNameIsCheckedAsTheFileItNames() {
        assertThat(problems(Map.of("bars.camel.yaml", "- route:\n    id: bars\n   from: x\n",
                "bars-source.kamelet.yaml", "apiVersion: camel.apache.org/v1\nkind: [\n")))
                .extracting(ConfigProblem::file)
                .containsExactly("connectors/bars-source.kamelet.yaml", "routes/bars.camel.yaml");
        assertThat(ConfigValidator.placed(Map.of("./routes/a.camel.yaml", "", "b.camel.yaml", "", "c.kamelet.yaml", "",
                "config/timing.yaml", ""))).containsOnlyKeys("routes/a.camel.yaml", "routes/b.camel.yaml",
                "connectors/c.kamelet.yaml", "config/timing.yaml");
    }

    @Test
    void aPathKairosCannotPlaceIsAProblemNamingTheFoldersItKnows() {
        for (String path : List.of("notes/x.yaml", "routes/bars.yaml", "routes/examples/bars.camel.yaml",
                "templates/outage.txt", "connectors/x.camel.yaml", "timing.yaml", "bars.yaml", "../routes/x.camel.yaml")) {
            assertThat(problems(Map.of(path, "- route:\n    id: x\n"))).as(path).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(path);
                assertThat(p.message()).startsWith("Kairos does not know this path, so nothing would read it: "
                        + "files go in config/*.yaml, templates/*.mustache, routes/*.camel.yaml, "
                        + "connectors/*.kamelet.yaml");
            });
        }
    }

    @Test
    void theValidateCommandReportsAYamlFileItWouldNotReadAndRefusesAFolderWithNothingToCheck() throws Exception {
        Path root = java.nio.file.Files.createTempDirectory("kairos-validate");
        var out = new java.io.ByteArrayOutputStream();

        assertThat(ValidateCommand.run(new String[] {"validate", root.toString()}, new java.io.PrintStream(out)))
                .isEqualTo(2);
        assertThat(out.toString()).contains("nothing to check under " + root);

        java.nio.file.Files.createDirectories(root.resolve("routes"));
        java.nio.file.Files.writeString(root.resolve("routes/orders.yaml"), "- route:\n    id: orders\n");
        java.nio.file.Files.writeString(root.resolve("routes/README.md"), "# notes\n");
        java.nio.file.Files.copy(Path.of("routes/kairos-errors.camel.yaml"), root.resolve("routes/kairos-errors.camel.yaml"));
        out.reset();

        assertThat(ValidateCommand.run(new String[] {"validate", root.toString()}, new java.io.PrintStream(out)))
                .isEqualTo(1);
        assertThat(out.toString()).contains("routes/orders.yaml: Kairos does not know this path")
                .doesNotContain("README.md").contains("1 problem(s)");
    }

    @Test
    void theValidateCommandExitsNonZeroListingTheProblems() throws Exception {
        Path root = java.nio.file.Files.createTempDirectory("kairos-validate");
        java.nio.file.Files.createDirectories(root.resolve("config"));
        java.nio.file.Files.writeString(root.resolve("config/timing.yaml"), "over-cap: LATER\n");
        var out = new java.io.ByteArrayOutputStream();

        int exit = ValidateCommand.run(new String[] {"validate", root.toString()}, new java.io.PrintStream(out));

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("config/timing.yaml:1: /over-cap: does not have a value in the "
                + "enumeration [\"DEFER\", \"SUPPRESS\"]").contains("1 problem(s)");
        assertThat(ValidateCommand.run(new String[] {"validate", "."}, new java.io.PrintStream(
                new java.io.ByteArrayOutputStream()))).isZero();
    }

    @Test
    void theValidateCommandHasNoOrgAndSaysSo() throws Exception {
        Path root = java.nio.file.Files.createTempDirectory("kairos-validate");
        java.nio.file.Files.createDirectories(root.resolve("config"));
        java.nio.file.Files.createDirectories(root.resolve("templates"));
        java.nio.file.Files.writeString(root.resolve("config/signals.yaml"), read("config/examples/signals.yaml"));
        try (var templates = java.nio.file.Files.list(Path.of("templates"))) {
            for (Path template : templates.toList()) {
                java.nio.file.Files.copy(template, root.resolve("templates").resolve(template.getFileName()));
            }
        }
        var out = new java.io.ByteArrayOutputStream();

        assertThat(ValidateCommand.run(new String[] {"validate", root.toString()}, new java.io.PrintStream(out)))
                .isZero();
        assertThat(out.toString()).contains("fields not checked against the org: no Salesforce org to ask (the "
                + "offline validate command checks files only)").contains("OK: ");
    }

    /** A kind with a German template named in the catalog and a note of its own. */
    private static final String MAINTENANCE_WITH_LOCALES = """
              MAINTENANCE:
                audience: contacts-where
                message:
                  template: maintenance
                  locales: { de: maintenance_de }
                open-tickets:
                  note: maintenance_note
            """;

    /** The 1-based line of the first line of {@code text} that contains {@code part}. */
    static int lineOf(String text, String part) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(part)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line with " + part);
    }

    private static String read(String path) {
        try {
            return java.nio.file.Files.readString(Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
