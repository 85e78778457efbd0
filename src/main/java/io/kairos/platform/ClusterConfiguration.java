package io.kairos.platform;

import org.apache.camel.cluster.CamelClusterService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Leader election for the leader-only roles: Camel's Kubernetes cluster service when
 * {@code kairos.cluster.leader-election} is true (several replicas on Kubernetes), else this replica alone.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    static final String LEADER_ELECTION = "kairos.cluster.leader-election";

    @Bean
    @ConditionalOnProperty(name = LEADER_ELECTION, havingValue = "true")
    Leadership clusterLeadership(ObjectProvider<CamelClusterService> services) {
        CamelClusterService service = services.getIfAvailable();
        if (service == null) {
            throw new IllegalStateException(LEADER_ELECTION + " is true but no Camel cluster service is configured "
                    + "(camel.cluster.kubernetes.enabled follows it unless set otherwise)");
        }
        return new ClusterLeadership(service);
    }

    @Bean
    @ConditionalOnProperty(name = LEADER_ELECTION, havingValue = "false", matchIfMissing = true)
    Leadership soleLeadership() {
        return new SoleLeadership();
    }
}
