package io.kairos.support;

import io.grpc.ManagedChannelBuilder;
import io.kairos.salesforce.PubSubChannels;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.salesforce.PubSubApiConsumer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.LifecycleStrategySupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Kairos's Pub/Sub consumers over plaintext, for the loopback stand-in ({@link PubSubStandIn}): camel-salesforce has
 * only a setter for it, called here as each consumer is added. Name this class among the sources of the application
 * being started; it carries no stereotype, so the component scan of other tests' contexts never picks it up.
 */
public class PlaintextPubSub {

    /** Kairos's own Pub/Sub calls (the stall probe) in plaintext too. */
    @Bean
    @Primary
    PubSubChannels plaintextPubSubChannels() {
        return new PubSubChannels() {
            @Override
            protected ManagedChannelBuilder<?> configure(ManagedChannelBuilder<?> builder) {
                return builder.usePlaintext();
            }
        };
    }

    @Bean
    CamelContextConfiguration plaintextPubSubConsumers() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                camel.addLifecycleStrategy(new LifecycleStrategySupport() {
                    @Override
                    public void onServiceAdd(CamelContext context, Service service,
                                             org.apache.camel.Route route) {
                        if (service instanceof PubSubApiConsumer consumer) {
                            consumer.setUsePlainTextConnection(true);
                        }
                    }
                });
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }
}
