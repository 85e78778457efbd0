package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.proactive.ChangeRule.Condition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeRuleTest {

    private static final String ACCOUNTS = "/data/AccountChangeEvent";
    private static final ChangeRule HEALTH_BELOW_40 = new ChangeRule(ACCOUNTS, "Account", "Health_Score__c",
            Condition.BELOW, "40");
    private static final List<String> HEALTH_CHANGED = List.of("Health_Score__c", "LastModifiedDate");

    @Test
    void belowHoldsOnlyForANumberUnderTheThreshold() {
        assertThat(HEALTH_BELOW_40.matches(HEALTH_CHANGED, "39.5")).isTrue();
        assertThat(HEALTH_BELOW_40.matches(HEALTH_CHANGED, "12")).isTrue();
        assertThat(HEALTH_BELOW_40.matches(HEALTH_CHANGED, "40")).as("40 is not below 40").isFalse();
        assertThat(HEALTH_BELOW_40.matches(HEALTH_CHANGED, "87")).isFalse();
    }

    @Test
    void aboveHoldsOnlyForANumberOverTheThreshold() {
        ChangeRule above = new ChangeRule(ACCOUNTS, "Account", "Health_Score__c", Condition.ABOVE, "80");

        assertThat(above.matches(HEALTH_CHANGED, "80.01")).isTrue();
        assertThat(above.matches(HEALTH_CHANGED, "80")).isFalse();
        assertThat(above.matches(HEALTH_CHANGED, "-3")).isFalse();
    }

    @Test
    void becomesComparesTheNewValueIgnoringCase() {
        ChangeRule won = new ChangeRule("/data/OpportunityChangeEvent", "Opportunity", "StageName",
                Condition.BECOMES, "Closed Won");
        List<String> stage = List.of("StageName");

        assertThat(won.matches(stage, "Closed Won")).isTrue();
        assertThat(won.matches(stage, "closed won")).isTrue();
        assertThat(won.matches(stage, "Closed Lost")).isFalse();
    }

    @Test
    void aFieldThatDidNotChangeOrWasClearedMeetsNoCondition() {
        assertThat(HEALTH_BELOW_40.matches(List.of("Name", "LastModifiedDate"), "12"))
                .as("the value is below 40, but this update did not change the score").isFalse();
        assertThat(HEALTH_BELOW_40.matches(HEALTH_CHANGED, null)).as("score cleared").isFalse();
        assertThat(HEALTH_BELOW_40.matches(List.of(), "12")).isFalse();
    }

    @Test
    void aNonNumericValueForANumberConditionIsRefusedNamingTheField() {
        assertThatThrownBy(() -> HEALTH_BELOW_40.matches(HEALTH_CHANGED, "Red"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Account.Health_Score__c is 'Red', not a number");
        assertThatThrownBy(() -> new ChangeRule(ACCOUNTS, "Account", "Health_Score__c", Condition.ABOVE, "high"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above is 'high', not a number");
    }

    @Test
    void anEventConcernsTheRuleOnItsChannelAndEntity() {
        assertThat(HEALTH_BELOW_40.concerns(ACCOUNTS, "Account")).isTrue();
        assertThat(HEALTH_BELOW_40.concerns(ACCOUNTS, null)).as("no entity name: the channel's object").isTrue();
        assertThat(HEALTH_BELOW_40.concerns("/data/ChangeEvents", "Account")).isFalse();
        assertThat(HEALTH_BELOW_40.concerns(ACCOUNTS, "Contact")).isFalse();
    }

    @Test
    void anAccountContactsKindNamesItsRecordEntity() {
        SignalKind churn = new SignalKind(Signal.Type.valueOf("CHURN_RISK"), "", SignalKind.Audience.ACCOUNT_CONTACTS,
                Set.of(SignalKind.Source.CHANGE_EVENT), List.of(HEALTH_BELOW_40), "Decision Maker");
        SignalKind byApi = new SignalKind(Signal.Type.valueOf("CHECK_IN"), "", SignalKind.Audience.ACCOUNT_CONTACTS,
                Set.of(SignalKind.Source.API));

        assertThat(churn.recordEntity()).isEqualTo("Account");
        assertThat(byApi.recordEntity()).isEqualTo("Account");
        assertThat(new SignalKind(churn.type(), "", churn.audience(), churn.sources(), List.of(new ChangeRule(
                "/data/OpportunityChangeEvent", "Opportunity", "StageName", Condition.BECOMES, "Closed Won")), null)
                .recordEntity()).isEqualTo("Opportunity");
    }
}
