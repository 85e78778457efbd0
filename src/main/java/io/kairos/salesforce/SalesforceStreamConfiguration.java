package io.kairos.salesforce;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the Salesforce component that only the subscription routes use. */
@Configuration(proxyBeanMethods = false)
class SalesforceStreamConfiguration {

    // Camel owns the component's lifecycle; Spring must not close it a second time.
    @Bean(name = SalesforceStreamComponent.NAME, destroyMethod = "")
    SalesforceStreamComponent salesforceStreamComponent() {
        return new SalesforceStreamComponent();
    }
}
