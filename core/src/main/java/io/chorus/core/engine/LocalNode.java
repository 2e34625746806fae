package io.chorus.core.engine;

import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Tags;

/**
 * This node's own entry as the protocol sees it: its peer (known once the transport is bound), its
 * incarnation and tags, whether it runs or is leaving, and the sequence numbers of its probes and
 * pings. Owned by the loop; every part reads it, and only the parts that change this node's own
 * state ({@link Membership} on refutation and tag changes, {@link Joining} on leave) write it.
 */
final class LocalNode {
    Peer peer;
    long incarnation;
    Tags tags;
    boolean running;
    boolean leaving;
    private int seq;

    LocalNode(long incarnation, Tags tags) {
        this.incarnation = incarnation;
        this.tags = tags;
    }

    /** @param p a peer @return whether it is this node's name (at any address) */
    boolean named(Peer p) {
        return p.name().equals(peer.name());
    }

    /** @return the next probe or ping sequence number, shared by every ping this node sends */
    int nextSeq() {
        seq = (seq + 1) & 0x7fffffff;
        return seq;
    }
}
