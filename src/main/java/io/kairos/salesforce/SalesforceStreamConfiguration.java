package io.kairos.salesforce;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the Salesforce component that only the subscription routes use. */
@Configuration(proxyBeanMethods = false)
class SalesforceStreamConfiguration {

    // Camel owns the component's lifecycle; Spring must not close it a second time.
    @Bean(name = SalesforceStreamComponent.NAME, destroyMethod = "")
    SalesforceStreamComponent salesforceStreamComponent(ObjectProvider<SalesforceStreamStarter> starter) {
        SalesforceStreamComponent component = new SalesforceStreamComponent();
        component.onReplayRejected((channel, error) -> starter.getObject().replayRefused(channel, error));
        return component;
    }
}
