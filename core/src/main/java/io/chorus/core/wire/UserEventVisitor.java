package io.chorus.core.wire;

/** Receives user events, from the protocol codec (gossiped) and from the user codec (sent directly). */
public interface UserEventVisitor {
    /**
     * A user event.
     *
     * @param origin the member that broadcast it
     * @param stream the origin's stream id
     * @param seq its sequence number in the stream
     * @param low the oldest ordered event its origin broadcast within the reorder window
     * @param flags {@link Codec#EVENT_COALESCE}, {@link Codec#EVENT_DIRECT}
     * @param topic its topic, checked against the rule
     * @param payload the buffer holding the payload, valid during the call only
     * @param offset where the payload starts
     * @param length its length
     */
    void userEvent(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] payload, int offset,
            int length);
}
