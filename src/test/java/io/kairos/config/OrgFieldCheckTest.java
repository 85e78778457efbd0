package io.kairos.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.proactive.OrgSchema;
import io.kairos.proactive.ProactiveProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalog's Salesforce objects and fields against an org, at the lines that name them. */
class OrgFieldCheckTest {

    private static final Map<String, Set<String>> ORG = Map.of(
            "Account", Set.of("Id", "Name", "Support_Tier__c", "Health_Score__c", "LastModifiedDate"),
            "Contact", Set.of("Id", "Email", "AccountId", "MailingCountry", "Time_Zone__c", "HasOptedOutOfEmail"),
            "Order", Set.of("Id", "Status", "AccountId", "EffectiveDate", "LastModifiedDate"),
            "Opportunity", Set.of("Id", "StageName", "LastModifiedDate"),
            "AccountContactRelation", Set.of("Id", "AccountId", "ContactId", "Roles"),
            // A platform event is described like any object.
            "Order_Delayed__e", Set.of("ReplayId", "CreatedDate", "CreatedById", "EventUuid", "Order__c",
                    "Reason__c", "Severity__c"));

    private final List<String> asked = new ArrayList<>();
    private final OrgSchema org = sobject -> {
        asked.add(sobject);
        return Optional.ofNullable(ORG.get(sobject));
    };

    private static final String CHURN = """
            kinds:
              CHURN_RISK:
                audience: account-contacts
                audience-role: "Decision Maker"
                sources:
                  - change-event:
                      channel: /data/AccountChangeEvent
                      entity: Account
                      field: Health_Score__c
                      below: 40
            """;

    @Test
    void fieldsTheOrgHasPassAndEachObjectIsAskedOnce() {
        String catalog = CHURN + """
                  OUTAGE:
                    audience: contacts-where
                  SHIPPING:
                    audience: order-contact
                    sources:
                      - schedule: {every: 1d, soql: "SELECT Id FROM Order WHERE Status = 'Activated' AND EffectiveDate = TODAY", title: "Ships"}
                """;

        OrgFieldCheck.Result result = check(catalog);

        assertThat(result.problems()).isEmpty();
        assertThat(result.skipped()).isEmpty();
        assertThat(asked).containsExactlyInAnyOrder("Account", "AccountContactRelation", "Contact", "Order");
    }

    @Test
    void aFieldTheOrgLacksIsAProblemAtItsLine() {
        String catalog = CHURN.replace("Health_Score__c", "Health_Scor__c");

        assertThat(check(catalog).problems()).extracting(ConfigProblem::toString).containsExactly(
                "config/signals.yaml:9: /kinds/CHURN_RISK/sources/0/change-event/field: Account has no field "
                        + "Health_Scor__c (INVALID_FIELD)");
    }

    @Test
    void namesAreComparedIgnoringCaseAsSoqlDoes() {
        assertThat(check(CHURN.replace("Health_Score__c", "health_score__C")).problems()).isEmpty();
    }

    @Test
    void anObjectTheOrgLacksIsAProblemAtTheEntity() {
        String catalog = CHURN.replace("entity: Account", "entity: Acount");

        assertThat(check(catalog).problems()).extracting(ConfigProblem::toString).containsExactly(
                "config/signals.yaml:8: /kinds/CHURN_RISK/sources/0/change-event/entity: the org has no object Acount "
                        + "(INVALID_TYPE)");
    }

    @Test
    void anAccountContactsRuleOnAnotherObjectNeedsItsAccountId() {
        String catalog = """
                kinds:
                  WON:
                    audience: account-contacts
                    sources:
                      - change-event: {channel: /data/OpportunityChangeEvent, entity: Opportunity, field: StageName, becomes: Closed Won}
                """;

        assertThat(check(catalog).problems()).extracting(ConfigProblem::message).containsExactly(
                "/kinds/WON/sources/0/change-event/field: Opportunity has no field AccountId (INVALID_FIELD)");
    }

    @Test
    void aScheduledQuerysObjectAndTheFieldsItsWhereComparesAreChecked() {
        String catalog = """
                kinds:
                  SHIPPING:
                    audience: order-contact
                    sources:
                      - schedule: {every: 1d, soql: "SELECT Id FROM Order WHERE Shipping_Date__c = TODAY AND Status != 'Ship_Date__c = 1'", title: "Ships"}
                  TRIAL:
                    audience: account-contacts
                    sources:
                      - schedule: {every: 1d, soql: "SELECT Id FROM Acount", title: "Trial ends"}
                  SUBQUERY:
                    audience: account-contacts
                    sources:
                      - schedule: {every: 1d, soql: "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE Unknown__c = 1)", title: "x"}
                """;

        assertThat(check(catalog).problems()).extracting(ConfigProblem::toString).containsExactly(
                "config/signals.yaml:5: /kinds/SHIPPING/sources/0/schedule/soql: Order has no field Shipping_Date__c "
                        + "(INVALID_FIELD)",
                "config/signals.yaml:9: /kinds/TRIAL/sources/0/schedule/soql: the org has no object Acount "
                        + "(INVALID_TYPE)");
    }

