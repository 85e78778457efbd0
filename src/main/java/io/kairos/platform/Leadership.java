package io.kairos.platform;

/**
 * Whether this replica holds a leader-only role (the Salesforce subscriber). With leader election on, one replica
 * at a time holds it through a Kubernetes Lease (Camel's Kubernetes cluster service); with it off (one instance,
 * the sandbox, tests) this replica holds every role from the start.
 */
public interface Leadership {

    /** Tells the listener when this replica gains the role and when it loses it; may call it at once. */
    void watch(String role, Listener listener);

    /** This replica's name among the candidates (the pod name on Kubernetes). */
    String memberId();

    /** Hears of one role's leadership; called from a thread of the election, so it must hand work off quickly. */
    interface Listener {

        void granted();

        void revoked();
    }
}
