package io.chorus.api;

/** The life cycle of the local node. */
@Stability(Stability.Level.STABLE)
public enum ClusterStatus {
    /** Created, not started. */
    NEW,
    /** Binding the transport and starting the protocol loop. */
    STARTING,
    /** Running: answering probes, gossiping, possibly joined to a cluster. */
    RUNNING,
    /** Leaving or shutting down. */
    STOPPING,
    /** Stopped for good; a node is not restarted, a new one is created. */
    STOPPED
}