    @Test
    void theAudienceAllowListIsCheckedOnContactAndAccountOnceForAllContactsWhereKinds() {
        String catalog = """
                kinds:
                  OUTAGE:
                    audience: contacts-where
                  ANNOUNCEMENT:
                    audience: contacts-where
                """;

        assertThat(OrgFieldCheck.check(YamlDocument.parse(SignalCatalogFile.PATH, catalog),
                List.of("Email", "Region__c", "Account.Name", "Account.Segment__c"), org).problems())
                .extracting(ConfigProblem::toString).containsExactly(
                        "config/signals.yaml:3: /kinds/OUTAGE/audience: Contact has no field Region__c "
                                + "(INVALID_FIELD), which kairos.proactive.audience-fields lets a contacts-where "
                                + "audience use",
                        "config/signals.yaml:3: /kinds/OUTAGE/audience: Account has no field Segment__c "
                                + "(INVALID_FIELD), which kairos.proactive.audience-fields lets a contacts-where "
                                + "audience use");
    }

    @Test
    void aRoleNeedsAccountContactRelationRoles() {
        OrgSchema withoutRelations = sobject -> "AccountContactRelation".equals(sobject) ? Optional.empty()
                : Optional.ofNullable(ORG.get(sobject));

        assertThat(OrgFieldCheck.check(YamlDocument.parse(SignalCatalogFile.PATH, CHURN),
                ProactiveProperties.DEFAULT_AUDIENCE_FIELDS, withoutRelations).problems())
                .extracting(ConfigProblem::toString).containsExactly("config/signals.yaml:4: "
                        + "/kinds/CHURN_RISK/audience-role: the org has no object AccountContactRelation "
                        + "(INVALID_TYPE); a role needs Contacts to Multiple Accounts");
    }

    @Test
    void aPlatformEventSourcesEventAndTheFieldsItsMappingReadsAreChecked() {
        String catalog = """
                kinds:
                  ORDER_DELAY:
                    audience: order-contact
                    sources:
                      - platform-event:
                          channel: /event/Order_Delayed__e
                          fields: {recordId: Order__c, title: reason__c, body: Details__c}
                  SHIPPED:
                    audience: order-contact
                    sources:
                      - platform-event: {channel: /event/Order_Shipped__e, fields: {recordId: Order__c}}
                """;

        assertThat(check(catalog).problems()).extracting(ConfigProblem::toString).containsExactly(
                "config/signals.yaml:7: /kinds/ORDER_DELAY/sources/0/platform-event/fields/body: Order_Delayed__e "
                        + "has no field Details__c (INVALID_FIELD)",
                "config/signals.yaml:11: /kinds/SHIPPED/sources/0/platform-event/channel: the org has no platform "
                        + "event Order_Shipped__e (INVALID_TYPE)");
        assertThat(asked).containsExactlyInAnyOrder("Order_Delayed__e", "Order_Shipped__e");
    }

    @Test
    void anOrgThatCannotBeAskedSkipsTheCheckSayingWhy() {
        OrgSchema down = sobject -> {
            throw new OrgSchema.Unavailable("Salesforce did not answer describe Account (503)");
        };

        OrgFieldCheck.Result result = OrgFieldCheck.check(YamlDocument.parse(SignalCatalogFile.PATH,
                CHURN.replace("Health_Score__c", "Nope__c")), ProactiveProperties.DEFAULT_AUDIENCE_FIELDS, down);

        assertThat(result.problems()).isEmpty();
        assertThat(result.skipped()).contains("Salesforce did not answer describe Account (503)");
    }

    @Test
    void withoutACatalogFileNothingIsAsked() {
        assertThat(OrgFieldCheck.check(null, ProactiveProperties.DEFAULT_AUDIENCE_FIELDS, org))
                .isEqualTo(new OrgFieldCheck.Result(List.of(), Optional.empty()));
        assertThat(asked).isEmpty();
    }

    private OrgFieldCheck.Result check(String catalog) {
        return OrgFieldCheck.check(YamlDocument.parse(SignalCatalogFile.PATH, catalog),
                ProactiveProperties.DEFAULT_AUDIENCE_FIELDS, org);
    }
}
