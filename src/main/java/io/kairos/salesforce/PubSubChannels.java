package io.kairos.salesforce;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.springframework.stereotype.Component;

/**
 * Opens gRPC channels to the Pub/Sub API endpoint of a Salesforce component as camel-salesforce's own client does
 * (its host, port and proxy setting, TLS), for the calls Kairos makes beside the Camel consumer: the stall probe.
 */
@Component
public class PubSubChannels {

    public ManagedChannel open(SalesforceComponent component) {
        ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forAddress(component.getPubSubHost(),
                component.getPubSubPort());
        if (!component.isPubsubAllowUseSystemProxy()) {
            builder.proxyDetector(address -> null);
        }
        return configure(builder).build();
    }

    /** Transport settings; TLS here. */
    protected ManagedChannelBuilder<?> configure(ManagedChannelBuilder<?> builder) {
        return builder;
    }
}
