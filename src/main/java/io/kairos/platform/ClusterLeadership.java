package io.kairos.platform;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election through a Camel cluster service (on Kubernetes: Leases, one per role, held by a pod): a role's
 * listener hears granted when this replica's member becomes the view's leader and revoked when it stops being it,
 * including when its lease could not be renewed in time.
 */
class ClusterLeadership implements Leadership {

    private static final Logger log = LoggerFactory.getLogger(ClusterLeadership.class);

    private final CamelClusterService service;
    private final Map<String, CamelClusterView> views = new ConcurrentHashMap<>();

    ClusterLeadership(CamelClusterService service) {
        this.service = service;
    }

    @Override
    public void watch(String role, Listener listener) {
        CamelClusterView view = views.computeIfAbsent(role, this::view);
        Tracker tracker = new Tracker(role, listener);
        view.addEventListener(tracker);
        // The election may have settled before the listener was added.
        tracker.leadershipChanged(view, view.getLeader().orElse(null));
    }

    @Override
    public String memberId() {
        return views.values().stream().findFirst().map(view -> view.getLocalMember().getId())
                .orElseGet(() -> new SoleLeadership().memberId());
    }

    private CamelClusterView view(String role) {
        try {
            return service.getView(role);
        } catch (Exception e) {
            throw new IllegalStateException("leader election for " + role + " could not start: " + e.getMessage(), e);
        }
    }

    /** Turns the view's leader changes into granted/revoked for this replica, each once per change. */
    private static final class Tracker implements CamelClusterEventListener.Leadership {

        private final String role;
        private final Listener listener;
        private boolean leading;

        Tracker(String role, Listener listener) {
            this.role = role;
            this.listener = listener;
        }

        @Override
        public void leadershipChanged(CamelClusterView view, CamelClusterMember leader) {
            boolean local = leader != null && leader.isLocal();
            synchronized (this) {
                if (local == leading) {
                    return;
                }
                leading = local;
            }
            log.info("Leadership of {}: {} ({})", role, local ? "this replica leads" : "this replica does not lead",
                    leader == null ? "no leader" : leader.getId());
            if (local) {
                listener.granted();
            } else {
                listener.revoked();
            }
        }
    }
}
