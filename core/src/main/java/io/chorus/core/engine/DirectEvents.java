package io.chorus.core.engine;

import io.chorus.api.Address;
import io.chorus.core.wire.Peer;
import java.util.List;

/** Sends a user event too large for gossip straight to each member, off the protocol loop. */
@FunctionalInterface
public interface DirectEvents {
    /** Sends nothing. */
    DirectEvents NONE = (to, inflates, origin, stream, seq, low, flags, topic, payload) -> { };

    /**
     * @param to the members to send it to
     * @param inflates for each of {@code to}, whether it said it inflates compressed frames
     * @param origin this node
     * @param stream its event stream
     * @param seq the event's number
     * @param low the oldest of this node's ordered events still gossiped
     * @param flags event flags ({@link io.chorus.core.wire.Codec#EVENT_DIRECT} set)
     * @param topic the topic's wire bytes
     * @param payload the payload
     */
    void send(List<Address> to, boolean[] inflates, Peer origin, long stream, long seq, long low, int flags, byte[] topic,
            byte[] payload);
}
