package io.chorus.api.spi;

import io.chorus.api.NodeId;
import io.chorus.api.Stability;

/**
 * Decides whether a member whose probe went unanswered is suspected. The engine drives the
 * probes (SWIM: direct, then indirect through k members); the detector sees every sign of life
 * and gives the verdict. Called only from the protocol loop: no locking needed, and no blocking
 * allowed.
 */
@Stability(Stability.Level.STABLE)
public interface FailureDetector {
    /**
     * A sign of life: an ack to a probe (direct or relayed), or a packet the member sent itself.
     *
     * @param member the member
     * @param nowNanos the engine clock
     */
    void heartbeat(NodeId member, long nowNanos);

    /**
     * A probe round (direct and indirect) ended with no ack.
     *
     * @param member the member
     * @param nowNanos the engine clock
     * @return whether to suspect it now; false waits for a later round
     */
    boolean suspect(NodeId member, long nowNanos);

    /**
     * The member is gone (DEAD, LEFT or forgotten); drop what is kept for it.
     *
     * @param member the member
     */
    void remove(NodeId member);
}
