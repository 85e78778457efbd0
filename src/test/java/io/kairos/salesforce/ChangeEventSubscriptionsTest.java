package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.proactive.ChangeRule;
import io.kairos.proactive.Signal;
import io.kairos.proactive.SignalCatalog;
import io.kairos.proactive.SignalKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which channels the catalog asks to subscribe and each one's route id (the routes: PubSubChangeEventSourceIT). */
class ChangeEventSubscriptionsTest {

    @Test
    void aChannelsRouteIdIsItsNameInKebabCase() {
        assertThat(ChangeEventSubscriptions.routeId("/data/AccountChangeEvent"))
                .isEqualTo("salesforce-change-account-change-event-to-inbox");
        assertThat(ChangeEventSubscriptions.routeId("/data/Health_Score__ChangeEvent"))
                .isEqualTo("salesforce-change-health-score-change-event-to-inbox");
        assertThat(ChangeEventSubscriptions.routeId("/data/Kairos__chn"))
                .isEqualTo("salesforce-change-kairos-chn-to-inbox");
        assertThat(ChangeEventSubscriptions.routeId("/event/Order_Delayed__e"))
                .isEqualTo("salesforce-event-order-delayed-to-inbox");
    }

    @Test
    void theChannelsAreThoseOfTheCatalogsChangeRulesOnceEach() {
        assertThat(ChangeEventSubscriptions.channels(SignalCatalog.BUILT_IN))
                .as("order-change is subscribed by its route file").isEmpty();

        List<SignalKind> kinds = new ArrayList<>(SignalCatalog.BUILT_IN.kinds().values());
        kinds.add(kind("CHURN_RISK", new ChangeRule("/data/AccountChangeEvent", "Account", "Health_Score__c",
                ChangeRule.Condition.BELOW, "40")));
        kinds.add(kind("RENEWAL_RISK", new ChangeRule("/data/AccountChangeEvent", "Account", "Rating",
                ChangeRule.Condition.BECOMES, "Cold")));
        kinds.add(kind("ONBOARDING", new ChangeRule("/data/OpportunityChangeEvent", "Opportunity", "StageName",
                ChangeRule.Condition.BECOMES, "Closed Won")));

        assertThat(ChangeEventSubscriptions.channels(SignalCatalog.of(kinds)))
                .containsExactly("/data/AccountChangeEvent", "/data/OpportunityChangeEvent");
    }

    @Test
    void theOrgsOwnPlatformEventChannelsOfTheCatalogAreSubscribedToo() {
        List<SignalKind> kinds = new ArrayList<>(SignalCatalog.BUILT_IN.kinds().values());
        kinds.add(kind("CHURN_RISK", new ChangeRule("/data/AccountChangeEvent", "Account", "Health_Score__c",
                ChangeRule.Condition.BELOW, "40")));
        kinds.add(new SignalKind(Signal.Type.valueOf("LATE_ORDER"), "", SignalKind.Audience.ORDER_CONTACT,
                Set.of(SignalKind.Source.MAPPED_EVENT), List.of(), null, List.of(), null, List.of(
                new SignalKind.EventSource("/event/Order_Delayed__e", new SignalKind.EventFields("Order__c", null,
                        null, null, null, null, null), Signal.Severity.NORMAL))));

        assertThat(ChangeEventSubscriptions.channels(SignalCatalog.of(kinds)))
                .containsExactly("/data/AccountChangeEvent", "/event/Order_Delayed__e");
    }

    private static SignalKind kind(String name, ChangeRule rule) {
        return new SignalKind(Signal.Type.valueOf(name), "", SignalKind.Audience.ACCOUNT_CONTACTS,
                Set.of(SignalKind.Source.CHANGE_EVENT), List.of(rule), null);
    }
}
